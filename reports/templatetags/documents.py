"""Dates and numbers as the county's documents write them: 二〇二三年十二月, 第12期, 一、二、三."""

import base64
import datetime as dt
import re

from django import template
from django.utils.safestring import mark_safe

from core.formatting import quantize
from core.tables import STYLE_COLLECTOR

register = template.Library()

DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0–99 in Chinese numerals as counted (十二, 二十, 三十一); larger numbers digit by digit."""
    n = int(n)
    if n < 0:
        return "负" + chinese_number(-n)
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + ("" if units == 0 else DIGITS[units])
    return "".join(DIGITS[int(d)] for d in str(n))


def chinese_year(year: int) -> str:
    """2023 → 二〇二三 (a year is read digit by digit)."""
    return "".join(DIGITS[int(d)] for d in str(int(year)))


@register.filter
def cn_numeral(value):
    """12 → 十二 (section numbers 一、二、…, 第十二期)."""
    try:
        return chinese_number(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def magnitude(value, places=1):
    """The size of a signed figure, rounded half-up, for text that says the sign in words: −7.43 → 7.4
    (滞后 7.4 个百分点)."""
    d = quantize(value, int(places))
    return "—" if d is None else f"{abs(d):.{int(places)}f}"


@register.filter
def cn_date(value: dt.date | None, precision: str = "day") -> str:
    """A date in Chinese numerals: 二〇二三年十二月三十一日 (``precision`` "month": 二〇二三年十二月)."""
    if not value:
        return ""
    text = f"{chinese_year(value.year)}年{chinese_number(value.month)}月"
    return text if precision == "month" else f"{text}{chinese_number(value.day)}日"


@register.filter
def zh_date(value: dt.date | None, precision: str = "day") -> str:
    """A date in Arabic numerals as GB/T 9704 writes it: 2023年12月31日 (``precision`` "month": 2023年12月)."""
    if not value:
        return ""
    text = f"{value.year}年{value.month}月"
    return text if precision == "month" else f"{text}{value.day}日"


@register.inclusion_tag("reports/_table.html", takes_context=True)
def report_table(context, table, variant="pdf", compact=False):
    """A core.tables.Table as HTML: ``variant`` "pdf" (document style; its column widths and cell colours go to
    the stylesheet that reports.pdf hands to WeasyPrint) or "screen" (Bootstrap; colours show as the band marks)."""
    screen = variant == "screen"
    collector = context.get(STYLE_COLLECTOR)
    if not screen and collector is not None:
        collector.append(table.pdf_css())
    return {"table": table, "screen": screen, "compact": compact}


@register.filter
def svg_image(svg) -> str:
    """An SVG chart as ``<img src="data:image/svg+xml;base64,…">`` for the PDF: WeasyPrint then reads it with its
    XML parser instead of its HTML parser, about twice as fast for the same picture (the text stays selectable)."""
    if not svg:
        return ""
    svg = str(svg)
    root = svg[: svg.index(">")] if ">" in svg else ""
    size = {k: v for k, v in re.findall(r'\s(width|height)="([\d.]+)"', root)}
    label = re.search(r'aria-label="([^"]*)"', root)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    width = f' width="{size["width"]}"' if "width" in size else ""
    height = f' height="{size["height"]}"' if "height" in size else ""
    alt = label.group(1) if label else ""  # already escaped inside the SVG
    return mark_safe(f'<img class="chart" src="data:image/svg+xml;base64,{data}"{width}{height} alt="{alt}">')
