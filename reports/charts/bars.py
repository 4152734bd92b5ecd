"""Bar charts (horizontal, vertical, grouped) and the progress bar, with target and time-progress lines."""

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from django.utils.safestring import SafeString, mark_safe

from core.formatting import pct, yi
from reports.charts.axes import MARKER_STYLES, legend_row, marker_line, scale_for, vertical_frame
from reports.charts.data import Bar, Marker, Series
from reports.charts.svg import (
    AXIS,
    GRID,
    INK,
    RED,
    SERIES_FILLS,
    chart_id,
    default_tick_format,
    el,
    empty_chart,
    fill_ref,
    pattern_defs,
    svg_root,
    text,
    text_width,
    tick_values,
    to_float,
)


def bar_chart(
    bars: Sequence[Bar],
    *,
    orientation: str = "horizontal",
    markers: Sequence[Marker] = (),
    value_format: Callable = yi,
    tick_format: Callable | None = None,
    max_value=None,
    legend: Sequence[tuple[str, str]] = (),
    label: str = "",
    width: float = 600,
    height: float | None = None,
) -> SafeString:
    """Bars with their values printed at the ends and reference lines (target, 序时进度).

    ``legend``: [(tone, text)] e.g. [("normal", "达到序时进度"), ("alert", "滞后序时进度")]."""
    if not bars:
        return mark_safe(empty_chart(width, height or 120, label))
    if orientation == "vertical":
        return _vertical_bars(bars, markers, value_format, tick_format, max_value, legend, label, width, height or 300)
    return _horizontal_bars(bars, markers, value_format, tick_format, max_value, legend, label, width)


def _horizontal_bars(bars, markers, value_format, tick_format, max_value, legend, label, width) -> SafeString:
    uid = chart_id("hbar", bars, markers, max_value, legend, label, width)
    tick_format = tick_format or default_tick_format(value_format)
    values = [to_float(b.value) for b in bars]
    texts = [b.text if b.text is not None else value_format(b.value) for b in bars]
    low, high, step = scale_for(values, markers, max_value)
    label_w = min(max(text_width(b.label, 12) for b in bars) + 10, width * 0.4)
    value_w = max(text_width(t, 11) for t in texts) + 8
    top = 4 + 15 * len(markers)
    row_h, bar_h = 22, 13
    x0, x1 = label_w, width - value_w - 4
    y0, y1 = top, top + row_h * len(bars)

    def x(v: float) -> float:
        return x0 + (v - low) / (high - low) * (x1 - x0)

    parts = []
    for tick in tick_values(low, high, step):
        parts.append(el("line", x1=x(tick), y1=y0, x2=x(tick), y2=y1, stroke=GRID if tick else AXIS, stroke_width=1))
        parts.append(text(x(tick), y1 + 10, tick_format(tick), size=10, anchor="middle", fill=AXIS))
    for i, (bar, value, value_text) in enumerate(zip(bars, values, texts, strict=True)):
        cy = y0 + row_h * i + row_h / 2
        parts.append(text(x0 - 6, cy, bar.label, size=12, anchor="end"))
        if value is None:
            parts.append(text(x(0) + 4, cy, "—", size=11, fill=AXIS))
            continue
        left, right = sorted((x(0), x(value)))
        fill, stroke = fill_ref(uid, bar.tone if bar.tone != "normal" else "solid")
        parts.append(
            el(
                "rect",
                x=left,
                y=cy - bar_h / 2,
                width=max(right - left, 0.0),
                height=bar_h,
                fill=fill,
                stroke=None if stroke == "none" else stroke,
                stroke_width=0.8,
            )
        )
        if value >= 0:
            parts.append(text(right + 4, cy, value_text, size=11))
        else:
            parts.append(text(left - 4, cy, value_text, size=11, anchor="end"))
    for i, marker in enumerate(markers):
        mx = x(to_float(marker.value))
        parts.append(marker_line(marker, mx, 4 + 15 * i + 12, mx, y1))
        anchor = "end" if mx > x1 - 40 else ("start" if mx < x0 + 40 else "middle")
        parts.append(
            text(
                mx,
                4 + 15 * i + 6,
                marker.label,
                size=10.5,
                anchor=anchor,
                fill=MARKER_STYLES.get(marker.kind, MARKER_STYLES["target"])["stroke"],
            )
        )
    total_h = y1 + 22
    if legend:
        legend_svg, legend_h = legend_row(
            uid, [(t if t != "normal" else "solid", n) for t, n in legend], x0, total_h, width - x0
        )
        parts.append(legend_svg)
        total_h += legend_h + 4
    fills = {b.tone if b.tone != "normal" else "solid" for b in bars} | {
        t if t != "normal" else "solid" for t, _ in legend
    }
    return mark_safe(svg_root(pattern_defs(uid, fills) + "".join(parts), width, total_h, label=label))


def _vertical_bars(bars, markers, value_format, tick_format, max_value, legend, label, width, height) -> SafeString:
    uid = chart_id("vbar", bars, markers, max_value, legend, label, width, height)
    values = [to_float(b.value) for b in bars]
    top = 8
    legend_svg = ""
    if legend:
        legend_svg, legend_h = legend_row(
            uid, [(t if t != "normal" else "solid", n) for t, n in legend], 8, 4, width - 16
        )
        top += legend_h
    parts, y, x0, slot, _bottom = vertical_frame(
        [b.label for b in bars], values, markers, value_format, tick_format, max_value, width, height, top + 12
    )
    bar_w = min(slot * 0.6, 42)
    for i, (bar, value) in enumerate(zip(bars, values, strict=True)):
        cx = x0 + slot * (i + 0.5)
        if value is None:
            parts.append(text(cx, y(0) - 8, "—", size=11, anchor="middle", fill=AXIS))
            continue
        top_y, bottom_y = sorted((y(0), y(value)))
        fill, stroke = fill_ref(uid, bar.tone if bar.tone != "normal" else "solid")
        parts.append(
            el(
                "rect",
                x=cx - bar_w / 2,
                y=top_y,
                width=bar_w,
                height=max(bottom_y - top_y, 0.0),
                fill=fill,
                stroke=None if stroke == "none" else stroke,
                stroke_width=0.8,
            )
        )
        value_text = bar.text if bar.text is not None else value_format(bar.value)
        ty = top_y - 7 if value >= 0 else bottom_y + 8
        parts.append(text(cx, ty, value_text, size=10.5, anchor="middle"))
    fills = {b.tone if b.tone != "normal" else "solid" for b in bars} | {
        t if t != "normal" else "solid" for t, _ in legend
    }
    body = pattern_defs(uid, fills) + "".join(parts) + legend_svg
    return mark_safe(svg_root(body, width, height, label=label))


def grouped_bar_chart(
    categories: Sequence[str],
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
    """Vertical bars per category, one per series (e.g. 签约 / 到位 per sector), told apart by fill pattern."""
    if not categories or not series:
        return mark_safe(empty_chart(width, height, label))
    uid = chart_id("gbar", categories, series, markers, max_value, label, width, height)
    fills = [s.fill or SERIES_FILLS[i % len(SERIES_FILLS)] for i, s in enumerate(series)]
    legend_svg, legend_h = legend_row(uid, list(zip(fills, [s.name for s in series], strict=True)), 8, 4, width - 16)
    values = [[to_float(v) for v in s.values] for s in series]
    flat = [v for row in values for v in row]
    parts, y, x0, slot, _bottom = vertical_frame(
        categories, flat, markers, value_format, tick_format, max_value, width, height, legend_h + 20
    )
    group_w = slot * 0.78
    bar_w = group_w / len(series)
    for i in range(len(categories)):
        gx = x0 + slot * i + (slot - group_w) / 2
        for k, s in enumerate(series):
            value = values[k][i] if i < len(values[k]) else None
            if value is None:
                continue
            fill, stroke = fill_ref(uid, fills[k])
            top_y, bottom_y = sorted((y(0), y(value)))
            bx = gx + bar_w * k
            parts.append(
                el(
                    "rect",
                    x=bx + 0.5,
                    y=top_y,
                    width=max(bar_w - 1, 0.5),
                    height=max(bottom_y - top_y, 0.0),
                    fill=fill,
                    stroke=None if stroke == "none" else stroke,
                    stroke_width=0.8,
                )
            )
            if s.show_values:
                parts.append(text(bx + bar_w / 2, top_y - 6, value_format(s.values[i]), size=9, anchor="middle"))
    body = pattern_defs(uid, fills) + "".join(parts) + legend_svg
    return mark_safe(svg_root(body, width, height, label=label))


def exact_ratio(value, target) -> Decimal | None:
    try:
        v, t = Decimal(str(value)), Decimal(str(target))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if value is None or target is None or not t.is_finite() or not v.is_finite() or t == 0:
        return None
    return v / t


def progress_bar(
    value,
    target,
    *,
    progress=None,
    label: str = "",
    value_format: Callable = yi,
    unit: str = "亿元",
    width: float = 360,
) -> SafeString:
    """Completion of a target as a bullet bar: the track is the target, the fill the actual amount, a dashed red
    tick the time progress (序时进度, a ratio 0…1); hatched red when behind it. Text: amount / target and %."""
    p = to_float(progress)
    exact = exact_ratio(value, target)  # the printed percentage comes from decimals, never from floats
    ratio = float(exact) if exact is not None else None
    behind = exact is not None and progress is not None and exact < Decimal(str(progress))
    uid = chart_id("progress", value, target, progress, label, width)
    label_h = 16 if label else 0
    track_y, track_h = label_h + 4, 14
    x0, x1 = 0.5, width - 0.5
    parts = []
    if label:
        parts.append(text(0, 8, label, size=12, weight=700))
    parts.append(
        el("rect", x=x0, y=track_y, width=x1 - x0, height=track_h, fill="#eeeeee", stroke=AXIS, stroke_width=0.8)
    )
    if ratio is not None and ratio > 0:
        fill, stroke = fill_ref(uid, "alert" if behind else "solid")
        parts.append(
            el(
                "rect",
                x=x0,
                y=track_y,
                width=(x1 - x0) * min(ratio, 1.0),
                height=track_h,
                fill=fill,
                stroke=None if stroke == "none" else stroke,
                stroke_width=0.8,
            )
        )
    if p is not None:
        px = x0 + (x1 - x0) * min(max(p, 0.0), 1.0)
        parts.append(el("line", x1=px, y1=track_y - 3, x2=px, y2=track_y + track_h + 3, **MARKER_STYLES["progress"]))
    done = "—" if exact is None else pct(exact)
    summary = f"{value_format(value)} / {value_format(target)} {unit}　完成 {done}"
    if p is not None:
        summary += f"　序时进度 {pct(progress)}"
    parts.append(text(0, track_y + track_h + 11, summary, size=11, fill=RED if behind else INK))
    height = track_y + track_h + 20
    return mark_safe(svg_root(pattern_defs(uid, ["alert"]) + "".join(parts), width, height, label=label or summary))
