"""A unit's score in plain Chinese words, the way the ranking notice writes it ("完成值 27.5 ÷ 目标 30 × 权重 20 =
18.33 分"; "… = 23.33，超过权重按 20.00 分计"): what a unit head reads. No letters (C, TC, F, TF, r, k) and no names
of the scheme's settings ("歧义C"); those stay in ``formula``, which the pages show one click away for the auditor.

Pure functions over scoring's results: every page and export that explains a score calls ``explain_unit``.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.formatting import plain
from scoring.rules.bonus import BonusResult
from scoring.rules.daily import DailyResult
from scoring.rules.indicators import Indicator
from scoring.rules.numbers import exact, half_up
from scoring.rules.scheme import Rules

# The auditor's formula names its letters once, here.
LEGEND = {
    "contract": "C＝已认定正式合同额，TC＝正式合同额目标（亿元）",
    "funds": "F＝已开工项目的已认定到位资金，TF＝到位资金目标（亿元）",
    "funds_rate": "r＝F÷C（到位资金÷新签约正式合同额），avg＝参与平均单位的 r 的简单平均",
    "start_rate": "k＝开工项目数÷签约项目数（近三年首次签约），avg＝参与平均单位的 k 的简单平均",
    "bonus": "各加分项目本单位分成后的得分之和",
    "daily": "W＝日常工作满分，扣分为缺报事项与缺席活动的扣分之和",
}
SETTING = {  # which setting of the year's scheme decided a case, for the auditor only
    "zero_target": "考核方案歧义B（目标为0）",
    "no_contracts": "考核方案歧义C（当期无新签约）",
    "no_signings": "考核方案歧义C（近三年无签约项目）",
}


@dataclass(frozen=True)
class Explained:
    """One row of a score's breakdown: the indicator's plain name, what counted, the arithmetic in words, a note that is
    never empty, and the auditor's formula (with letters) for the one-click disclosure."""

    key: str
    title: str
    weight: str
    inputs: str
    working: str
    note: str
    formula: str
    score: Decimal

    @property
    def legend(self) -> str:
        """What the formula's letters stand for."""
        return LEGEND.get(self.key, "")


def amount(value) -> str:
    """An amount in 亿元 as the plan writes it: rounded to 4 places, without trailing zeros (27.5, 0.9, 12.3456)."""
    return plain(half_up(exact(value), 4))


def count(value) -> str:
    """A number of projects: 3, or a joint project's share as it is (2.5)."""
    return plain(half_up(exact(value), 4))


def percent(value) -> str:
    """A ratio as a percentage with two decimals: 0.2512 → 25.12%."""
    return f"{half_up(exact(value) * 100, 2)}%"


def _capped(product, i: Indicator) -> str:
    """The end of the arithmetic: the product, and the cap when it exceeds the weight."""
    if exact(product) > exact(i.weight):
        return f"{half_up(product, 2)}，超过权重按 {i.score} 分计"
    return f"{i.score} 分"


def _target(i: Indicator, rules: Rules, what: str, actual_label: str) -> Explained:
    w = plain(i.weight)
    inputs = f"{actual_label} {amount(i.numerator)} 亿元，年度目标 {amount(i.denominator)} 亿元"
    if i.value_exact is None:  # a zero target
        if i.score_exact > 0:
            working = f"年度目标为0，有已认定数额，得满分 {i.score} 分"
        else:
            working = f"年度目标为0，{'无已认定数额' if i.numerator <= 0 else '按考核方案'}，得 {i.score} 分"
        note = "该单位本项没有分解目标" + (
            "，有已认定数额即得满分" if rules.zero_target == "full_if_any" else "，本项按考核方案不得分"
        )
        formula = f"{i.formula}（{SETTING['zero_target']}）"
        return Explained(i.key, i.title, w, inputs, working, note, formula, i.score)
    product = i.value_exact * exact(i.weight)
    working = f"完成值 {amount(i.numerator)} ÷ 目标 {amount(i.denominator)} × 权重 {w} = {_capped(product, i)}"
    short = exact(i.denominator) - exact(i.numerator)
    if short <= 0:
        note = f"已完成年度{what}目标（完成 {percent(i.value_exact)}），本项得满分"
    else:
        note = f"完成年度目标的 {percent(i.value_exact)}，还差 {amount(short)} 亿元得满分"
    letters = "C ÷ TC" if i.key == "contract" else "F ÷ TF"
    formula = f"min({w}, {letters} × {w})：{i.formula}"
    return Explained(i.key, i.title, w, inputs, working, note, formula, i.score)


def _relative(i: Indicator, rules: Rules) -> Explained:
    w = plain(i.weight)
    funds_rate = i.key == "funds_rate"
    average = "—" if i.average_exact is None else percent(i.average_exact)
    if funds_rate:
        rate_name = "资金到位率"
        if i.value_exact is None:
            inputs = f"到位资金 {amount(i.numerator)} 亿元，本期无新签约正式合同额，无法计算资金到位率"
        else:
            inputs = (
                f"到位资金 {amount(i.numerator)} 亿元 ÷ 新签约正式合同额 {amount(i.denominator)} 亿元"
                f" = {percent(i.value_exact)}"
            )
    else:
        rate_name = "开工率"
        years = rules.start_rate_years
        if i.value_exact is None:
            inputs = f"近{years}年没有首次签约的项目，无法计算开工率"
        else:
            inputs = (
                f"近{years}年首次签约项目 {count(i.denominator)} 个，已开工 {count(i.numerator)} 个"
                f"，开工率 {percent(i.value_exact)}"
            )
    inputs += f"；参评单位平均 {average}"
    letters = "r ÷ avg" if funds_rate else "k ÷ avg"
    setting = SETTING["no_contracts" if funds_rate else "no_signings"]
    if i.average_exact == 0:
        working = f"参评单位平均为0，本项各单位均得 {i.score} 分"
        note = f"没有单位的{rate_name}大于0，本项各单位均不得分"
        formula = i.formula
    elif not i.in_average:
        if funds_rate:
            working = "本期无新签约正式合同额，不参与平均，" + (
                f"有到位资金，得满分 {i.score} 分" if i.score_exact > 0 else f"得 {i.score} 分"
            )
            note = "签订正式合同后即按到位资金与合同额之比计分"
        else:
            working = f"近{rules.start_rate_years}年没有签约项目，不参与平均，得 {i.score} 分"
            note = "签约项目并开工后即按开工率计分"
        formula = f"{i.formula}（{setting}）"
    else:
        product = (i.value_exact or 0) / i.average_exact * exact(i.weight)
        value = percent(i.value_exact or 0)
        working = f"本单位 {value} ÷ 平均 {average} × 权重 {w} = {_capped(product, i)}"
        if i.value_exact is None:  # counted as 0 in the average (the scheme's choice)
            note = f"近{rules.start_rate_years}年没有签约项目，按0计入平均"
            formula = f"{i.formula}（{setting}）"
        elif (i.value_exact or 0) >= i.average_exact:
            note = f"{rate_name}不低于参评单位平均，本项得满分"
            formula = f"min({w}, {letters} × {w})：{i.formula}"
        else:
            gap = half_up((i.average_exact - (i.value_exact or 0)) * 100, 2)
            note = f"低于参评单位平均 {gap} 个百分点，达到平均即得满分"
            formula = f"min({w}, {letters} × {w})：{i.formula}"
    return Explained(i.key, i.title, w, inputs, working, note, formula, i.score)


def explain_indicator(i: Indicator, rules: Rules) -> Explained:
    if i.key == "contract":
        return _target(i, rules, "正式合同额", "已认定正式合同额")
    if i.key == "funds":
        return _target(i, rules, "到位资金", "已开工项目的已认定到位资金")
    return _relative(i, rules)


def explain_bonus(bonus: BonusResult) -> Explained:
    items = bonus.items
    if not items:
        inputs, working = "无加分项目", "0.00 分"
        note = "本年度尚无符合招大引强、招新引优条件的项目；加分不设上限"
        formula = "0"
    else:
        inputs = f"加分项目 {len(items)} 个"
        parts = [f"{i.award.project.name} {plain(half_up(i.points, 4))} 分" for i in items]
        working = " + ".join(parts) + f" = {bonus.score} 分"
        note = "每个项目按最高档计一次；联合招商按分成比例计；加分不设上限"
        formula = " + ".join(plain(half_up(i.points, 4)) for i in items) + f" = {bonus.score}"
    return Explained("bonus", "招大引强、招新引优（加分）", "不设上限", inputs, working, note, formula, bonus.score)


def explain_daily(daily: DailyResult, rules: Rules) -> Explained:
    w, cut = plain(daily.weight), plain(daily.deducted)
    events = sum(1 for d in daily.deductions if d.kind == "event")
    reports = len(daily.deductions) - events
    inputs = f"应报 {len(daily.months_due)} 个月工作情况；缺报事项 {reports} 项，缺席活动 {events} 次"
    if daily.deducted > daily.weight:
        working = f"满分 {w} − 扣 {cut}，扣完为止，得 {daily.score} 分"
    else:
        working = f"满分 {w} − 扣 {cut} = {daily.score} 分"
    per = plain(rules.daily_deduction)
    note = f"每缺1项或1次扣{per}分，扣完为止" + ("；本年无扣分" if not daily.deductions else "")
    formula = f"max(0, W − 扣分) = max(0, {w} − {cut}) = {daily.score}"
    return Explained("daily", "日常工作情况", w, inputs, working, note, formula, daily.score)


def explain_unit(s, rules: Rules) -> tuple[Explained, ...]:
    """The six rows of a unit's score (``scoring.rules.UnitScore``), in the order of Annex 2."""
    return (
        *(explain_indicator(i, rules) for i in s.indicators),
        explain_bonus(s.bonus),
        explain_daily(s.daily, rules),
    )


def plain_note(i: Indicator, rules: Rules) -> str:
    """The indicator's note without the scheme's setting names: what the ranking notice writes after the cases."""
    return explain_indicator(i, rules).working
