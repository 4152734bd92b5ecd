"""The 三图 drawn on the server as SVG with the report charts' toolkit, so the screen and the PDF show one picture:
the chain map (产业链图) and the distribution chart (企业分布图, a ranked bar chart: no map of China, which would need an
approved base map with a 审图号)."""

from django.utils.safestring import SafeString, mark_safe

from enterprises.models import TargetStage
from reports.charts import Bar, bar_chart
from reports.charts.axes import legend_row
from reports.charts.svg import (
    AXIS,
    GRID,
    INK,
    NAVY,
    RED,
    chart_id,
    el,
    empty_chart,
    fill_ref,
    pattern_defs,
    svg_root,
    wrap,
)
from reports.charts.svg import text as svg_text

STAGE_SHORT = {
    TargetStage.TARGET: "目标",
    TargetStage.CONTACTED: "对接",
    TargetStage.NEGOTIATING: "洽谈",
    TargetStage.CONVERTED: "转化",
    TargetStage.PAUSED: "暂停",
}
BOX_H, GAP, HEAD = 104, 12, 34


def _names(items, limit=3) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等{len(items)}家" if len(items) > limit else "")


def chain_map_svg(sector_name: str, segments, width: float = 960) -> SafeString:
    """One column per segment (上游 → 中游 → 下游), one box per link: its local enterprises, its targets by stage and
    the projects they became. A gap (补链) is hatched red with a dashed red edge, a strength (强链) edged in bold navy:
    both read in greyscale."""
    label = f"{sector_name}产业链图"
    if not segments:
        return mark_safe(empty_chart(width, 140, label, "尚未录入产业链环节"))
    uid = chart_id("chain", sector_name, [(s.name, [c.link.pk for c in s.cells]) for s in segments], width)
    n = len(segments)
    arrow_w = 26
    col_w = (width - 16 - arrow_w * (n - 1)) / n
    rows = max(len(s.cells) for s in segments)
    top = HEAD + 8
    plot_h = top + rows * (BOX_H + GAP)
    parts = []
    for i, segment in enumerate(segments):
        x = 8 + i * (col_w + arrow_w)
        parts.append(el("rect", x=x, y=4, width=col_w, height=HEAD - 8, rx=3, fill="#eef2f7", stroke=GRID))
        parts.append(svg_text(x + col_w / 2, 4 + (HEAD - 8) / 2, f"{segment.name}（{len(segment.cells)}个环节）",
                              size=13, anchor="middle", weight="bold"))  # fmt: skip
        if i < n - 1:
            ax = x + col_w + 4
            ay = 4 + (HEAD - 8) / 2
            parts.append(el("path", d=f"M{ax:.1f},{ay:.1f} h{arrow_w - 10} m-6,-5 l6,5 l-6,5", fill="none",
                            stroke=AXIS, stroke_width=1.6))  # fmt: skip
        for j, cell in enumerate(segment.cells):
            parts.append(_link_box(uid, cell, x, top + j * (BOX_H + GAP), col_w))
    legend, legend_h = legend_row(
        uid, [("alert", "补链环节（缺失，重点招引）"), ("light", "强链/延链环节（优势）"), ("muted", "一般环节")],
        8, plot_h + 2, width - 16,
    )  # fmt: skip
    parts.append(legend)
    note = "每格：本地企业｜目标企业按阶段（目标、对接、洽谈、转化、暂停）｜已转化的项目"
    parts.append(svg_text(8, plot_h + legend_h + 12, note, size=11, fill=AXIS))
    height = plot_h + legend_h + 24
    return mark_safe(svg_root(pattern_defs(uid, ["alert"]) + "".join(parts), width, height, label=label))


def _link_box(uid, cell, x, y, w) -> str:
    link = cell.link
    if link.role == "gap":
        fill, _ = fill_ref(uid, "alert")
        # pale red with a hatched strip on the left edge: the text stays readable, the gap still shows in greyscale
        box = el("rect", x=x, y=y, width=w, height=BOX_H, rx=4, fill="#fdecea", stroke=RED, stroke_width=2,
                 stroke_dasharray="6 3") + el("rect", x=x + 1.5, y=y + 1.5, width=6, height=BOX_H - 3, fill=fill)  # fmt: skip
        tag = "补链"
    elif link.role == "strength":
        box = el("rect", x=x, y=y, width=w, height=BOX_H, rx=4, fill="#dde7f3", stroke=NAVY, stroke_width=2.4)
        tag = "强链"
    else:
        box = el("rect", x=x, y=y, width=w, height=BOX_H, rx=4, fill="#f7f7f7", stroke="#9a9a9a", stroke_width=1)
        tag = ""
    pad = 12 if link.role == "gap" else 8
    inner = w - 2 * pad
    out = [box]
    title = wrap(link.name, inner - (34 if tag else 0), 13, max_lines=1)[0]
    out.append(svg_text(x + pad, y + 13, title, size=13, weight="bold"))
    if tag:
        colour = RED if tag == "补链" else NAVY
        out.append(el("rect", x=x + w - pad - 30, y=y + 5, width=30, height=16, rx=8, fill="#ffffff", stroke=colour))
        out.append(svg_text(x + w - pad - 15, y + 13, tag, size=10.5, anchor="middle", fill=colour, weight="bold"))
    local = f"本地企业 {len(cell.local)}家" + (f"：{_names(cell.local)}" if cell.local else "")
    out.append(svg_text(x + pad, y + 35, wrap(local, inner, 11, max_lines=1)[0], size=11, fill=INK))
    stages = "  ".join(f"{STAGE_SHORT[s]}{cell.stages.get(s, 0)}" for s in TargetStage.values)
    out.append(svg_text(x + pad, y + 55, f"目标企业 {cell.targets}家", size=11, weight="bold"))
    out.append(svg_text(x + pad, y + 72, wrap(stages, inner, 11, max_lines=1)[0], size=11))
    projects = f"项目 {len(cell.projects)}个" + (
        f"：{_names([c for c, _ in cell.projects], 2)}" if cell.projects else ""
    )
    out.append(
        svg_text(
            x + pad, y + 91, wrap(projects, inner, 11, max_lines=1)[0], size=11, fill=NAVY if cell.projects else AXIS
        )
    )
    return "".join(out)


def distribution_svg(places, *, what: str, limit: int = 15, width: float = 720) -> SafeString:
    """Places ranked by enterprises (targets plus landed investors), the first ``limit``."""
    bars = [Bar(p.name, p.total, text=f"{p.total}家（目标{p.targets}、落地{p.investors}）") for p in places[:limit]]
    top = max((p.total for p in places[:limit]), default=0)
    return bar_chart(
        bars,
        value_format=lambda v: f"{float(v):g}",
        max_value=max(5, top),  # whole-number ticks for counts
        label=f"企业分布图（按总部所在{what}）",
        width=width,
    )
