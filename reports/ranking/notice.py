"""The year-end ranking and its public notice (公示): each unit's arithmetic written inline, and the reward tables.

Every score, rank, eligibility and reward comes from scoring (``year_scores`` and ``guarantee_results``); this module
only writes them out. The uncapped products in the arithmetic ("23.33，超过权重按20.00分计") are shown so a reader
can check the cap; they decide nothing.
"""

import datetime as dt
from decimal import Decimal

from core.formatting import plain
from core.tables import Column, Row, Table, Value
from reports.dashboards import selectors
from scoring import rules as r
from scoring import selectors as scoring_selectors
from scoring.rules.wording import explain_indicator

OBJECTION_DAYS = 5  # working days the notice stays up for objections (公示期)


def n(value) -> str:
    """An amount as stored, without hidden digits: 30 → 30, 12.3456 → 12.3456, 0.50 → 0.5."""
    return plain(Decimal(value))


def _written(i: r.Indicator, base: str, product_exact) -> str:
    """The product, and the cap when it exceeds the weight."""
    if product_exact > r.exact(i.weight):
        return f"{base} = {r.half_up(product_exact, 2)}，超过权重按 {i.score} 分计"
    return f"{base} = {i.score} 分"


def indicator_text(i: r.Indicator, label: str, rules: r.Rules | None = None) -> str:
    """The notice's arithmetic of one indicator; the cases a setting of the scheme decides in plain words
    (scoring.rules.wording), without the setting's name."""
    w = n(i.weight)
    rules = rules or r.Rules(year=0)
    if i.key in ("contract", "funds"):
        if i.value_exact is None:  # a zero target (ambiguity B)
            return f"{label}{explain_indicator(i, rules).working}"
        return _written(i, f"{label} {n(i.numerator)}/{n(i.denominator)}×{w}", i.value_exact * r.exact(i.weight))
    if i.average_exact == 0:
        return f"{label}平均值为0，各单位均得0分"
    if not i.in_average:
        return f"{label}：{explain_indicator(i, rules).working}"
    product = (i.value_exact or 0) / i.average_exact * r.exact(i.weight)
    return _written(i, f"{label} {i.value}/{i.average}（平均）×{w}", product)


def arithmetic(s: r.UnitScore, rules: r.Rules | None = None) -> str:
    """ "正式合同额 12.34/30×20 = 8.23 分；…；合计 82.17 分，第1名"."""
    parts = [
        indicator_text(s.contract, "正式合同额", rules),
        indicator_text(s.funds, "到位资金", rules),
        indicator_text(s.funds_rate, "资金到位率", rules),
        indicator_text(s.start_rate, "开工率", rules),
        f"加分 {s.bonus.score} 分" + (f"（{len(s.bonus.items)}个项目）" if s.bonus.items else ""),
        f"日常工作 {n(s.daily.weight)}−{n(s.daily.deducted)}"
        + ("，最低为0" if s.daily.deducted > s.daily.weight else "")
        + f" = {s.daily.score} 分",
    ]
    return "；".join(parts) + f"；合计 {s.total} 分，第{s.rank}名"


def notice_data(year, as_of: dt.date) -> dict:
    st = selectors.standings(year, as_of, fresh=True)
    rules = st.rules
    guarantee = scoring_selectors.guarantee_results(year, rules)
    ranking = st.scores.ranking
    return {
        "year": year,
        "as_of": as_of,
        "standings": st,
        "rules": rules,
        "ranking": [{"s": s, "arithmetic": arithmetic(s, rules)} for s in ranking],
        "rewarded": [s for s in ranking if s.reward.eligible],
        "excellent": [s for s in ranking if s.reward.excellent],
        "guarantee": guarantee,
        "guarantee_rewarded": [g for g in guarantee if g.reward_wan],
        "objection_days": OBJECTION_DAYS,
        "final": as_of == dt.date(year.year, 12, 31),
    }


def ranking_table(data: dict) -> Table:
    columns = [
        Column("rank", "名次", "int"),
        Column("unit", "单位", width=20),
        Column("total", "总分", "score"),
        Column("arithmetic", "得分计算", width=90),
    ]
    rows = [Row([x["s"].rank, x["s"].name, x["s"].total, x["arithmetic"]]) for x in data["ranking"]]
    return Table(
        title=f"{data['year'].year}年度招商责任单位考核得分及排名",
        columns=columns,
        rows=rows,
        notes=[
            "注：金额单位为亿元，按分成比例计入；资金到位率、开工率为与参评单位平均值之比；各项得分四舍五入保留2位，"
            "名次按总分排列，总分相同名次相同。"
        ],
        sheet_name="得分排名",
    )


def reward_table(data: dict) -> Table:
    rules = data["rules"]
    columns = [
        Column("rank", "名次", "int"),
        Column("unit", "单位", width=20),
        Column("total", "总分", "score"),
        Column("met", "完成年度目标", "center"),
        Column("reward", "奖励工作经费（万元）", "number"),
        Column("excellent", "增加优秀名额", "center"),
        Column("why", "说明", width=30),
    ]
    rows = []
    for x in data["ranking"]:
        s = x["s"]
        if not (
            s.reward.eligible or s.reward.excellent or s.rank <= max((t.last for t in rules.reward_tiers), default=0)
        ):
            continue
        rows.append(
            Row(
                [
                    s.rank,
                    s.name,
                    s.total,
                    "是" if s.targets_met else "否",
                    s.reward.amount_wan.normalize() if s.reward.eligible else Value(None, text="—"),
                    "是" if s.reward.excellent else "",
                    "；".join(s.reward.reasons),
                ]
            )
        )
    tiers = "，".join(f"第{t.first}—{t.last}名{n(t.amount_wan)}万元" for t in rules.reward_tiers)
    return Table(
        title="招商责任单位奖励",
        columns=columns,
        rows=rows,
        notes=[
            f"注：完成年度目标任务且得分{n(rules.pass_score)}分以上的责任单位，{tiers}，用于次年工作经费；"
            f"前{rules.excellent_top}名单位增加1—2个年度考核优秀名额。"
        ],
        sheet_name="责任单位奖励",
    )


def guarantee_table(data: dict) -> Table:
    rules = data["rules"]
    columns = [
        Column("rank", "名次", "int"),
        Column("unit", "保障单位", width=22),
        Column("ratings", "企业评价份数", "int"),
        Column("score", "得分", "score"),
        Column("reward", "奖励工作经费（万元）", "number"),
        Column("excellent", "增加优秀名额", "center"),
    ]
    rows = [
        Row(
            [
                g.rank if g.rank is not None else Value(None, text="—"),
                g.name,
                g.ratings,
                g.score,
                g.reward_wan.normalize() if g.reward_wan else Value(None, text="—"),
                "是" if g.excellent else "",
            ]
        )
        for g in data["guarantee"]
    ]
    tiers = "，".join(f"第{t.first}—{t.last}名{n(t.amount_wan)}万元" for t in rules.guarantee_reward_tiers)
    return Table(
        title="招商保障单位评价得分及奖励",
        columns=columns,
        rows=rows,
        notes=[
            f"注：保障单位得分为招商引资企业评价的平均分；得分{n(rules.guarantee_pass_score)}分以上的，{tiers}；"
            f"前{rules.guarantee_excellent_top}名单位增加1—2个年度考核优秀名额。无评价的单位不排名。"
        ],
        sheet_name="保障单位",
    )


def notice_tables(data: dict) -> dict[str, Table]:
    return {"ranking": ranking_table(data), "rewards": reward_table(data), "guarantee": guarantee_table(data)}


def notice_document(data: dict, issued_on: dt.date):
    from reports.pdf import DocumentHeader

    return DocumentHeader(
        title=f"关于{data['year'].year}年度全县招商引资考核结果的公示",
        date=issued_on,
        running_title=f"{data['year'].year}年度招商引资考核结果公示",
    )
