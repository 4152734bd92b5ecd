"""The dashboards' SVG charts (reports.charts): the same picture on screen and in the PDF, readable in greyscale."""

from decimal import Decimal

from core.formatting import pct, yi
from reports import charts
from reports.charts import Bar, Marker, Series
from reports.dashboards import forecast as fc


def _q(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def trend_title(what: str, *, past: bool) -> str:
    """A trend chart's title: "…与预测" only while the year is running (a past year is not forecast)."""
    return f"{what}{'' if past else '与预测'}（亿元）"


def trend_chart(
    actual: list, path: list, forecast, *, title: str, actual_name: str, path_name: str, target, past: bool
):
    """Cumulative actual by month against the time-progress (or milestone) line, with the forecast to December while
    the year is running. A past (or closed) year reads as past (issue 16): its months as they were, no projection,
    whatever the cut-off. ``title`` names what is drawn ("…月度累计、序时进度"); the chart adds "与预测" when it
    draws one."""
    months = len(actual)
    values = [_q(v) for v in actual] + [None] * (12 - months)
    series = [Series(actual_name, values), Series(path_name, [_q(v) for v in path], line="dashed")]
    projected = forecast.projected_exact
    if not past and projected is not None and months < 12 and forecast.path_exact > 0:
        # the forecast follows the same path: at month m it is projected × path(m) / path(12)
        ratio = Decimal(projected.numerator) / Decimal(projected.denominator)
        final_path = path[-1] or Decimal("1")
        points = [None] * (months - 1) + [_q(actual[-1])]
        points += [_q(ratio * path[m] / final_path) for m in range(months, 12)]
        series.append(Series("按当前进度预测", points, line="dotted"))
    return charts.line_chart(
        [f"{m}月" for m in range(1, 13)],
        series,
        markers=[Marker(target, f"全年目标 {yi(target)}", "target")],
        label=trend_title(title, past=past),
        width=620,
        height=300,
    )


def county_charts(data: dict, year: int) -> dict:
    county, rules = data["county"], data["rules"]
    c, f = county["contract"], county["funds"]
    sectors = data["overview"]["sectors"]
    names = [s["name"].split("（")[0] if "（" in s["name"] else s["name"] for s in sectors]
    names = ["直属单位" if n.startswith("不分领域") else n for n in names]
    milestones = data["milestones"]
    past = data["standings"].period.past
    return {
        "contract_bar": charts.progress_bar(c.actual, c.target, progress=c.progress, label="正式合同额", width=560),
        "funds_bar": charts.progress_bar(f.actual, f.target, progress=f.progress, label="到位资金", width=560),
        "contract_trend": trend_chart(
            data["trend"]["contract"],
            fc.time_path(c.target),
            data["contract_forecast"],
            title="全县正式合同额月度累计、序时进度",
            actual_name="累计合同额",
            path_name="序时进度线",
            target=c.target,
            past=past,
        ),
        "funds_trend": trend_chart(
            data["trend"]["funds"],
            fc.milestone_path(f.target, rules, year),
            data["funds_forecast"],
            title="全县到位资金月度累计、节点路径",
            actual_name="累计到位资金",
            path_name="季度节点路径",
            target=f.target,
            past=past,
        ),
        "milestone_chart": charts.grouped_bar_chart(
            [m["label"] for m in milestones],
            [
                Series("节点应到位", [m["due"] for m in milestones], fill="light", show_values=True),
                Series("实际到位", [m["actual"] for m in milestones], show_values=True),
            ],
            label="到位资金季度节点（亿元）",
            width=560,
            height=260,
        ),
        "sector_contract": charts.grouped_bar_chart(
            names,
            [
                Series("目标", [s["contract"].target for s in sectors], fill="light"),
                Series("完成", [s["contract"].actual for s in sectors], show_values=True),
            ],
            label="分领域正式合同额（亿元）",
            width=560,
            height=280,
        ),
        "sector_funds": charts.grouped_bar_chart(
            names,
            [
                Series("目标", [s["funds"].target for s in sectors], fill="light"),
                Series("完成", [s["funds"].actual for s in sectors], show_values=True),
            ],
            label="分领域到位资金（亿元）",
            width=560,
            height=280,
        ),
        "unit_contract": completion_bars(data["standings"].units, "contract", c.progress, "各单位正式合同额完成率"),
        "unit_funds": completion_bars(data["standings"].units, "funds", f.progress, "各单位到位资金完成率"),
    }


CLIP = Decimal("200")  # completion bars stop at 200 % so one unit far ahead does not flatten the others


def clipped(done) -> Decimal | None:
    return None if done is None else min(done * 100, CLIP)


def completion_bars(units, key: str, progress, title: str, width: float = 560):
    """Each unit's completion (%) as a bar, hatched red when behind time progress, with the progress line."""
    bars = []
    for u in units:
        p = getattr(u, key)
        done = p.completion
        behind = done is not None and done < p.progress
        bars.append(Bar(u.name, None if done is None else done * 100, "alert" if behind else "normal", text=pct(done)))
    return charts.bar_chart(
        bars,
        markers=[Marker(Decimal(progress) * 100, f"序时进度 {pct(progress)}", "progress")],
        value_format=lambda v: f"{v:.0f}%",
        tick_format=lambda v: f"{v:.0f}%",
        legend=[("normal", "达到序时进度"), ("alert", "滞后序时进度")],
        label=title,
        width=width,
    )


def completeness_chart(completeness: list[dict]):
    """Units that filed everything owed, month by month (months to come left empty)."""
    bars = []
    for c in completeness:
        if c["open"] or not c["units"]:
            bars.append(Bar(f"{c['month'].month}月", None))
            continue
        share = Decimal(c["filed"]) / Decimal(c["units"])
        bars.append(Bar(f"{c['month'].month}月", share * 100, "normal" if share >= 1 else "alert", text=pct(share, 0)))
    return charts.bar_chart(
        bars,
        orientation="vertical",
        max_value=100,
        value_format=lambda v: f"{v:.0f}%",
        tick_format=lambda v: f"{v:.0f}%",
        legend=[("normal", "全部报送"), ("alert", "有单位未报或逾期")],
        label="各月报送完整率（已报单位 ÷ 应报单位）",
        width=560,
        height=240,
    )
