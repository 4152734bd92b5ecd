"""The bulletin's SVG charts, from its snapshot: the county's progress bars, the sectors, the units' scores and funds,
and the month view of the five-colour chart."""

import datetime as dt

from core.formatting import pct, plain, score
from reports import charts
from reports.bulletin.snapshot import BulletinView, d
from reports.charts import Bar, Cell, GridRow, Marker, Series
from reports.dashboards.charts import clipped, completion_bars


def bulletin_charts(v: BulletinView) -> dict:
    sectors = v.sectors
    names = ["直属单位" if x["name"].startswith("不分领域") else x["name"] for x in sectors]
    return {
        "contract": charts.progress_bar(
            v.contract.actual, v.contract.target, progress=v.contract.progress, label="全县正式合同额", width=560
        ),
        "funds": charts.progress_bar(
            v.funds.actual, v.funds.target, progress=v.funds.progress, label="全县到位资金", width=560
        ),
        "sectors": charts.grouped_bar_chart(
            names,
            [
                Series("正式合同额完成率", [clipped(x["contract"].completion) for x in sectors], show_values=True),
                Series(
                    "到位资金完成率", [clipped(x["funds"].completion) for x in sectors], fill="light", show_values=True
                ),
            ],
            markers=[Marker(v.time_progress * 100, f"合同额序时进度 {pct(v.time_progress)}", "progress")],
            value_format=lambda x: f"{x:.0f}%",
            tick_format=lambda x: f"{x:.0f}%",
            label="分领域正式合同额、到位资金完成率（%）",
            width=620,
            height=260,
        ),
        "units": charts.bar_chart(
            [
                Bar(
                    u.name,
                    u.scores["total"],
                    "alert" if u.scores["total"] < v.pass_score else "normal",
                    text=score(u.scores["total"]),
                )
                for u in v.units
            ],
            markers=[Marker(v.pass_score, f"{plain(v.pass_score)}分", "target")],
            value_format=lambda x: f"{x:.2f}",
            tick_format=lambda x: f"{x:.0f}",
            legend=[
                ("normal", f"{plain(v.pass_score)}分及以上"),
                ("alert", f"低于{plain(v.pass_score)}分"),
            ],
            label="各单位总分",
            width=620,
        ),
        "unit_funds": completion_bars(v.units, "funds", v.funds_time_progress, "各单位到位资金完成率与序时进度", 620),
    }


MONTH_CHART_NAMES = {"contract": "正式合同额", "funds": "到位资金"}


def month_chart(data: dict, bands, key: str) -> str:
    """The month view of one indicator (``contract`` or ``funds``), each on its own landscape page of section 五:
    each month's cumulative completion against that month's time progress. One row per unit (the screen's month view
    puts both indicators in one grid, two rows per unit, too tall for a page); the full table is in the .xlsx."""
    rows = [GridRow("序时进度", [Cell(None, pct(d(m[f"{key}_progress"]), 0)) for m in data["months"]], group="序时")]
    rows += [
        GridRow(row["unit"], [Cell(c["band"], pct(d(c["completion"]), 0)) for c in row["months"][key]], row["group"])
        for row in data["rows"]
    ]
    as_of = dt.date.fromisoformat(data["as_of"])
    return charts.five_colour_grid(
        rows,
        [f"{m['month']}月" for m in data["months"]],
        bands,
        label=(
            f"{MONTH_CHART_NAMES[key]}完成率五色图（月度视图：各月累计完成率对照当月序时进度，"
            f"截至{as_of.month}月{as_of.day}日）"
        ),
        min_cell_width=40,
    )
