"""The monthly bulletin rendered from its snapshot only (``reports.bulletin.figures``): the page, the PDF and the .xlsx read
the same JSON, so a published bulletin shows and prints the same figures forever, and its PDF is byte-identical
each time (the snapshot's issue time is the PDF's creation date)."""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from core.formatting import pct, score, yi
from core.tables import Column, HeaderCell, Row, Table, Value, band_cell
from reports import charts
from reports.charts import Bar, Cell, GridRow, Marker, Series
from reports.dashboards.charts import clipped, completion_bars
from reports.dashboards.tables import milestones_table, sectors_table
from reports.pdf import DocumentHeader, render_pdf

PDF_TEMPLATE = "reports/bulletin/bulletin_pdf.html"
ZERO = Decimal("0")


def d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class BandView:
    code: str
    label: str
    colour: str


@dataclass(frozen=True)
class ProgressView:
    """A progress figure of the snapshot with the attribute names of ``scoring.rules.Progress``."""

    label: str
    actual: Decimal
    target: Decimal
    completion: Decimal | None
    progress: Decimal
    gap_points: Decimal | None
    expected: Decimal
    band: BandView

    @property
    def ahead(self) -> bool:
        return self.gap_points is not None and self.gap_points >= 0


@dataclass(frozen=True)
class UnitView:
    name: str
    rank: int
    leaders: str
    contract: ProgressView
    funds: ProgressView
    scores: dict
    lagging: bool
    targets_met: bool


class BulletinView:
    """The snapshot with Decimals, dates and bands put back, for templates, tables and charts."""

    def __init__(self, snap: dict):
        self.snap = snap
        self.year = snap["year"]
        self.month = snap["month"]
        self.number = snap["number"]
        self.as_of = dt.date.fromisoformat(snap["as_of"])
        self.computed_at = dt.datetime.fromisoformat(snap["computed_at"])
        self.issued_at = dt.datetime.fromisoformat(snap["issued_at"]) if snap.get("issued_at") else None
        self.scheme = snap["scheme"]
        self.time_progress = d(snap["time_progress"])
        self.funds_time_progress = d(snap["funds_time_progress"])
        self.pass_score = d(snap["pass_score"])
        self.bands = [BandView(**b) for b in snap["bands"]]
        self._band = {b.code: b for b in self.bands}
        self.contract = self.progress(snap["county"]["contract"])
        self.funds = self.progress(snap["county"]["funds"])
        self.quarter = snap["quarter"]
        self.milestone_share = d(snap["milestone"]["share"])
        self.milestone_amount = d(snap["milestone"]["amount"])
        self.milestones = [
            m | {k: d(m[k]) for k in ("share", "due", "actual", "completion")} for m in snap["milestones"]
        ]
        self.sectors = [
            {"name": x["name"], "contract": self.progress(x["contract"]), "funds": self.progress(x["funds"])}
            for x in snap["sectors"]
        ]
        self.units = [
            UnitView(
                u["name"],
                u["rank"],
                "、".join(u["leaders"]),
                self.progress(u["contract"]),
                self.progress(u["funds"]),
                {k: d(v) for k, v in u["scores"].items()},
                u["lagging"],
                u["targets_met"],
            )
            for u in snap["units"]
        ]
        self.leaders = [
            {
                "name": x["name"],
                "units": [
                    y | {"total": d(y["total"]), "contract_band": self.band(y["contract_band"])} for y in x["units"]
                ],
                "contract": self.progress(x["contract"]),
                "funds": self.progress(x["funds"]),
            }
            for x in snap["leaders"]
        ]
        self.visits = {k: d(v) for k, v in snap["visits"].items()}
        self.five_colour = snap.get("five_colour")

    def band(self, code: str) -> BandView:
        return self._band.get(code) or BandView(code, code, "#777777")

    def progress(self, p: dict) -> ProgressView:
        return ProgressView(
            p["label"],
            d(p["actual"]),
            d(p["target"]),
            d(p["completion"]),
            d(p["progress"]),
            d(p["gap"]),
            d(p["expected"]),
            self.band(p["band"]),
        )

    @property
    def months_label(self) -> str:
        return "1月" if self.month == 1 else f"1—{self.month}月"

    @property
    def quarter_name(self) -> str:
        return "一二三四"[self.quarter - 1]

    @property
    def lagging(self) -> list[UnitView]:
        return [u for u in self.units if u.lagging]

    @property
    def targets_met(self) -> list[UnitView]:
        return [u for u in self.units if u.targets_met]

    @property
    def milestone_met(self) -> bool:
        return self.funds.actual >= self.milestone_amount


# --- text -----------------------------------------------------------------------------------------------------------


def gap_words(p: ProgressView, progress_name: str = "序时进度") -> str:
    """较序时进度（83.3%）超 5.2 个百分点 / 滞后 7.4 个百分点, as the county writes it."""
    if p.gap_points is None:
        return "目标为0"
    word = "超" if p.gap_points >= 0 else "滞后"
    return f"较{progress_name}（{pct(p.progress)}）{word} {abs(p.gap_points):.1f} 个百分点"


def overview_text(v: BulletinView) -> list[str]:
    c, f = v.contract, v.funds
    first = (
        f"{v.months_label}，全县新签约正式合同额 {yi(c.actual)} 亿元，完成年度目标 {yi(c.target)} 亿元的 "
        f"{pct(c.completion)}，{gap_words(c)}；实现到位资金 {yi(f.actual)} 亿元，完成年度目标 {yi(f.target)} 亿元的 "
        f"{pct(f.completion)}，{gap_words(f)}。"
    )
    short = v.milestone_amount - f.actual
    second = (
        f"第{v.quarter_name}季度末到位资金节点为全年目标的 {v.milestone_share.normalize():f}%（{yi(v.milestone_amount)} 亿元），"
        + ("已达到节点。" if short <= 0 else f"尚差 {yi(short)} 亿元。")
    )
    if v.visits.get("target"):
        second += f"全县走访拜访企业 {v.visits['actual']:.0f} 家，完成全年目标 {v.visits['target']:.0f} 家的 {pct(v.visits['completion'])}。"
    return [first, second]


def _names(items) -> str:
    return "、".join(items) if items else "无"


def sectors_text(v: BulletinView) -> list[str]:
    sectors = [x for x in v.sectors if not x["name"].startswith("不分领域")]
    ahead = [x["name"] for x in sectors if x["contract"].ahead]
    behind = [x["name"] for x in sectors if not x["contract"].ahead]
    f_ahead = [x["name"] for x in sectors if x["funds"].ahead]
    f_behind = [x["name"] for x in sectors if not x["funds"].ahead]
    return [
        f"正式合同额达到序时进度的领域：{_names(ahead)}；滞后序时进度的领域：{_names(behind)}。",
        f"到位资金达到序时进度的领域：{_names(f_ahead)}；滞后序时进度的领域：{_names(f_behind)}。",
    ]


def units_text(v: BulletinView) -> list[str]:
    top = [f"{u.name}（{score(u.scores['total'])}分）" for u in v.units[:3]]
    lines = [f"按考核办法计分，排名前三的单位为：{'、'.join(top)}。"]
    met = v.targets_met
    lines.append(
        f"正式合同额和到位资金均已完成全年目标的单位 {len(met)} 个"
        + (f"：{_names([u.name for u in met])}。" if met else "。")
    )
    lag = v.lagging
    lines.append(
        f"正式合同额或到位资金滞后序时进度10个百分点以上的单位 {len(lag)} 个"
        + (f"：{_names([u.name for u in lag])}。" if lag else "。")
    )
    return lines


def leaders_text(v: BulletinView) -> list[str]:
    """Who of the county leaders has every unit on time, and whose units lag (the figures are in 表4)."""
    on_time, behind = [], []
    for x in v.leaders:
        lagging = [u["name"] for u in x["units"] if u["lagging"]]
        if x["contract"].ahead and x["funds"].ahead and not lagging:
            on_time.append(x["name"])
        elif lagging:
            behind.append(f"{x['name']}同志牵头的{'、'.join(lagging)}")
    lines = [
        f"{len(v.leaders)}位分管县领导牵头单位的完成情况见表4。牵头单位正式合同额、到位资金均达到序时进度且无滞后单位的："
        f"{_names([n + '同志' for n in on_time])}。"
    ]
    if behind:
        lines.append(f"有单位滞后序时进度10个百分点以上的：{'；'.join(behind)}。请分管县领导加强调度，督促其加快进度。")
    return lines


# --- tables ---------------------------------------------------------------------------------------------------------


def county_table(v: BulletinView) -> Table:
    columns = [
        Column("item", "指标", width=12),
        Column("target", "年度目标", "amount"),
        Column("actual", "累计完成", "amount"),
        Column("completion", "完成率", "pct"),
        Column("progress", "序时进度", "pct"),
        Column("gap", "较序时进度（百分点）", "points"),
        Column("band", "颜色", "center"),
    ]
    rows = [
        Row([p.label, p.target, p.actual, p.completion, p.progress, p.gap_points, band_cell(p.band)])
        for p in (v.contract, v.funds)
    ]
    return Table(
        title=f"全县总体进展（{v.months_label}）",
        number="表1",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=["注：正式合同额序时进度按月计；到位资金序时进度按季度节点（10%、50%、80%、100%）线性计。"],
        sheet_name="总体进展",
    )


def units_table(v: BulletinView) -> Table:
    w = v.snap["weights"]
    columns = [
        Column("rank", "名次", "int"),
        Column("unit", "单位", width=22),
        Column("c_target", "目标", "amount"),
        Column("c_actual", "完成", "amount"),
        Column("c_rate", "完成率", "pct"),
        Column("f_target", "目标", "amount"),
        Column("f_actual", "完成", "amount"),
        Column("f_rate", "完成率", "pct"),
        Column("s_contract", f"正式合同额（{w['contract']}）", "score"),
        Column("s_funds", f"资金到位额（{w['funds']}）", "score"),
        Column("s_funds_rate", f"资金到位率（{w['funds_rate']}）", "score"),
        Column("s_start_rate", f"开工率（{w['start_rate']}）", "score"),
        Column("bonus", "加分", "score"),
        Column("daily", f"日常工作（{w['daily']}）", "score"),
        Column("total", "总分", "score"),
    ]
    header = [
        [
            HeaderCell("名次", rowspan=2),
            HeaderCell("单位", rowspan=2),
            HeaderCell("正式合同额", colspan=3),
            HeaderCell("到位资金", colspan=3),
            HeaderCell("得分", colspan=7),
        ],
        [HeaderCell(t) for t in ("目标", "完成", "完成率") * 2] + [HeaderCell(c.title) for c in columns[8:]],
    ]
    rows = []
    for u in v.units:
        sc = u.scores
        rows.append(
            Row(
                [
                    u.rank,
                    u.name,
                    u.contract.target,
                    u.contract.actual,
                    u.contract.completion,
                    u.funds.target,
                    u.funds.actual,
                    u.funds.completion,
                    sc["contract"],
                    sc["funds"],
                    sc["funds_rate"],
                    sc["start_rate"],
                    sc["bonus"],
                    sc["daily"],
                    Value(sc["total"], bold=True),
                ]
            )
        )
    c_t = sum((u.contract.target for u in v.units), ZERO)
    c_a = sum((u.contract.actual for u in v.units), ZERO)
    f_t = sum((u.funds.target for u in v.units), ZERO)
    f_a = sum((u.funds.actual for u in v.units), ZERO)
    rows.append(
        Row(
            [
                Value(None, text="合计", colspan=2),
                None,
                c_t,
                c_a,
                c_a / c_t if c_t else None,
                f_t,
                f_a,
                f_a / f_t if f_t else None,
            ]
            + [None] * 7,
            kind="total",
        )
    )
    return Table(
        title=f"各单位完成情况及得分排名（{v.months_label}）",
        number="表3",
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：亿元、分",
        notes=[
            f"注：得分栏括号内为权重；按{v.scheme}考核方案计分，总分相同者名次并列；仅计截至"
            f"{v.as_of.year}年{v.as_of.month}月{v.as_of.day}日已认定的记录。"
        ],
        sheet_name="各单位得分排名",
    )


def leaders_table(v: BulletinView) -> Table:
    columns = [
        Column("leader", "分管县领导", "center", width=9),
        Column("units", "牵头单位（名次）", width=36),
        Column("c_actual", "完成", "amount"),
        Column("c_rate", "完成率", "pct"),
        Column("c_gap", "较序时", "points"),
        Column("f_actual", "完成", "amount"),
        Column("f_rate", "完成率", "pct"),
        Column("f_gap", "较序时", "points"),
    ]
    header = [
        [
            HeaderCell("分管县领导", rowspan=2),
            HeaderCell("牵头单位（名次）", rowspan=2),
            HeaderCell("正式合同额", colspan=3),
            HeaderCell("到位资金", colspan=3),
        ],
        [HeaderCell(t) for t in ("完成", "完成率", "较序时") * 2],
    ]
    rows = []
    for x in v.leaders:
        c, f = x["contract"], x["funds"]
        units = "、".join(f"{u['name']}（{u['rank']}）" for u in x["units"])
        rows.append(Row([x["name"], units, c.actual, c.completion, c.gap_points, f.actual, f.completion, f.gap_points]))
    return Table(
        title="分管县领导牵头单位完成情况",
        number="表4",
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：亿元、百分点",
        notes=[
            "注：按目标任务分解表所列牵头领导，汇总其牵头单位的全部目标和完成额计算完成率；"
            "一个单位由多位领导牵头的，分别计入。括号内为单位总分名次。"
        ],
        sheet_name="分管县领导",
    )


def bulletin_tables(v: BulletinView) -> dict[str, Table]:
    sectors = replace(sectors_table(v.sectors), number="表2", title=f"分领域进展（{v.months_label}）")
    milestones = replace(milestones_table(v.milestones), title="到位资金季度节点完成情况")
    return {
        "county": county_table(v),
        "milestones": milestones,
        "sectors": sectors,
        "units": units_table(v),
        "leaders": leaders_table(v),
    }


# --- charts ---------------------------------------------------------------------------------------------------------


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
            markers=[Marker(v.pass_score, f"{v.pass_score.normalize():f}分", "target")],
            value_format=lambda x: f"{x:.2f}",
            tick_format=lambda x: f"{x:.0f}",
            legend=[
                ("normal", f"{v.pass_score.normalize():f}分及以上"),
                ("alert", f"低于{v.pass_score.normalize():f}分"),
            ],
            label="各单位总分",
            width=620,
        ),
        "unit_funds": completion_bars(v.units, "funds", v.funds_time_progress, "各单位到位资金完成率与序时进度", 620),
    }


# --- the document ---------------------------------------------------------------------------------------------------

STATE_NOTES = {
    "published": "",
    "draft": "（草稿，未发布）",
    "live": "（即时计算，未发布）",
}


def bulletin_document(v: BulletinView, state: str) -> DocumentHeader:
    issued = (v.issued_at or v.computed_at).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    subtitle = f"（数据截至{v.as_of.year}年{v.as_of.month}月{v.as_of.day}日，仅计已认定记录）{STATE_NOTES[state]}"
    return DocumentHeader.monthly_bulletin(
        year=v.year, month=v.month, number=v.number, issued_on=issued, subtitle=subtitle
    )


def bulletin_context(snap: dict, *, problems: str, next_steps: str, state: str) -> dict:
    v = BulletinView(snap)
    five = five_colour_views_of(v)
    return {
        "v": v,
        "state": state,
        "problems": problems,
        "next_steps": next_steps,
        "tables": bulletin_tables(v),
        "charts": bulletin_charts(v),
        "text": {
            "overview": overview_text(v),
            "sectors": sectors_text(v),
            "units": units_text(v),
            "leaders": leaders_text(v),
        },
        "five": five,
        "month_charts": (
            {key: month_chart(v.five_colour, five.legend, key) for key in MONTH_CHART_NAMES} if five else {}
        ),
        "document": bulletin_document(v, state),
    }


def five_colour_views_of(v: BulletinView):
    """Section 五 from the snapshot's five-colour data (``reports.five_colour``): its legend, tables and charts."""
    if not v.five_colour:
        return None
    from reports.five_colour import five_colour_views

    return five_colour_views(v.five_colour)


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


def bulletin_pdf(snap: dict, *, problems: str, next_steps: str, state: str) -> bytes:
    context = bulletin_context(snap, problems=problems, next_steps=next_steps, state=state)
    v = context["v"]
    return render_pdf(
        PDF_TEMPLATE,
        context,
        identifier=f"bulletin-{v.year}-{v.month:02d}",
        created=v.issued_at or v.computed_at,
    )


def bulletin_xlsx_tables(context: dict) -> list[Table]:
    tables = list(context["tables"].values())
    five = context["five"]
    if five is not None:
        tables += [five.indicator_table, five.month_table]
    return tables


def pdf_filename(v: BulletinView, state: str) -> str:
    return f"{v.year}年第{v.number}期招商引资工作月通报{STATE_NOTES[state]}.pdf"
