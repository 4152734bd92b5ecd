"""保障单位评价 and the 2-point appraisal as .xlsx: the pages' tables with the figures as the pages show them."""

from decimal import Decimal, InvalidOperation

from django.utils import timezone

from core.tables import Column, Row, Table, Value
from scoring.exports.common import none_row, shown
from targets.models import UnitKind


def results_table(results, rules) -> Table:
    columns = (
        [Column("rank", "名次", "int"), Column("unit", "单位", width=20), Column("ratings", "评分企业数", "int")]
        + [
            Column(f"c{i}", f"{c.name}（{shown(c.max_points, 2)}分）", "score")
            for i, c in enumerate(rules.guarantee_criteria)
        ]
        + [
            Column("score", "得分", "score"),
            Column("reward", "奖励（万元）", "number"),
            Column("excellent", "增加优秀名额", "center"),
        ]
    )
    rows = [
        Row(
            [g.rank if g.rank is not None else Value(None, text="—"), g.name, g.ratings]
            + [value for _, value in g.criteria_shown]
            + [g.score, shown(g.reward_wan, 2) if g.reward_wan else Value(None, text=""), "是" if g.excellent else ""]
        )
        for g in results
    ] or [none_row(columns, "尚未登记保障单位或乡镇")]
    tiers = "，".join(f"第{t.first}–{t.last}名奖励{shown(t.amount_wan, 2)}万元" for t in rules.guarantee_reward_tiers)
    notes = [
        "由服务过的招商引资企业评分（满分100，按各企业评分的平均值）。",
        f"得分{shown(rules.guarantee_pass_score, 2)}分以上：{tiers}；前{rules.guarantee_excellent_top}名增加1–2个优秀名额。"
        "没有评分的单位不排名。",
    ]
    return Table(title="招商保障单位评价得分及奖励", columns=columns, rows=rows, notes=notes, sheet_name="评价得分")


def _as_rated(value):
    """A criterion's points as the enterprise gave them (stored as JSON: a number or its text)."""
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return str(value)


def ratings_table(ratings, rules) -> Table:
    criteria = rules.guarantee_criteria
    columns = (
        [
            Column("at", "时间", "center"),
            Column("investor", "企业", width=20),
            Column("unit", "保障单位", width=20),
            Column("source", "来源", width=18),
        ]
        + [Column(f"c{i}", c.name, "number") for i, c in enumerate(criteria)]
        + [Column("total", "总分", "number"), Column("comment", "意见建议", width=40)]
    )
    rows = []
    for rating in ratings:
        source = rating.get_source_display() + (f"（{rating.entered_by}）" if rating.entered_by else "")
        given = rating.scores or {}
        rows.append(
            Row(
                [
                    f"{timezone.localtime(rating.created_at):%Y-%m-%d %H:%M}",
                    str(rating.investor),
                    str(rating.unit),
                    source,
                ]
                + [_as_rated(given.get(c.name)) for c in criteria]
                + [shown(rating.total, 2), rating.comment]
            )
        )
    return Table(title="评分记录", columns=columns, rows=rows or [none_row(columns, "暂无评分")], sheet_name="评分记录")


def guarantee_tables(results, rules, ratings=None) -> list[Table]:
    """The ranking with its rewards; the ratings behind it only for those the page shows them to."""
    tables = [results_table(results, rules)]
    if ratings is not None:
        tables.append(ratings_table(ratings, rules))
    return tables


def appraisal_title(year, kind) -> str:
    return f"{year.year}年{'乡镇（街道）' if kind == UnitKind.TOWN else '保障单位'}招商引资实绩考核"


def appraisal_tables(year, rules, kind, criteria, table) -> list[Table]:
    """The month grid (−n: findings that month) with each unit's score, and every finding."""
    columns = (
        [Column("unit", "单位", width=20)]
        + [Column(f"m{m}", f"{m}月", "center") for m in range(1, 13)]
        + [Column("findings", "扣分项", "int"), Column("score", "得分", "score")]
    )
    rows = [
        Row(
            [row["result"].name]
            + [f"−{len(found)}" if found else "" for found in row["months"]]
            + [len(row["result"].findings), row["result"].score]
        )
        for row in table
    ] or [none_row(columns, "尚未登记此类单位")]
    notes = [
        f"经济社会实绩考核中招商引资占 {shown(rules.appraisal_points, 2)} 分，扣分制：根据每月佐证材料，"
        f"每项不达标扣 {shown(rules.appraisal_deduction, 2)} 分，扣完为止。",
        f"考核内容：{'、'.join(str(c) for c in criteria)}",
    ]
    grid = Table(title=appraisal_title(year, kind), columns=columns, rows=rows, notes=notes, sheet_name="实绩考核")
    detail_columns = [
        Column("unit", "单位", width=20),
        Column("month", "月份", "center"),
        Column("criterion", "考核内容", width=16),
        Column("note", "原因", width=40),
        Column("entered", "录入", width=20),
    ]
    details = [
        Row(
            [
                row["result"].name,
                f"{f.month.year}年{f.month.month}月",
                f.criterion,
                f.note,
                f"{f.entered_by or ''} {timezone.localtime(f.created_at):%Y-%m-%d}",
            ]
        )
        for row in table
        for found in row["months"]
        for f in found
    ]
    return [grid, Table(title="扣分明细", columns=detail_columns, rows=details, sheet_name="扣分明细")]
