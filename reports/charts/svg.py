"""The small SVG toolkit the charts share: elements, scales, text widths, fills that survive greyscale print.

No JavaScript, no CSS classes that the page must supply, no `dominant-baseline` (WeasyPrint reads only part of it):
positions are computed here so a chart looks the same in the browser and in the PDF.
"""

import hashlib
import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape

FONT_FAMILY = "'Wushan Sans SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
INK = "#222"
GRID = "#d0d0d0"
AXIS = "#555"
NAVY = "#1f3b63"
RED = "#c00000"
LIGHT = "#9db3cf"
GREY = "#8c8c8c"

Number = Decimal | int | float

# Fills by name: solid colours and hatch/dot patterns, so series stay apart in greyscale.
# name -> (pattern kind or None, colour, background)
FILLS = {
    "solid": (None, NAVY, None),
    "hatch": ("hatch", NAVY, "#ffffff"),
    "light": (None, LIGHT, None),
    "dots": ("dots", NAVY, "#ffffff"),
    "alert": ("hatch", RED, "#fbe3e3"),
    "muted": (None, "#c8c8c8", None),
    "grey": (None, GREY, None),
}
SERIES_FILLS = ("solid", "hatch", "light", "dots", "grey")


def num(value: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, so the output is short and stable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def to_float(value: Number | None) -> float | None:
    if value is None:
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def text_width(text: str, size: float) -> float:
    """Estimated advance of ``text`` at ``size`` px: CJK and full-width forms 1 em, digits and Latin ~0.56 em."""
    width = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            width += 1.0
        elif char in " .,:;!|'":
            width += 0.3
        else:
            width += 0.58
    return width * size


def wrap(text: str, max_width: float, size: float, max_lines: int = 3) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``max_width`` (CJK text breaks anywhere)."""
    if text_width(text, size) <= max_width or max_lines <= 1:
        return [text]
    lines, current = [], ""
    for char in text:
        if current and text_width(current + char, size) > max_width:
            lines.append(current)
            current = ""
        current += char
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + ["".join(lines[max_lines - 1 :])]
    return lines


def nice_scale(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """An axis from ``low`` to ``high`` that includes 0, with a step of 1, 2, 2.5 or 5 × 10ⁿ."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1.0
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def tick_values(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + i * step, 10) for i in range(count + 1)]


def default_tick_format(value_format: Callable) -> Callable:
    def fmt(value: float) -> str:
        return value_format(Decimal(str(value)))

    return fmt


def chart_id(*parts) -> str:
    """A stable id prefix for a chart's patterns: unique per content, identical for identical input."""
    return "wxc" + hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def attrs(**attributes) -> str:
    out = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = num(value)
        out.append(f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def el(tag: str, content: str | None = None, **attributes) -> str:
    if content is None:
        return f"<{tag}{attrs(**attributes)}/>"
    return f"<{tag}{attrs(**attributes)}>{content}</{tag}>"


def text(x: float, y: float, content: str, *, size: float = 12, anchor: str = "start", weight=None, fill=INK, **extra):
    """Text whose ``y`` is the vertical centre of the line (no dominant-baseline: it is computed here)."""
    return el(
        "text",
        escape(content),
        x=x,
        y=y + size * 0.36,
        font_size=size,
        text_anchor=anchor if anchor != "start" else None,
        font_weight=weight,
        fill=fill,
        **extra,
    )


def pattern_defs(uid: str, names: Iterable[str]) -> str:
    defs = []
    for name in sorted(set(names)):
        kind, colour, background = FILLS[name]
        if kind == "hatch":
            body = el("rect", width=6, height=6, fill=background) + el(
                "path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke=colour, stroke_width=1.6
            )
        elif kind == "dots":
            body = el("rect", width=5, height=5, fill=background) + el("circle", cx=2.5, cy=2.5, r=1.3, fill=colour)
        else:
            continue
        size = 6 if kind == "hatch" else 5
        defs.append(el("pattern", body, id=f"{uid}-{name}", patternUnits="userSpaceOnUse", width=size, height=size))
    return el("defs", "".join(defs)) if defs else ""


def fill_ref(uid: str, name: str) -> tuple[str, str]:
    """(fill, stroke) for a named fill: patterns are outlined so a hatched bar keeps its edge."""
    kind, colour, _background = FILLS[name]
    if kind is None:
        return colour, "none"
    return f"url(#{uid}-{name})", colour


def swatch(uid: str, name: str, x: float, y: float, w: float = 14, h: float = 10) -> str:
    fill, stroke = fill_ref(uid, name)
    return el("rect", x=x, y=y, width=w, height=h, fill=fill, stroke=stroke if stroke != "none" else None)


def svg_root(content: str, width: float, height: float, *, label: str, extra_class: str = "") -> str:
    title = el("title", escape(label)) if label else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(viewBox=f"0 0 {num(width)} {num(height)}")}'
        f"{attrs(width=width, height=height, role='img', aria_label=label or None)}"
        f"{attrs(class_=('wx-chart ' + extra_class).strip(), font_family=FONT_FAMILY)}>"
        f"{title}{content}</svg>"
    )


def empty_chart(width: float, height: float, label: str, message: str = "暂无数据") -> str:
    body = el("rect", x=0.5, y=0.5, width=width - 1, height=height - 1, fill="none", stroke=GRID) + text(
        width / 2, height / 2, message, size=13, anchor="middle", fill=AXIS
    )
    return svg_root(body, width, height, label=label)
