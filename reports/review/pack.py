"""The quarterly review pack (季点评) for the county executive meeting: the county and the sectors against the quarter's
funds milestone, each unit's standing and its change since the last quarter, the best and the lagging.

Figures are scoring's at the quarter's end (``reports.dashboards.selectors.standings``), never recomputed here."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.formatting import pct, plain
from core.tables import Column, Row, Table, band_cell
from reports import charts
from reports.charts import Bar, Marker
from reports.dashboards import selectors
from reports.dashboards.charts import clipped
from reports.dashboards.tables import sectors_table
from scoring import selectors as scoring_selectors

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
BEST = 3  # how many units the pack names as the best and as the most improved


def quarter_end(year: int, quarter: int) -> dt.date:
    return scoring_selectors.month_ends(year)[3 * quarter - 1]


@dataclass(frozen=True)
class Change:
    """A unit at the quarter's end and at the end of the quarter before (None in the first quarter)."""

    now: selectors.UnitStanding
    before: selectors.UnitStanding | None

    @property
    def score_change(self) -> Decimal | None:
        return None if self.before is None else self.now.score.total - self.before.score.total

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative)."""
        return None if self.before is None else self.before.score.rank - self.now.score.rank

    @property
    def rank_text(self) -> str:
        moved = self.rank_change
        if moved is None:
            return ""
        return "名次持平" if moved == 0 else (f"名次上升{moved}位" if moved > 0 else f"名次下降{-moved}位")

    def _points(self, key: str) -> Decimal | None:
        if self.before is None:
            return None
        a, b = getattr(self.now, key).completion, getattr(self.before, key).completion
        return None if a is None or b is None else (a - b) * 100

    @property
    def contract_change(self) -> Decimal | None:
        """Completion gained in the quarter, in percentage points."""
        return self._points("contract")

    @property
    def funds_change(self) -> Decimal | None:
        return self._points("funds")


@dataclass(frozen=True)
class Shortfall:
    """One indicator of a unit short of what the quarter asks: the funds milestone, or time progress for contracts."""

    label: str  # 到位资金 / 正式合同额
    completion: Decimal
    required: Decimal  # the milestone or time progress (a fraction)
    points: Decimal  # percentage points short (positive)
    amount: Decimal  # 亿元 still needed to reach it

    @property
    def text(self) -> str:
        need = "季度节点" if self.label == "到位资金" else "序时进度"
        return (
            f"{self.label}完成 {pct(self.completion)}，低于{need}（{pct(self.required)}）{self.points:.1f} 个百分点，"
            f"差 {self.amount:.2f} 亿元"
        )


@dataclass(frozen=True)
class Behind:
    """A unit short of the quarter's milestone on at least one indicator, the furthest first."""

    change: Change
    shortfalls: tuple[Shortfall, ...]  # the largest gap first

    @property
    def now(self) -> selectors.UnitStanding:
        return self.change.now

    @property
    def worst(self) -> Shortfall:
        return self.shortfalls[0]


def _shortfall(p) -> Shortfall | None:
    gap = p.gap_points
    if gap is None or gap >= 0:
        return None
    return Shortfall(p.label, p.completion, p.progress, -gap, max(Decimal("0"), p.expected - p.actual))


def behind_milestone(changes: list[Change]) -> list[Behind]:
    """The units short of the quarter-end milestone (到位资金) or of time progress (正式合同额), ordered by how far
    behind their worse indicator is (percentage points, then the amount still needed, then rank)."""
    out = []
    for c in changes:
        gaps = [g for g in (_shortfall(c.now.funds), _shortfall(c.now.contract)) if g is not None]
        if gaps:
            gaps.sort(key=lambda g: (-g.points, -g.amount))
            out.append(Behind(c, tuple(gaps)))
    out.sort(key=lambda b: (-b.worst.points, -b.worst.amount, b.now.score.rank))
    return out


@dataclass(frozen=True)
class Commitment:
    """One of the plan's commitments for the quarter (DOMAIN.md §2): what it asks, what happened, whether it held."""

    item: str
    required: str
    done: str
    met: bool | None  # None: nothing to judge yet (the quarter has not ended)


def quarter_commitments(overview: dict, quarter: int, rules) -> list[Commitment]:
    """Visits, the ≥ 1 亿 signing each month, the ≥ 10 亿 signing, the concentrated signing ceremony and project start,
    and each leader's monthly trip, for the quarter's three months (the plan's §三)."""
    c = overview["commitments"]
    months = range(3 * quarter - 2, 3 * quarter + 1)
    visits = sum(n for m, n, _ in c["visits"]["months"] if m in months)
    visit_progress = c["visits"]["progress"]
    quarterly = c["quarterly_signings"][quarter - 1] if len(c["quarterly_signings"]) >= quarter else None
    monthly = [p for p in c["monthly_signings"] if int(p.label.rstrip("月")) in months]
    out = [
        Commitment(
            "走访拜访企业",
            f"全年 {rules.visits_target} 家以上",
            f"本季度 {visits} 家；全年累计 {plain(visit_progress.actual)} 家，序时应 {visit_progress.expected:.0f} 家",
            visit_progress.actual >= visit_progress.expected,
        ),
        Commitment(
            "每月亿级项目签约",
            f"每月至少1个 {plain(rules.monthly_signing_min)} 亿元以上项目",
            "；".join(f"{p.label}{'有' if p.met else '无'}" for p in monthly) or "—",
            all(p.met for p in monthly) if monthly else None,
        ),
    ]
    if quarterly is not None:
        largest = f"，最大一个 {quarterly.value:.2f} 亿元" if quarterly.value is not None else ""
        out.append(
            Commitment(
                "季度10亿级重要项目签约",
                f"每季度至少1个 {plain(rules.quarterly_signing_min)} 亿元以上项目",
                ("已签约" if quarterly.met else "未签约") + largest,
                quarterly.met,
            )
        )
    for key, label in (("signing", "重大招商项目集中签约仪式"), ("start", "重大招商项目集中开工活动")):
        periods = c["ceremonies"][key]
        if len(periods) >= quarter:
            held = periods[quarter - 1]
            text = (
                "；".join(f"{e['title']}（{e['held_on'].month}月{e['held_on'].day}日）" for e in held.value) or "未举行"
            )
            out.append(Commitment(label, "每季度举行1次", text, held.met))
    short = []
    for row in c["leaders"]:
        missed = [p.label for p in row["months"] if int(p.label.rstrip("月")) in months and not p.met and not p.open]
        if missed:
            short.append(f"{row['leader'].name}（{'、'.join(missed)}）")
    out.append(
        Commitment(
            "县领导外出招商",
            f"每人每月至少 {rules.leader_trips_per_month} 次",
            ("未达到：" + "；".join(short)) if short else f"{len(c['leaders'])} 位县领导均已达到",
            not short,
        )
    )
    return out


def review_pack(year, quarter: int) -> dict:
    as_of = quarter_end(year.year, quarter)
    now = selectors.standings(year, as_of, fresh=True)
    before = (
        selectors.standings(year, quarter_end(year.year, quarter - 1), now.scheme, fresh=True) if quarter > 1 else None
    )
    rules = now.rules
    overview = scoring_selectors.county_progress(year, as_of, rules)
    changes = [Change(u, before.unit(u.unit_id) if before else None) for u in now.ranking]
    improved = sorted(
        (c for c in changes if c.score_change is not None and c.score_change > 0),
        key=lambda c: (-c.score_change, c.now.score.rank),
    )[:BEST]
    return {
        "year": year,
        "quarter": quarter,
        "quarter_name": QUARTER_NAMES[quarter],
        "as_of": as_of,
        "previous_as_of": before.as_of if before else None,
        "standings": now,
        "rules": rules,
        "overview": overview,
        "county": overview["county"],
        "milestone": overview["milestone"],
        "milestone_amount": overview["milestone_amount"],
        "milestone_short": max(Decimal("0"), overview["milestone_amount"] - overview["county"]["funds"].actual),
        "changes": changes,
        "best": changes[:BEST],
        "improved": improved,
        "lagging": [c for c in changes if c.now.lagging],
        "behind": behind_milestone(changes),
        "commitments": quarter_commitments(overview, quarter, rules),
    }


def units_table(pack: dict) -> Table:
    columns = [
        Column("rank", "名次", "int"),
        Column("change", "名次变化", "center"),
        Column("unit", "单位", width=20),
        Column("c_rate", "合同额完成率", "pct"),
        Column("c_change", "本季度提高", "points"),
        Column("c_band", "颜色", "center"),
        Column("f_rate", "到位完成率", "pct"),
        Column("f_change", "本季度提高", "points"),
        Column("f_band", "颜色", "center"),
        Column("total", "总分", "score"),
        Column("score_change", "较上季度", "points"),
    ]
    rows = []
    for c in pack["changes"]:
        u = c.now
        moved = c.rank_change
        rows.append(
            Row(
                [
                    u.score.rank,
                    "—" if moved is None else ("持平" if moved == 0 else (f"↑{moved}" if moved > 0 else f"↓{-moved}")),
                    u.name,
                    u.contract.completion,
                    c.contract_change,
                    band_cell(u.contract.band),
                    u.funds.completion,
                    c.funds_change,
                    band_cell(u.funds.band),
                    u.score.total,
                    c.score_change,
                ]
            )
        )
    previous = pack["previous_as_of"]
    notes = ["注：“本季度提高”为完成率较上季度末提高的百分点；“较上季度”为总分变化（分）。"]
    if previous is None:
        notes = ["注：第一季度无上季度可比。"]
    return Table(
        title=f"{pack['year'].year}年第{pack['quarter_name']}季度各单位完成情况及排名变化",
        columns=columns,
        rows=rows,
        notes=notes,
        sheet_name="各单位",
    )


def county_table(pack: dict) -> Table:
    c, f = pack["county"]["contract"], pack["county"]["funds"]
    columns = [
        Column("item", "指标", width=12),
        Column("target", "年度目标", "amount"),
        Column("actual", "累计完成", "amount"),
        Column("completion", "完成率", "pct"),
        Column("progress", "序时进度/节点", "pct"),
        Column("expected", "应完成", "amount"),
        Column("gap", "较序时（百分点）", "points"),
        Column("band", "颜色", "center"),
    ]
    rows = [
        Row([p.label, p.target, p.actual, p.completion, p.progress, p.expected, p.gap_points, band_cell(p.band)])
        for p in (c, f)
    ]
    return Table(
        title=f"全县进展（截至{pack['as_of']:%Y年%m月%d日}）",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=[
            f"注：第{pack['quarter_name']}季度末到位资金节点为全年目标的{plain(pack['milestone'])}%，"
            f"即 {pack['milestone_amount']:.2f} 亿元。"
        ],
        sheet_name="全县",
    )


def highlights_table(pack: dict) -> Table:
    columns = [Column("kind", "类别", "center"), Column("unit", "单位", width=20), Column("why", "情况", width=60)]
    rows = []
    for c in pack["best"]:
        rows.append(Row(["排名靠前", c.now.name, f"第{c.now.score.rank}名，总分 {c.now.score.total:.2f} 分"]))
    for c in pack["improved"]:
        rows.append(
            Row(["进步明显", c.now.name, f"总分较上季度提高 {c.score_change:.2f} 分，名次变化 {c.rank_change:+d}"])
        )
    for i, b in enumerate(pack["behind"], 1):
        rows.append(Row([f"滞后第{i}", b.now.name, "；".join(g.text for g in b.shortfalls)]))
    return Table(
        title="表现突出与进度滞后的单位",
        columns=columns,
        rows=rows,
        notes=["注：进度滞后指到位资金低于本季度末节点或正式合同额低于序时进度，按滞后较多一项的百分点从多到少排列。"],
        sheet_name="点评",
    )


def commitments_table(pack: dict) -> Table:
    columns = [
        Column("item", "事项", width=22),
        Column("required", "方案要求", width=28),
        Column("done", "本季度完成情况", width=50),
        Column("met", "是否完成", "center"),
    ]
    rows = [
        Row([c.item, c.required, c.done, "—" if c.met is None else ("完成" if c.met else "未完成")])
        for c in pack["commitments"]
    ]
    return Table(
        title=f"第{pack['quarter_name']}季度方案承诺事项完成情况",
        columns=columns,
        rows=rows,
        notes=["注：走访、签约、集中活动、县领导外出均只计已认定的记录和已登记的必参活动。"],
        sheet_name="承诺事项",
    )


def review_tables(pack: dict) -> dict[str, Table]:
    return {
        "county": county_table(pack),
        "sectors": sectors_table(pack["overview"]["sectors"]),
        "units": units_table(pack),
        "highlights": highlights_table(pack),
        "commitments": commitments_table(pack),
    }


def review_charts(pack: dict) -> dict:
    sectors = pack["overview"]["sectors"]
    f = pack["county"]["funds"]
    c = pack["county"]["contract"]

    def bars(key):
        out = []
        for s in sectors:
            p = s[key]
            name = "直属单位" if s["name"].startswith("不分领域") else s["name"]
            behind = p.completion is not None and p.completion < p.progress
            out.append(
                Bar(
                    name,
                    clipped(p.completion),
                    "alert" if behind else "normal",
                    text=pct(p.completion),
                )
            )
        county = pack["county"][key]
        out.append(
            Bar(
                "全县",
                clipped(county.completion),
                "normal",
                text=pct(county.completion),
            )
        )
        return out

    def chart(key, progress, label, marker_label):
        return charts.bar_chart(
            bars(key),
            markers=[Marker(Decimal(progress) * 100, f"{marker_label} {pct(progress)}", "progress")],
            value_format=lambda v: f"{v:.0f}%",
            tick_format=lambda v: f"{v:.0f}%",
            legend=[("normal", "达到"), ("alert", "未达到")],
            label=label,
            width=560,
        )

    return {
        "funds": chart("funds", f.progress, "各领域到位资金完成率与季度节点", f"{pack['quarter_name']}季度末节点"),
        "contract": chart("contract", c.progress, "各领域正式合同额完成率与序时进度", "序时进度"),
        "units": _score_chart(pack),
    }


def _score_chart(pack: dict):
    """Each unit's total this quarter, hatched where it fell since the last quarter."""
    bars = []
    for c in pack["changes"]:
        fell = c.score_change is not None and c.score_change < 0
        text = f"{c.now.score.total:.2f}"
        if c.score_change is not None:
            text += f"（{c.score_change:+.2f}）"
        bars.append(Bar(c.now.name, c.now.score.total, "alert" if fell else "normal", text=text))
    pass_score = pack["rules"].pass_score
    return charts.bar_chart(
        bars,
        markers=[Marker(pass_score, f"{plain(pass_score)}分", "target")],
        value_format=lambda v: f"{v:.2f}",
        tick_format=lambda v: f"{v:.0f}",
        legend=[("normal", "总分持平或上升"), ("alert", "总分较上季度下降")],
        label="各单位总分（括号内为较上季度变化）",
        width=620,
    )


def review_document(pack: dict, review=None):
    """The PDF's header: the office's 文号 and 印发日期 when set (a draft without an issue date is dated by its
    cut-off)."""
    from reports.pdf import DocumentHeader

    number = (review.number if review else "") or ""
    issued = review.issued_on if review and review.issued_on else None
    return DocumentHeader(
        title=f"{pack['year'].year}年第{pack['quarter_name']}季度全县招商引资工作点评",
        issue_label=number,
        subtitle=f"（数据截至{pack['as_of'].year}年{pack['as_of'].month}月{pack['as_of'].day}日，仅计已认定记录）",
        date=issued or pack["as_of"],
        running_title=f"{pack['year'].year}年第{pack['quarter_name']}季度招商引资工作点评"
        + (f"　{number}" if number else ""),
        printed_on=issued,
    )
