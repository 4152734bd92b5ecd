"""A year's scores as the interchange JSON object (INTERCHANGE.md §3) and as an .xlsx sheet with the same figures."""

from decimal import Decimal

from core.xlsx import append_row
from scoring.rules import YearScores, half_up


def _n(value, places: int) -> str | None:
    return None if value is None else f"{half_up(value, places):f}"


def unit_dict(s) -> dict:
    return {
        "unit": s.name,
        "contract": {
            "actual": _n(s.contract.numerator, 4),
            "target": _n(s.contract.denominator, 4),
            "score": _n(s.contract.score_exact, 2),
        },
        "funds": {
            "actual": _n(s.funds.numerator, 4),
            "target": _n(s.funds.denominator, 4),
            "score": _n(s.funds.score_exact, 2),
        },
        "funds_rate": {
            "value": _n(s.funds_rate.value_exact, 4),
            "average": _n(s.funds_rate.average_exact, 4),
            "score": _n(s.funds_rate.score_exact, 2),
        },
        "start_rate": {
            "started": _n(s.start_rate.numerator, 4),
            "signed": _n(s.start_rate.denominator, 4),
            "value": _n(s.start_rate.value_exact, 4),
            "average": _n(s.start_rate.average_exact, 4),
            "score": _n(s.start_rate.score_exact, 2),
        },
        "bonus": {"score": _n(s.bonus.score_exact, 2)},
        "daily": {"score": _n(s.daily.score_exact, 2)},
        "total": _n(s.total_exact, 2),
        "rank": s.rank,
        "targets_met": s.targets_met,
    }


def scores_dict(scores: YearScores) -> dict:
    return {
        "year": scores.year,
        "as_of": scores.as_of.isoformat(),
        "scheme": scores.rules.label,
        "responsible_units": [unit_dict(s) for s in scores.units],
    }


COUNT = "count"  # a number of projects: an integer, or a joint project's share (0.5) as it is

COLUMNS = [
    ("单位", lambda d: d["unit"], None),
    ("正式合同额（亿元）", lambda d: d["contract"]["actual"], "0.0000"),
    ("正式合同额目标（亿元）", lambda d: d["contract"]["target"], "0.0000"),
    ("正式合同额完成率得分", lambda d: d["contract"]["score"], "0.00"),
    ("到位资金（亿元）", lambda d: d["funds"]["actual"], "0.0000"),
    ("到位资金目标（亿元）", lambda d: d["funds"]["target"], "0.0000"),
    ("资金到位额完成率得分", lambda d: d["funds"]["score"], "0.00"),
    ("资金到位率", lambda d: d["funds_rate"]["value"], "0.0000"),
    ("资金到位率平均值", lambda d: d["funds_rate"]["average"], "0.0000"),
    ("资金到位率得分", lambda d: d["funds_rate"]["score"], "0.00"),
    ("近三年开工项目数", lambda d: d["start_rate"]["started"], COUNT),
    ("近三年签约项目数", lambda d: d["start_rate"]["signed"], COUNT),
    ("开工率", lambda d: d["start_rate"]["value"], "0.0000"),
    ("开工率平均值", lambda d: d["start_rate"]["average"], "0.0000"),
    ("开工率得分", lambda d: d["start_rate"]["score"], "0.00"),
    ("加分", lambda d: d["bonus"]["score"], "0.00"),
    ("日常工作情况", lambda d: d["daily"]["score"], "0.00"),
    ("总分", lambda d: d["total"], "0.00"),
    ("名次", lambda d: d["rank"], "0"),
    ("完成年度目标任务", lambda d: "是" if d["targets_met"] else "否", None),
]


def scores_xlsx(scores: YearScores, target, *, ranked: bool = False) -> None:
    """Write the scores to ``target`` (a path or a file object): sheet 得分, one row per unit, plus sheet 说明."""
    scores_workbook(scores, ranked=ranked).save(target)


def _cell(value, number_format):
    if number_format == COUNT and isinstance(value, str):
        number = Decimal(value)
        return (int(number), "0") if number == number.to_integral_value() else (number.normalize(), "0.0###")
    return (Decimal(value) if number_format and isinstance(value, str) else value), number_format


def scores_workbook(scores: YearScores, *, ranked: bool = False):
    """The scores as a workbook; ``ranked``: units by rank, as the ranking page lists them (else in table order)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    data = scores_dict(scores)
    if ranked:
        order = {s.name: i for i, s in enumerate(scores.ranking)}
        data["responsible_units"].sort(key=lambda u: order.get(u["unit"], len(order)))
    book = Workbook()
    sheet = book.active
    sheet.title = "得分"
    append_row(sheet, [title for title, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for unit in data["responsible_units"]:
        cells = [_cell(get(unit), number_format) for _, get, number_format in COLUMNS]
        append_row(sheet, [value for value, _ in cells])
        for cell, (_, number_format) in zip(sheet[sheet.max_row], cells, strict=True):
            if number_format:
                cell.number_format = number_format
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B2"
    about = book.create_sheet("说明")
    for row in (
        ("年度", data["year"]),
        ("截止日期", data["as_of"]),
        ("考核方案", data["scheme"]),
        ("说明", "仅计已认定记录；得分四舍五入保留2位，金额和比率保留4位；名次相同表示总分相同。"),
    ):
        append_row(about, row)
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 60
    return book
