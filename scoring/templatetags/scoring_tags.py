"""Links from score pages to the records behind the figures, and colour swatches of the five-colour bands."""

from decimal import Decimal
from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.formatting import decimals, iso_day, plain, yi
from core.links import fast_url
from scoring.rules.scheme import REWARD_PLACES
from targets.access import may_view_unit

register = template.Library()


@register.simple_tag
def record_url(kind, pk):
    """The record's page (contract, start, funds, report, activity)."""
    return fast_url("projects:record", kind, pk) if pk else ""


@register.simple_tag
def event_url(pk):
    """A required event or training (its attendance list)."""
    return fast_url("projects:event", pk) if pk else ""


@register.simple_tag
def project_url(pk):
    return fast_url("projects:detail", pk) if pk else ""


@register.simple_tag
def unit_score_url(year, unit_id, as_of=None, user=None):
    """The unit's score page, or "" when ``user`` may not open it."""
    if user is not None and not may_view_unit(user, unit_id):
        return ""
    url = reverse("scoring:unit", args=[year, unit_id])
    return f"{url}?as_of={as_of:%Y-%m-%d}" if as_of else url


@register.simple_tag
def band_badge(band, text=None):
    """A coloured badge naming the band (readable without colour: it carries the band's name). The colours come
    from the scheme's stylesheet (scoring:bands_css), not from inline styles, which the CSP forbids."""
    if band is None:
        return ""
    return format_html(
        '<span class="band-badge band-{}" title="{}">{}</span>', band.code, band.label, text or band.label
    )


@register.filter
def yes_no(value):
    return "是" if value else "否"


@register.filter("plain")
def plain_filter(value):
    """A decimal without trailing zeros: 155.8000 → 155.8 (counts weighted by shares); anything else as it is."""
    return plain(value) if isinstance(value, Decimal) else value


@register.filter
def reward_reading(rules) -> str:
    """Which reading of the reward places (ambiguity G) the scores used, as the ranking pages say it."""
    return REWARD_PLACES.get(rules.reward_places, rules.reward_places)


# --- the unit score page's record tables: a unit of a city-scale year has hundreds of rows in each; built here they
# cost a tenth of the same rows through the template engine (bench/score_bench.py), with the same HTML.


def _project_link(line) -> str:
    url = project_url(line.project_id)
    text = f"{escape(line.code)} {escape(line.name)}"
    return f'<a href="{escape(url)}">{text}</a>' if url else text


def _rows(lines, render, empty: str):
    if not lines:
        return mark_safe(empty)
    return mark_safe("".join(render(line) for line in lines))


@register.simple_tag
def contract_rows(lines):
    def row(c):
        url = record_url("contract", c.record_id)
        record = f'<a href="{escape(url)}">合同 #{c.record_id}</a>' if url else f"合同 #{c.record_id}"
        return (
            f'\n    <tr><td class="text-nowrap" data-label="签约日期">{iso_day(c.date)}</td>'
            f'<td class="project-name">{_project_link(c)}</td>\n'
            f'      <td class="num" data-label="合同金额（亿元）">{yi(c.amount, 4)}</td>'
            f'<td class="num" data-label="本单位分成">{decimals(c.share, 2)}%</td>'
            f'<td class="num" data-label="计入（亿元）">{yi(c.credited, 4)}</td>\n'
            f'      <td data-label="合同记录">{record}</td></tr>\n  '
        )

    return _rows(lines, row, '<tr><td colspan="6" class="text-muted">无</td></tr>')


@register.simple_tag
def funds_rows(lines):
    def row(f):
        return (
            f'\n    <tr><td class="project-name">{_project_link(f)}</td>\n'
            f'      <td class="text-nowrap" data-label="开工日期">{iso_day(f.started_on)}</td>'
            f'<td class="num" data-label="月数">{f.months}</td>'
            f'<td data-label="月份">{f.date[0].month}–{f.date[1].month}月</td>\n'
            f'      <td class="num" data-label="到位资金（亿元）">{yi(f.amount, 4)}</td>'
            f'<td class="num" data-label="本单位分成">{decimals(f.share, 2)}%</td>'
            f'<td class="num" data-label="计入（亿元）">{yi(f.credited, 4)}</td></tr>\n  '
        )

    return _rows(lines, row, '<tr><td colspan="7" class="text-muted">无</td></tr>')


@register.simple_tag
def window_rows(lines):
    def row(p):
        if p.started_on:
            started = iso_day(p.started_on) + ("" if p.counted else "（晚于截止日）")
        else:
            started = "未开工"
        credited = decimals(p.credited, 4)
        return (
            f'\n    <tr><td class="project-name">{_project_link(p)}</td>\n'
            f'      <td class="text-nowrap" data-label="首次正式合同">{iso_day(p.date)}</td>'
            f'<td data-label="开工日期">{started}</td>\n'
            f'      <td class="num" data-label="本单位分成">{decimals(p.share, 2)}%</td>'
            f'<td class="num" data-label="计入签约数">{credited}</td>'
            f'<td class="num" data-label="计入开工数">{credited if p.counted else "0"}</td></tr>\n  '
        )

    return _rows(lines, row, '<tr><td colspan="6" class="text-muted">无</td></tr>')
