"""Line chart of a monthly trend: cumulative actual against the milestone line, told apart by dash and point shape."""

from collections.abc import Callable, Sequence

from django.utils.safestring import SafeString, mark_safe

from core.formatting import yi
from reports.charts.axes import vertical_frame
from reports.charts.data import Marker, Series
from reports.charts.svg import GREY, NAVY, RED, el, empty_chart, num, svg_root, text, text_width, to_float

# line style -> (colour, width, dasharray, point shape)
LINE_STYLES = {
    "solid": (NAVY, 2.2, None, "circle"),
    "dashed": (RED, 1.8, "6 3", "square"),
    "dotted": (GREY, 1.8, "1.5 3", "triangle"),
}
LINE_ORDER = ("solid", "dashed", "dotted")


def _point(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return el("rect", x=x - 3, y=y - 3, width=6, height=6, fill="#ffffff", stroke=colour, stroke_width=1.4)
    if shape == "triangle":
        return el("path", d=f"M{num(x)},{num(y - 3.6)} l3.4,6 h-6.8 z", fill=colour)
    return el("circle", cx=x, cy=y, r=3, fill=colour)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    markers: Sequence[Marker] = (),
    value_format: Callable = yi,
    tick_format: Callable | None = None,
    max_value=None,
    label: str = "",
    width: float = 600,
    height: float = 300,
) -> SafeString:
    """One point per x label (e.g. 1月…12月) for each series; None leaves a gap (months to come). The last point of
    each series carries its value; ``Series.show_values`` labels every point."""
    if not x_labels or not series:
        return mark_safe(empty_chart(width, height, label))
    styles = [s.line or LINE_ORDER[i % len(LINE_ORDER)] for i, s in enumerate(series)]
    legend, lx = [], 8.0
    for style, s in zip(styles, series, strict=True):
        colour, stroke_w, dash, shape = LINE_STYLES[style]
        legend.append(
            el("line", x1=lx, y1=12, x2=lx + 22, y2=12, stroke=colour, stroke_width=stroke_w, stroke_dasharray=dash)
        )
        legend.append(_point(shape, lx + 11, 12, colour))
        legend.append(text(lx + 28, 12, s.name, size=11))
        lx += 28 + text_width(s.name, 11) + 16
    values = [[to_float(v) for v in s.values] for s in series]
    parts, y, x0, slot, _bottom = vertical_frame(
        list(x_labels),
        [v for row in values for v in row],
        markers,
        value_format,
        tick_format,
        max_value,
        width,
        height,
        36,
    )
    for k, (style, s) in enumerate(zip(styles, series, strict=True)):
        colour, stroke_w, dash, shape = LINE_STYLES[style]
        points = [(x0 + slot * (i + 0.5), y(v), i) for i, v in enumerate(values[k][: len(x_labels)]) if v is not None]
        segments, current, previous = [], [], None
        for px, py, i in points:
            if previous is not None and i != previous + 1:
                segments.append(current)
                current = []
            current.append((px, py))
            previous = i
        segments.append(current)
        for segment in segments:
            if len(segment) > 1:
                d = "M" + " L".join(f"{num(px)},{num(py)}" for px, py in segment)
                parts.append(
                    el(
                        "path",
                        d=d,
                        fill="none",
                        stroke=colour,
                        stroke_width=stroke_w,
                        stroke_dasharray=dash,
                        stroke_linejoin="round",
                    )
                )
        for n, (px, py, i) in enumerate(points):
            parts.append(_point(shape, px, py, colour))
            if s.show_values or n == len(points) - 1:
                offset = -10 if k % 2 == 0 else 11
                parts.append(text(px, py + offset, value_format(s.values[i]), size=9.5, anchor="middle", fill=colour))
    return mark_safe(svg_root("".join(parts) + "".join(legend), width, height, label=label))
