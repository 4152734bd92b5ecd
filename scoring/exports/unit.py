"""A unit's score page as .xlsx: its summary, the indicators with their inputs and formulas, and the records behind
each figure, rounded as the page shows them."""

from core.formatting import yi
from core.tables import Column, Row, Table, Value
from scoring.exports.common import cut_off_notes, none_row, plain, shown

SHARE = Column("share", "本单位分成（%）", "number")


def _project(line) -> str:
    return f"{line.code} {line.name}"


def summary_table(year, unit, scores, s, as_of, warning: str = "") -> Table:
    columns = [
        Column("unit", "单位", width=20),
        Column("total", "总分", "score"),
        Column("rank", "名次", "center"),
        Column("met", "完成年度目标任务", "center"),
        Column("reward", "奖励", "center"),
        Column("why", "未获奖励原因", width=36),
    ]
    eligible = s.reward.eligible
    row = Row(
        [
            unit.name,
            s.total,
            f"{s.rank} / {len(scores.units)}",
            "是" if s.targets_met else "否",
            f"{shown(s.reward.amount_wan, 2)}万元" if eligible else "—",
            "" if eligible else "；".join(s.reward.reasons),
        ]
    )
    notes = [f"考核方案 {scores.rules.label}。"] + cut_off_notes(as_of, warning)
    return Table(
        title=f"{unit.name} · {year.year}年考核得分", columns=columns, rows=[row], notes=notes, sheet_name="概况"
    )


def _needs(story) -> list[str]:
    """The page's paragraph under the breakdown: what the unit needs in money, or the year's final result."""
    if story["needs"]:
        return ["还需多少资金得到下一步的分："] + [f"{n.goal}：{n.text}" for n in story["needs"]]
    return [story["period"].results_label]


def indicators_table(s, rules, story) -> Table:
    columns = [
        Column("n", "#", "int"),
        Column("item", "指标", width=22),
        Column("weight", "权重", "center"),
        Column("inputs", "依据", width=44),
        Column("working", "计算", width=44),
        Column("score", "得分", "score"),
        Column("note", "说明", width=30),
        Column("formula", "计算公式", width=40),
    ]
    rows = [
        Row([n, e.title, e.weight, e.inputs, e.working, e.score, e.note, e.formula])
        for n, e in enumerate(story["explained"], start=1)
    ]
    total = "各项精确得分相加后四舍五入" if rules.total_rounding == "exact" else "各项四舍五入后相加"
    rows.append(
        Row(
            [Value(None, text=f"总分（{total}）", colspan=5), None, None, None, None, s.total, f"第{s.rank}名", ""],
            kind="total",
        )
    )
    legend = "计算公式中：" + "；".join(e.legend for e in story["explained"] if e.legend) + "。"
    return Table(title="得分构成", columns=columns, rows=rows, notes=_needs(story) + [legend], sheet_name="得分构成")


def contracts_table(year, as_of, s, records) -> Table:
    columns = [
        Column("date", "签约日期", "center"),
        Column("project", "项目", width=30),
        Column("amount", "合同金额（亿元）", "amount4"),
        SHARE,
        Column("credited", "计入（亿元）", "amount4"),
        Column("record", "合同记录", "center"),
    ]
    rows = [
        Row([f"{c.date:%Y-%m-%d}", _project(c), c.amount, shown(c.share, 2), c.credited, f"合同 #{c.record_id}"])
        for c in records["contracts"]
    ] or [none_row(columns)]
    rows.append(Row([Value(None, text="合计", colspan=4), None, None, None, s.contract.numerator, ""], kind="subtotal"))
    return Table(
        title=f"1. 正式合同额：已认定的正式合同（{year.year}-01-01 至 {as_of:%Y-%m-%d} 签订）",
        columns=columns,
        rows=rows,
        notes=["意向投资协议、战略合作协议、框架协议不计；未认定（待审核、已退回）的记录不计。"],
        sheet_name="正式合同",
    )


def funds_table(as_of, s, records) -> Table:
    columns = [
        Column("project", "项目", width=30),
        Column("started_on", "开工日期", "center"),
        Column("months", "月数", "int"),
        Column("period", "月份", "center"),
        Column("amount", "到位资金（亿元）", "amount4"),
        SHARE,
        Column("credited", "计入（亿元）", "amount4"),
    ]
    rows = [
        Row(
            [
                _project(f),
                f"{f.started_on:%Y-%m-%d}",
                f.months,
                f"{f.date[0].month}–{f.date[1].month}月",
                f.amount,
                shown(f.share, 2),
                f.credited,
            ]
        )
        for f in records["funds"]
    ] or [none_row(columns)]
    rows.append(Row([Value(None, text="合计", colspan=6)] + [None] * 5 + [s.funds.numerator], kind="subtotal"))
    notes = []
    if records["funds_not_counted"]:
        skipped = "、".join(
            f"{f.code}（{yi(f.amount, 4)} 亿元{f'，{f.started_on:%Y-%m-%d}开工' if f.started_on else ''}）"
            for f in records["funds_not_counted"]
        )
        notes.append(f"以下项目截至 {as_of:%Y-%m-%d} 尚无已认定的开工，其到位资金不计：{skipped}")
    return Table(
        title=f"2. 到位资金：已开工项目 1–{as_of.month} 月的已认定到位资金",
        columns=columns,
        rows=rows,
        notes=notes,
        sheet_name="到位资金",
    )


def averages_table(scores) -> Table:
    columns = [
        Column("unit", "单位", width=20),
        Column("f", "到位资金（亿元）", "amount4"),
        Column("c", "新签约合同额（亿元）", "amount4"),
        Column("r", "资金到位率", "pct2"),
        Column("r_in", "参与平均", "center"),
        Column("r_score", "资金到位率得分", "score"),
        Column("started", "开工项目数", "number"),
        Column("signed", "签约项目数", "number"),
        Column("k", "开工率", "pct2"),
        Column("k_in", "参与平均", "center"),
        Column("k_score", "开工率得分", "score"),
    ]
    rows = []
    for u in scores.units:
        fr, sr = u.funds_rate, u.start_rate
        rows.append(
            Row(
                [
                    u.name,
                    fr.numerator,
                    fr.denominator,
                    fr.value,
                    "是" if fr.in_average else "否",
                    fr.score,
                    plain(sr.numerator),
                    plain(sr.denominator),
                    sr.value,
                    "是" if sr.in_average else "否",
                    sr.score,
                ]
            )
        )
    average = Row(
        [
            Value(None, text="平均值", colspan=3),
            None,
            None,
            scores.funds_rate_average,
            Value(None, text="", colspan=4),
            None,
            None,
            None,
        ]
        + [scores.start_rate_average, Value(None, text="", colspan=2), None],
        kind="subtotal",
    )
    return Table(
        title="3. 资金到位率与平均值",
        columns=columns,
        rows=rows + [average],
        notes=[
            "资金到位率 = 当期到位资金 ÷ 当期新签约正式合同额；平均值为参与平均的单位的资金到位率的简单平均；"
            "当期无新签约的单位不参与平均。开工率 = 已开工项目数 ÷ 近三年首次签约项目数。"
        ],
        sheet_name="到位率与开工率平均值",
    )


def window_table(s, rules, records) -> Table:
    columns = [
        Column("project", "项目", width=30),
        Column("first", "首次正式合同", "center"),
        Column("started_on", "开工日期", "center"),
        SHARE,
        Column("signed", "计入签约数", "number"),
        Column("started", "计入开工数", "number"),
    ]

    def started(p):
        if not p.started_on:
            return "未开工"
        return f"{p.started_on:%Y-%m-%d}" + ("" if p.counted else "（晚于截止日）")

    rows = [
        Row(
            [
                _project(p),
                f"{p.date:%Y-%m-%d}",
                started(p),
                shown(p.share, 2),
                shown(p.credited, 4),
                shown(p.credited, 4) if p.counted else 0,
            ]
        )
        for p in records["window"]
    ] or [none_row(columns)]
    rows.append(
        Row(
            [
                Value(None, text="合计", colspan=4),
                None,
                None,
                None,
                plain(s.start_rate.denominator),
                plain(s.start_rate.numerator),
            ],
            kind="subtotal",
        )
    )
    return Table(
        title=f"4. 开工率：近{rules.start_rate_years}年首次签订正式合同的项目",
        columns=columns,
        rows=rows,
        sheet_name="开工率项目",
    )


def bonus_table(year, s) -> Table:
    columns = [
        Column("project", "项目", width=30),
        Column("first", "首次正式合同", "center"),
        Column("ladder", "类别", width=30),
        Column("amount", f"{year.year}年正式合同额（亿元）", "amount4"),
        Column("tier", "档次", "center"),
        Column("points", "项目得分", "number"),
        SHARE,
        Column("credited", "计入", "number"),
    ]
    rows = [
        Row(
            [
                f"{i.project.code} {i.project.name}",
                f"{i.project.first_signed:%Y-%m-%d}",
                i.award.ladder_label,
                i.project.amount,
                f"≥ {shown(i.award.tier.threshold, 4)} 亿元",
                shown(i.award.points, 2),
                shown(i.share, 2),
                shown(i.points, 4),
            ]
        )
        for i in s.bonus.items
    ] or [none_row(columns)]
    return Table(
        title="5. 加分项目（每个项目只按最高档计一次，仅在首次签订正式合同的年度计分）",
        columns=columns,
        rows=rows,
        sheet_name="加分项目",
    )


def deductions_table(s, rules) -> Table:
    columns = [
        Column("on", "时间", "center"),
        Column("item", "事项", width=20),
        Column("cause", "原因", width=30),
        Column("points", "扣分", "number"),
        Column("record", "记录", "center"),
    ]

    def record(d):
        if d.record_id:
            return f"工作情况 #{d.record_id}"
        return "参加情况" if d.event_id else ""

    rows = [
        Row(
            [
                f"{d.on.year}年{d.on.month}月" if d.kind == "report" else f"{d.on:%Y-%m-%d}",
                d.item,
                d.cause,
                shown(d.points, 2),
                record(d),
            ]
        )
        for d in s.daily.deductions
    ] or [none_row(columns, "无扣分")]
    notes = ["本方案：逾期报送的月度工作情况视为未报送。"] if rules.late_counts_as_missing else []
    return Table(
        title=f"6. 日常工作扣分（每缺1项或1次扣{shown(rules.daily_deduction, 2)}分，扣完为止）",
        columns=columns,
        rows=rows,
        notes=notes,
        sheet_name="日常工作扣分",
    )


def unit_tables(year, unit, scores, s, records, as_of, warning: str, story: dict) -> list[Table]:
    """The page's tables in its order: summary, indicators, contracts, funds, averages, start rate, bonus, daily."""
    rules = scores.rules
    return [
        summary_table(year, unit, scores, s, as_of, warning),
        indicators_table(s, rules, story),
        contracts_table(year, as_of, s, records),
        funds_table(as_of, s, records),
        averages_table(scores),
        window_table(s, rules, records),
        bonus_table(year, s),
        deductions_table(s, rules),
    ]
