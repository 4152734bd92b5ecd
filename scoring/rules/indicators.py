"""Indicators 1–4 of a responsible unit (Annex 2 §三(一)–(四), DOMAIN.md §5.1)."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from scoring.rules.inputs import UnitFigures
from scoring.rules.numbers import ZERO, exact, fmt, half_up, maybe_half_up
from scoring.rules.scheme import Rules


@dataclass(frozen=True)
class Indicator:
    """One indicator of one unit: its inputs, the formula with the numbers filled in, and the exact score."""

    key: str
    title: str
    weight: Decimal
    score_exact: Fraction
    numerator: Decimal | None = None  # C, F, F, started
    denominator: Decimal | None = None  # TC, TF, C, signed
    value_exact: Fraction | None = None  # completion (1–2) or the rate r, k (3–4); None when the denominator is 0
    average_exact: Fraction | None = None  # 3–4: the average of the units that count toward it
    in_average: bool = True
    note: str = ""

    @cached_property
    def formula(self) -> str:
        """The formula with the numbers filled in; written when read (a what-if scores the year many times over)."""
        w, score = exact(self.weight), half_up(self.score_exact, 2)
        if self.key in ("contract", "funds"):
            if self.value_exact is None:
                return f"目标为0 → {score}"
            return f"min({fmt(w, 0)}, {fmt(self.numerator)} ÷ {fmt(self.denominator)} × {fmt(w, 0)}) = {score}"
        if self.average_exact == 0:
            return "平均值为0 → 0.00"
        if not self.in_average:
            return f"不参与平均 → {score}"
        value = self.value_exact or ZERO
        return f"min({fmt(w, 0)}, {fmt(value)} ÷ {fmt(self.average_exact)} × {fmt(w, 0)}) = {score}"

    @cached_property
    def score(self) -> Decimal:
        return half_up(self.score_exact, 2)

    @cached_property
    def value(self) -> Decimal | None:
        return maybe_half_up(self.value_exact, 4)

    @cached_property
    def average(self) -> Decimal | None:
        return maybe_half_up(self.average_exact, 4)

    @cached_property
    def headroom(self) -> Decimal:
        return half_up(exact(self.weight) - self.score_exact, 2)

    @property
    def capped(self) -> bool:
        return self.score_exact == exact(self.weight) and self.value_exact is not None


def target_indicator(*, key: str, title: str, actual: Decimal, target: Decimal, weight: Decimal, rules: Rules):
    """Indicators 1 and 2: min(W, actual / target × W). A zero target follows ambiguity B."""
    w = exact(weight)
    if target > 0:
        value = exact(actual) / exact(target)
        score = min(w, value * w)
        note = "已达权重上限" if score == w else ""
        return Indicator(key, title, weight, score, actual, target, value, note=note)
    if rules.zero_target == "full_if_any" and actual > 0:
        score, note = w, "目标为0，有认定数额，得满分（歧义B）"
    else:
        score, note = ZERO, "目标为0，" + ("无认定数额，得0分（歧义B）" if actual <= 0 else "按方案得0分（歧义B）")
    return Indicator(key, title, weight, score, actual, target, None, note=note)


@dataclass(frozen=True)
class _Rate:
    value: Fraction | None
    in_average: bool
    fallback: Fraction  # the score of a unit left out of the average
    note: str = ""


def _funds_rate(figures: UnitFigures, rules: Rules) -> _Rate:
    c = figures.contract.under(rules.joint_split)
    f = figures.funds.under(rules.joint_split)
    if c > 0:
        return _Rate(exact(f) / exact(c), True, ZERO)
    if rules.funds_rate_without_contracts == "full_if_funds" and f > 0:
        return _Rate(
            None, False, exact(rules.weight_funds_rate), "当期无新签约合同额，不参与平均；有到位资金，得满分（歧义C）"
        )
    return _Rate(None, False, ZERO, "当期无新签约合同额，不参与平均，得0分（歧义C）")


def _start_rate(figures: UnitFigures, rules: Rules) -> _Rate:
    signed = figures.signed_projects.under(rules.joint_split)
    started = figures.started_projects.under(rules.joint_split)
    if signed > 0:
        return _Rate(exact(started) / exact(signed), True, ZERO)
    if rules.start_rate_without_signings == "include_zero":
        return _Rate(None, True, ZERO, "近三年无签约项目，按0参与平均，得0分（歧义C）")
    return _Rate(None, False, ZERO, "近三年无签约项目，不参与平均，得0分（歧义C）")


def _relative(
    *, key: str, title: str, weight: Decimal, rates: dict, numerators: dict, denominators: dict
) -> dict[int, Indicator]:
    """Indicators 3 and 4: min(W, value / average × W); the average is over the units that count toward it."""
    counted = [r.value or ZERO for r in rates.values() if r.in_average]
    average = sum(counted, ZERO) / len(counted) if counted else None
    w = exact(weight)
    result = {}
    for unit_id, rate in rates.items():
        num, den = numerators[unit_id], denominators[unit_id]
        if average == 0:  # DOMAIN.md §5.1: an average of 0 scores the indicator 0 for everyone
            score, note = ZERO, "平均值为0，该项各单位均得0分"
        elif not rate.in_average:
            score, note = rate.fallback, rate.note
        else:
            value = rate.value or ZERO
            score = min(w, value * w / average)
            note = rate.note or ("已达权重上限" if score == w else "")
        result[unit_id] = Indicator(
            key,
            title,
            weight,
            score,
            num,
            den,
            rate.value,
            average,
            rate.in_average,
            note=note,
        )
    return result


def indicators(
    units: tuple[UnitFigures, ...], rules: Rules, known: dict | None = None
) -> dict[int, tuple[Indicator, Indicator, Indicator, Indicator]]:
    """The four indicators of every assessed unit; 3 and 4 need all units for their averages. ``known``: earlier
    scores by unit id (a what-if): a unit whose figures are the very same object keeps its indicators 1 and 2."""
    split = rules.joint_split
    known = known or {}

    def same(u):
        earlier = known.get(u.unit_id)
        return earlier if earlier is not None and earlier.figures is u else None

    contract = {
        u.unit_id: same(u).contract
        if same(u)
        else target_indicator(
            key="contract",
            title="正式合同额目标任务完成率",
            actual=u.contract.under(split),
            target=u.signed_target,
            weight=rules.weight_contract,
            rules=rules,
        )
        for u in units
    }
    funds = {
        u.unit_id: same(u).funds
        if same(u)
        else target_indicator(
            key="funds",
            title="资金到位额目标任务完成率",
            actual=u.funds.under(split),
            target=u.funded_target,
            weight=rules.weight_funds,
            rules=rules,
        )
        for u in units
    }
    funds_rate = _relative(
        key="funds_rate",
        title="资金到位率",
        weight=rules.weight_funds_rate,
        rates={u.unit_id: _funds_rate(u, rules) for u in units},
        numerators={u.unit_id: u.funds.under(split) for u in units},
        denominators={u.unit_id: u.contract.under(split) for u in units},
    )
    start_rate = _relative(
        key="start_rate",
        title="开工率",
        weight=rules.weight_start_rate,
        rates={u.unit_id: _start_rate(u, rules) for u in units},
        numerators={u.unit_id: u.started_projects.under(split) for u in units},
        denominators={u.unit_id: u.signed_projects.under(split) for u in units},
    )
    return {
        u.unit_id: (contract[u.unit_id], funds[u.unit_id], funds_rate[u.unit_id], start_rate[u.unit_id]) for u in units
    }
