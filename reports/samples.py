"""A sample bulletin skeleton with made-up figures (示例数据): the demo of the PDF, chart and export foundation at
/reports/sample/, the input of bench/pdf_bench.py and the fixture of the PDF tests.

Only the targets are real (the year's breakdown table); every actual figure, colour band and month value is invented
from the row's position, so the sample is the same on every run. The real bulletin replaces ``dummy_figures`` with
the scores of the scoring engine and the bands with the year's scheme; the tables and charts are built the same way.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from core.formatting import pct, points, yi
from core.tables import Column, HeaderCell, Row, Table, Value
from reports import charts
from reports.charts import Band, Bar, Cell, GridRow, Marker, Series
from reports.pdf import DocumentHeader

PLAN_CSV = Path(__file__).resolve().parent.parent / "targets" / "data" / "targets_2023.csv"
ZERO = Decimal("0")
OTHER = "其他"

# Made up for the sample: the real bands, colours and descriptions are data of the year's scheme (DOMAIN.md §5.3).
SAMPLE_BANDS = (
    Band("green", "绿", "#2e7d32", "#ffffff", "完成全年目标"),
    Band("blue", "蓝", "#1f5fa8", "#ffffff", "达到序时进度"),
    Band("yellow", "黄", "#f4d03f", "#000000", "滞后10个百分点以内"),
    Band("orange", "橙", "#e67e22", "#000000", "滞后10—30个百分点"),
    Band("red", "红", "#c0392b", "#ffffff", "滞后30个百分点以上"),
)


@dataclass(frozen=True)
class PlanLine:
    """A row of the breakdown table as the sample needs it (from the database or from the shipped CSV)."""

    sector: str | None
    leaders: tuple[str, ...]
    unit: str
    signed_target: Decimal
    funded_target: Decimal


@dataclass(frozen=True)
class Figures:
    signed: Decimal
    funded: Decimal


def plan_lines_from_db(year) -> list[PlanLine]:
    from targets.models import TargetRow

    return [
        PlanLine(
            row.sector.name if row.sector else None,
            tuple(leader.name for leader in row.leader_list),
            row.unit.name,
            row.signed_target,
            row.funded_target,
        )
        for row in TargetRow.objects.for_breakdown(year)
    ]


def plan_lines_from_csv(path: Path = PLAN_CSV, year: int = 2023) -> list[PlanLine]:
    from targets.importing import parse_csv

    parsed = parse_csv(path.read_bytes(), year=year)
    return [PlanLine(r.sector, r.leaders, r.unit, r.signed_target, r.funded_target) for r in parsed.rows]


def dummy_figures(lines: list[PlanLine]) -> list[Figures]:
    """Invented actuals: between 25 % and 125 % of each target, by position (the same on every run)."""
    out = []
    for i, line in enumerate(lines):
        signed_share = Decimal(25 + (i * 37) % 101) / 100
        funded_share = Decimal(20 + (i * 53) % 97) / 100
        signed = (line.signed_target * signed_share).quantize(Decimal("0.0001"))
        funded = (line.funded_target * funded_share).quantize(Decimal("0.0001"))
        if line.signed_target == 0:
            signed = Decimal("0.1500")
        out.append(Figures(signed, funded))
    return out


def time_progress(month: int) -> tuple[Decimal, Decimal]:
    """(contracts, funds) time progress at the end of ``month`` (DOMAIN.md §5.3: months/12; 10/50/80/100 % by quarter,
    linear in between)."""
    milestones = [ZERO, Decimal("0.10"), Decimal("0.50"), Decimal("0.80"), Decimal("1")]
    quarter, into = divmod(month, 3)
    funds = milestones[quarter] + (milestones[min(quarter + 1, 4)] - milestones[quarter]) * into / 3
    return Decimal(month) / 12, funds


def ratio(actual: Decimal, target: Decimal) -> Decimal | None:
    return actual / target if target else None


def band_of(completion: Decimal | None, progress: Decimal) -> str | None:
    """The sample's band rule (the real one lives in the year's scheme)."""
    if completion is None:
        return None
    gap = (completion - progress) * 100
    if completion >= 1:
        return "green"
    if gap >= 0:
        return "blue"
    if gap >= -10:
        return "yellow"
    if gap >= -30:
        return "orange"
    return "red"


def breakdown_table(
    lines: list[PlanLine], figures: list[Figures], *, year: int = 2023, month: int, number: str = ""
) -> Table:
    """The breakdown table with each row's completion: sector cells merged, sector subtotals, a grand total."""
    signed_progress, funds_progress = time_progress(month)
    columns = [
        Column("sector", "类别", "center", width=10),
        Column("leaders", "牵头领导", "center", width=12),
        Column("unit", "责任单位", width=22),
        Column("signed_target", "目标", "amount"),
        Column("signed", "完成", "amount"),
        Column("signed_rate", "完成率", "pct"),
        Column("signed_gap", "较序时进度", "points"),
        Column("funded_target", "目标", "amount"),
        Column("funded", "完成", "amount"),
        Column("funded_rate", "完成率", "pct"),
        Column("funded_gap", "较序时进度", "points"),
    ]
    header = [
        [
            HeaderCell("类别", rowspan=2),
            HeaderCell("牵头领导", rowspan=2),
            HeaderCell("责任单位", rowspan=2),
            HeaderCell("正式合同额", colspan=4),
            HeaderCell("到位资金", colspan=4),
        ],
        [HeaderCell(t) for t in ("目标", "完成", "完成率", "较序时进度") * 2],
    ]

    def measures(signed_t, signed, funded_t, funded):
        s_rate, f_rate = ratio(signed, signed_t), ratio(funded, funded_t)
        return [
            signed_t,
            signed,
            s_rate,
            None if s_rate is None else (s_rate - signed_progress) * 100,
            funded_t,
            funded,
            f_rate,
            None if f_rate is None else (f_rate - funds_progress) * 100,
        ]

    rows = []
    pairs = list(zip(lines, figures, strict=True))
    for sector, members in groupby(pairs, key=lambda p: p[0].sector):
        members = list(members)
        for k, (line, fig) in enumerate(members):
            first = Value(sector or OTHER, rowspan=len(members) + (1 if sector else 0)) if k == 0 else None
            rows.append(
                Row(
                    [first, "、".join(line.leaders), line.unit]
                    + measures(line.signed_target, fig.signed, line.funded_target, fig.funded)
                )
            )
        if sector:
            sums = [
                sum(x, ZERO)
                for x in zip(
                    *[(ln.signed_target, f.signed, ln.funded_target, f.funded) for ln, f in members], strict=True
                )
            ]
            rows.append(Row([None, Value("小计", colspan=2)] + [None] + measures(*sums), kind="subtotal"))
    totals = [
        sum(x, ZERO)
        for x in zip(*[(ln.signed_target, f.signed, ln.funded_target, f.funded) for ln, f in pairs], strict=True)
    ]
    rows.append(Row([Value("全县合计", colspan=3), None, None] + measures(*totals), kind="total"))
    return Table(
        title=f"{year}年1—{month}月目标任务完成情况（示例数据）",
        number=number,
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：亿元",
        notes=[
            f"注：序时进度按月计，正式合同额 {pct(signed_progress)}、到位资金 {pct(funds_progress)}（按季度节点）；"
            "“较序时进度”为完成率减序时进度，单位为百分点。本表数据为示例。"
        ],
        sheet_name="目标任务完成情况",
    )


def unit_totals(
    lines: list[PlanLine], figures: list[Figures]
) -> list[tuple[str, str, Decimal, Decimal, Decimal, Decimal]]:
    """(unit, group, signed target, signed, funded target, funded) per unit, in the order of the table."""
    order, data = [], {}
    for line, fig in zip(lines, figures, strict=True):
        if line.unit not in data:
            order.append(line.unit)
            data[line.unit] = [line.sector or OTHER, ZERO, ZERO, ZERO, ZERO]
        entry = data[line.unit]
        entry[1] += line.signed_target
        entry[2] += fig.signed
        entry[3] += line.funded_target
        entry[4] += fig.funded
    return [(unit, *data[unit]) for unit in order]


def five_colour_rows(lines, figures, *, month: int) -> list[GridRow]:
    signed_progress, funds_progress = time_progress(month)
    rows = []
    for i, (unit, group, s_t, s, f_t, f) in enumerate(unit_totals(lines, figures)):
        s_rate, f_rate = ratio(s, s_t), ratio(f, f_t)
        total = Decimal(55 + (i * 29) % 45) + Decimal(i % 7) / 4
        cells = [
            Cell(band_of(s_rate, signed_progress), yi(s), f"{pct(s_rate)}｜{points((s_rate - signed_progress) * 100)}"),
            Cell(band_of(f_rate, funds_progress), yi(f), f"{pct(f_rate)}｜{points((f_rate - funds_progress) * 100)}"),
            Cell(band_of(total / 100, Decimal("0.8")), f"{total:.2f}", "示例得分"),
        ]
        rows.append(GridRow(unit, cells, group=group))
    return rows


def month_view_rows(lines, figures, *, month: int) -> list[GridRow]:
    rows = []
    for i, (unit, group, _s_t, _s, f_t, f) in enumerate(unit_totals(lines, figures)):
        cells = []
        for m in range(1, 13):
            if m > month:
                cells.append(Cell(None, ""))
                continue
            _c, progress = time_progress(m)
            share = Decimal(m) / month * (Decimal(80 + (i * 13 + m * 7) % 40) / 100)
            rate = ratio(f * share, f_t)
            cells.append(Cell(band_of(rate, progress), pct(rate, 0)))
        rows.append(GridRow(unit, cells, group=group))
    return rows


def sample_context(
    lines: list[PlanLine], *, year: int = 2023, month: int = 10, issued_on: dt.date | None = None
) -> dict:
    """Everything the sample bulletin template shows, for the cut-off at the end of ``month`` of ``year``."""
    figures = dummy_figures(lines)
    signed_progress, funds_progress = time_progress(month)
    signed_t = sum((ln.signed_target for ln in lines), ZERO)
    funded_t = sum((ln.funded_target for ln in lines), ZERO)
    signed = sum((f.signed for f in figures), ZERO)
    funded = sum((f.funded for f in figures), ZERO)
    if issued_on is None:
        issued_on = dt.date(year, month + 1, 10) if month < 12 else dt.date(year + 1, 1, 10)

    cumulative = [funded * Decimal(m * m) / (month * month) for m in range(1, month + 1)]
    milestones = [funded_t * time_progress(m)[1] for m in range(1, 13)]
    trend = charts.line_chart(
        [f"{m}月" for m in range(1, 13)],
        [
            Series("累计到位资金（示例）", [c.quantize(Decimal("0.01")) for c in cumulative] + [None] * (12 - month)),
            Series("序时进度节点", [m.quantize(Decimal("0.01")) for m in milestones], line="dashed"),
        ],
        markers=[Marker(funded_t, f"全年目标 {yi(funded_t)}", "target")],
        label="全县到位资金月度累计与序时进度（亿元，示例数据）",
    )
    sectors = []
    for sector, members in groupby(zip(lines, figures, strict=True), key=lambda p: p[0].sector or OTHER):
        members = list(members)
        sectors.append(
            (
                sector,
                sum((ln.signed_target for ln, _f in members), ZERO),
                sum((f.signed for _ln, f in members), ZERO),
            )
        )
    sector_chart = charts.grouped_bar_chart(
        [s[0] for s in sectors],
        [
            Series("目标", [s[1] for s in sectors], fill="light"),
            Series("完成（示例）", [s[2] for s in sectors], show_values=True),
        ],
        label="分领域正式合同额目标与完成（亿元，示例数据）",
    )
    unit_bars = []
    for unit, _g, s_t, s, _ft, _f in unit_totals(lines, figures):
        rate = ratio(s, s_t)
        behind = rate is not None and rate < signed_progress
        unit_bars.append(
            Bar(unit, None if rate is None else rate * 100, "alert" if behind else "normal", text=pct(rate))
        )
    unit_chart = charts.bar_chart(
        unit_bars,
        markers=[
            Marker(signed_progress * 100, f"序时进度 {pct(signed_progress)}", "progress"),
            Marker(100, "全年目标 100%", "target"),
        ],
        value_format=lambda v: f"{v:.0f}%",
        legend=[("normal", "达到序时进度"), ("alert", "滞后序时进度")],
        label="各单位正式合同额完成率（示例数据）",
    )
    indicator_rows = five_colour_rows(lines, figures, month=month)
    month_rows = month_view_rows(lines, figures, month=month)
    return {
        "document": DocumentHeader.monthly_bulletin(
            year=year,
            month=month,
            number=month,
            issued_on=issued_on,
            subtitle="（示例：各项实绩数据均为虚构，仅用于检查版式）",
        ),
        "year": year,
        "month": month,
        "sample": True,
        "totals": {
            "signed_target": signed_t,
            "signed": signed,
            "funded_target": funded_t,
            "funded": funded,
            "signed_rate": ratio(signed, signed_t),
            "funded_rate": ratio(funded, funded_t),
            "signed_gap": (ratio(signed, signed_t) - signed_progress) * 100,
            "funded_gap": (ratio(funded, funded_t) - funds_progress) * 100,
        },
        "signed_progress": signed_progress,
        "funds_progress": funds_progress,
        "progress_signed": charts.progress_bar(
            signed, signed_t, progress=signed_progress, label="正式合同额", width=560
        ),
        "progress_funded": charts.progress_bar(funded, funded_t, progress=funds_progress, label="到位资金", width=560),
        "trend_chart": trend,
        "sector_chart": sector_chart,
        "unit_chart": unit_chart,
        "breakdown": breakdown_table(lines, figures, year=year, month=month, number="表1"),
        "bands": SAMPLE_BANDS,
        "five_colour": charts.five_colour_table(
            indicator_rows,
            ["正式合同额（亿元）", "到位资金（亿元）", "总得分"],
            SAMPLE_BANDS,
            title="招商引资考核情况五色图（指标视图，示例数据）",
            number="表2",
            notes=["注：格内为完成额、完成率｜较序时进度（百分点）。"],
        ),
        "month_view": charts.five_colour_table(
            month_rows,
            [f"{m}月" for m in range(1, 13)],
            SAMPLE_BANDS,
            title="到位资金完成率五色图（月度视图，示例数据）",
            number="表3",
        ),
        "five_colour_svg": charts.five_colour_grid(
            indicator_rows,
            ["正式合同额", "到位资金", "总得分"],
            SAMPLE_BANDS,
            label="招商引资考核情况五色图（指标视图，示例数据）",
        ),
        "month_view_svg": charts.five_colour_grid(
            month_rows,
            [f"{m}月" for m in range(1, 13)],
            SAMPLE_BANDS,
            label="到位资金完成率五色图（月度视图，示例数据）",
            min_cell_width=44,
        ),
    }
