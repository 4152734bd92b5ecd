"""Axes, reference lines and legends shared by the bar and line charts."""

from collections.abc import Sequence

from reports.charts.data import Marker
from reports.charts.svg import (
    AXIS,
    GRID,
    INK,
    RED,
    default_tick_format,
    el,
    nice_scale,
    swatch,
    text,
    text_width,
    tick_values,
    to_float,
    wrap,
)

MARKER_STYLES = {
    "target": {"stroke": INK, "stroke_width": 1.4, "stroke_dasharray": None},
    "progress": {"stroke": RED, "stroke_width": 1.4, "stroke_dasharray": "5 3"},
    "milestone": {"stroke": INK, "stroke_width": 1.2, "stroke_dasharray": "1.5 2.5"},
}


def marker_line(marker: Marker, x1, y1, x2, y2) -> str:
    style = MARKER_STYLES.get(marker.kind, MARKER_STYLES["target"])
    return el("line", x1=x1, y1=y1, x2=x2, y2=y2, **style)


def scale_for(values: Sequence[float | None], markers: Sequence[Marker], max_value) -> tuple[float, float, float]:
    known = [v for v in values if v is not None] + [to_float(m.value) for m in markers]
    known = [v for v in known if v is not None]
    if max_value is not None:
        known.append(to_float(max_value))
    return nice_scale(min(known, default=0.0), max(known, default=1.0))


def legend_row(uid: str, entries: Sequence[tuple[str, str]], x: float, y: float, width: float) -> tuple[str, float]:
    """Swatches with names, flowing left to right; returns the SVG and its height."""
    parts, cx, cy = [], x, y
    for fill, name in entries:
        needed = 20 + text_width(name, 11) + 14
        if cx + needed > x + width and cx > x:
            cx, cy = x, cy + 16
        parts.append(swatch(uid, fill, cx, cy + 2) + text(cx + 18, cy + 7, name, size=11))
        cx += needed
    return "".join(parts), (cy - y) + 16


def category_axis(categories, x_of, slot, y, size=11.5) -> tuple[str, float]:
    parts, lines_max = [], 1
    for i, category in enumerate(categories):
        lines = wrap(category, slot - 4, size)
        lines_max = max(lines_max, len(lines))
        for j, line in enumerate(lines):
            parts.append(text(x_of(i), y + 8 + j * (size + 2), line, size=size, anchor="middle"))
    return "".join(parts), lines_max * (size + 2) + 8


def vertical_frame(categories, values_all, markers, value_format, tick_format, max_value, width, height, top):
    """Axis, grid and category labels shared by the vertical and grouped charts; returns (parts, y, x0, slot, bottom)."""
    tick_format = tick_format or default_tick_format(value_format)
    low, high, step = scale_for(values_all, markers, max_value)
    ticks = tick_values(low, high, step)
    axis_w = max(text_width(tick_format(t), 10) for t in ticks) + 8
    x0, x1 = axis_w, width - 8
    slot = (x1 - x0) / max(len(categories), 1)
    label_lines = max(len(wrap(c, slot - 4, 11.5)) for c in categories) if categories else 1
    bottom = height - (label_lines * 13.5 + 10)
    y0 = top

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - y0)

    parts = []
    for tick in ticks:
        parts.append(el("line", x1=x0, y1=y(tick), x2=x1, y2=y(tick), stroke=GRID if tick else AXIS, stroke_width=1))
        parts.append(text(x0 - 4, y(tick), tick_format(tick), size=10, anchor="end", fill=AXIS))
    labels, _h = category_axis(categories, lambda i: x0 + slot * (i + 0.5), slot, bottom)
    parts.append(labels)
    for i, marker in enumerate(markers):
        my = y(to_float(marker.value))
        style = MARKER_STYLES.get(marker.kind, MARKER_STYLES["target"])
        parts.append(marker_line(marker, x0, my, x1, my))
        # labelled at the left end: the ends of lines and the tallest bars are usually on the right
        parts.append(text(x0 + 4, my - 7 if i % 2 == 0 else my + 8, marker.label, size=10.5, fill=style["stroke"]))
    return parts, y, x0, slot, bottom
