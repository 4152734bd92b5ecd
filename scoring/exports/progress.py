"""全县进度 as .xlsx: every table of the progress page, with the figures rounded as the page shows them."""

from core.formatting import pct, yi
from core.tables import Column, HeaderCell, Row, Table, Value, band_cell
from scoring.exports.common import cut_off_notes, none_row, shown

PROGRESS_COLUMNS = [
    Column("actual", "完成", "amount"),
    Column("target", "目标", "amount"),
    Column("completion", "完成率", "pct"),
    Column("gap", "超/滞后（百分点）", "points"),
    Column("band", "颜色", "center"),
]


def county_table(p: dict, rules, as_of, warning: str = "") -> Table:
    columns = [
        Column("item", "指标", width=14),
        Column("target", "年度目标", "amount"),
        Column("actual", "完成", "amount"),
        Column("completion", "完成率", "pct"),
        Column("progress", "序时进度", "pct"),
        Column("expected", "应完成", "amount"),
        Column("gap", "超/滞后（百分点）", "points"),
        Column("band", "颜色", "center"),
    ]
    rows = [
        Row(
            [
                item.label,
                item.target,
                item.actual,
                item.completion,
                item.progress,
                item.expected,
                item.gap_points,
                band_cell(item.band),
            ]
        )
        for item in p["county"].values()
    ]
    notes = cut_off_notes(as_of, warning) + [
        f"序时进度 {pct(p['time_progress'])}；到位资金序时进度 {pct(p['funds_time_progress'])}"
        f"（{p['quarter']}季度末节点 {shown(p['milestone'], 2)}%，即 {yi(p['milestone_amount'])} 亿元）。",
        legend(rules),
    ]
    return Table(title="全县目标", columns=columns, rows=rows, unit="单位：亿元", notes=notes, sheet_name="全县目标")


def legend(rules) -> str:
    return (
        "五色：绿＝已完成年度目标；蓝＝达到或超过序时进度；"
        f"黄＝落后不超过{shown(rules.band_yellow_within, 2)}个百分点；"
        f"橙＝落后不超过{shown(rules.band_orange_within, 2)}个百分点；红＝落后更多。"
    )


def sectors_table(p: dict) -> Table:
    columns = [Column("name", "类别", width=24)]
    for prefix in ("contract", "funds"):
        columns += [Column(f"{prefix}_{c.key}", c.title, c.kind) for c in PROGRESS_COLUMNS]
    header = [
        [
            HeaderCell("类别", rowspan=2),
            HeaderCell("正式合同额（亿元）", colspan=5),
            HeaderCell("到位资金（亿元）", colspan=5),
        ],
        [HeaderCell(c.title) for c in PROGRESS_COLUMNS] * 2,
    ]
    rows = []
    for s in p["sectors"]:
        cells = [s["name"]]
        for item in (s["contract"], s["funds"]):
            cells += [item.actual, item.target, item.completion, item.gap_points, band_cell(item.band)]
        rows.append(Row(cells))
    return Table(
        title="分领域进度（按项目所属类别）", columns=columns, rows=rows, header=header, sheet_name="分领域进度"
    )


def _commitment_row(label: str, item) -> Row:
    """A row of 其他工作目标: counts as counted, targets as ``floatformat:"-2"`` shows them."""
    in_yi = item.unit == "亿元"
    return Row(
        [
            label,
            shown(item.actual, 2) if in_yi else item.actual,
            shown(item.target, 2),
            item.completion,
            item.progress,
            item.gap_points,
            band_cell(item.band),
        ]
    )


def commitments_table(p: dict) -> Table:
    c = p["commitments"]
    columns = [
        Column("item", "事项", width=30),
        Column("actual", "完成", "number"),
        Column("target", "目标", "number"),
        Column("completion", "完成率", "pct"),
        Column("progress", "序时进度", "pct"),
        Column("gap", "超/滞后（百分点）", "points"),
        Column("band", "颜色", "center"),
    ]
    library = c["library"]
    stages = "；".join(f"{st['stage']} {st['count']}个 {yi(st['total'])}亿元" for st in library["stages"])
    negotiating = library["pipeline"]["totals"][2]
    stages += f"；洽谈中目标企业 {negotiating['count']}家 {yi(negotiating['total'])}亿元"
    rows = [
        _commitment_row("走访拜访企业（家）", c["visits"]["progress"]),
        _commitment_row("招商专业培训（次）", c["trainings"]["progress"]),
        Row(
            [
                "滚动储备项目库（储备、在谈项目＋洽谈中目标企业，亿元）",
                shown(library["reserve"], 2),
                shown(library["target"], 2),
                Value(None, text=stages, colspan=4),
            ]
        ),
    ]
    return Table(title="其他工作目标", columns=columns, rows=rows, sheet_name="其他工作目标")


def _mark(period, met_text="✓") -> str:
    if period.met:
        return met_text
    return "进行中" if period.open else "✗"


def _ceremony(period) -> str:
    return _mark(period, "✓" + "".join(f" {e['held_on'].month}/{e['held_on'].day}" for e in period.value or ()))


def months_table(p: dict, rules) -> Table:
    c = p["commitments"]
    months = c["monthly_signings"]
    columns = [Column("item", "按月", width=30)] + [Column(f"m{i}", m.label, "number") for i, m in enumerate(months)]
    rows = [
        Row(["走访企业（家）"] + [m[1] for m in c["visits"]["months"]]),
        Row([f"亿元以上项目签约（≥{shown(rules.monthly_signing_min, 2)}亿元）"] + [_mark(m) for m in months]),
    ]
    return Table(title="按月", columns=columns, rows=rows, sheet_name="按月")


def quarters_table(p: dict, rules) -> Table:
    c = p["commitments"]
    quarters = c["quarterly_signings"]
    columns = [Column("item", "按季度", width=30)] + [
        Column(f"q{i}", q.label, "center") for i, q in enumerate(quarters)
    ]
    rows = [
        Row(
            [f"10亿元以上项目签约（≥{shown(rules.quarterly_signing_min, 2)}亿元）"]
            + [_mark(q, f"✓ {yi(q.value)}亿元") for q in quarters]
        ),
        Row(["重大项目集中签约仪式"] + [_ceremony(q) for q in c["ceremonies"]["signing"]]),
        Row(["重大项目集中开工活动"] + [_ceremony(q) for q in c["ceremonies"]["start"]]),
    ]
    notes = [
        f"集中签约、集中开工按“必参活动”中名称含“{rules.signing_ceremony_keyword}”“{rules.start_ceremony_keyword}”"
        "的活动统计；培训按类型为“招商培训”的必参活动统计。"
    ]
    return Table(title="按季度", columns=columns, rows=rows, notes=notes, sheet_name="按季度")


def leaders_table(p: dict, rules) -> Table:
    c = p["commitments"]
    columns = (
        [Column("leader", "县领导", width=12)]
        + [Column(f"m{i}", m.label, "int") for i, m in enumerate(c["monthly_signings"])]
        + [Column("short", "未达月数", "int")]
    )
    rows = [Row([str(row["leader"])] + [m.value for m in row["months"]] + [row["short"]]) for row in c["leaders"]]
    title = (
        f"县领导每月外出招商（≥{rules.leader_trips_per_month}次/月，"
        "按已认定的外出拜访、招商活动记录中参加的县领导统计）"
    )
    return Table(
        title=title, columns=columns, rows=rows or [none_row(columns)], unit="单位：次", sheet_name="县领导外出招商"
    )


def progress_tables(p: dict, rules, as_of, warning: str = "") -> list[Table]:
    """The page's tables in its order: county, sectors, other commitments, by month, by quarter, leaders."""
    return [
        county_table(p, rules, as_of, warning),
        sectors_table(p),
        commitments_table(p),
        months_table(p, rules),
        quarters_table(p, rules),
        leaders_table(p, rules),
    ]
