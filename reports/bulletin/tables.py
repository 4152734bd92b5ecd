"""The bulletin's tables 表1—表4 and the funds milestones, from its snapshot: the page, the PDF and the .xlsx."""

from dataclasses import replace
from decimal import Decimal

from core.tables import Column, HeaderCell, Row, Table, Value, band_cell
from reports.bulletin.snapshot import BulletinView
from reports.dashboards.tables import milestones_table, sectors_table

ZERO = Decimal("0")


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
