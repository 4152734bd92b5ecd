"""A year's scores at a cut-off: every responsible unit's indicators, bonus, daily work, total, rank, whether it met
its targets, its reward, and what it lacks."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from core.formatting import plain
from scoring.rules.bonus import BonusResult, awards
from scoring.rules.daily import DailyResult, daily_work
from scoring.rules.indicators import Indicator, indicators
from scoring.rules.inputs import UnitFigures, YearInputs
from scoring.rules.numbers import ZERO, exact, half_up
from scoring.rules.scheme import RewardTier, Rules


def competition_ranks(values: dict, *, descending: bool = True) -> dict:
    """Standard competition ranking ("1224"): equal values share a rank, the next rank skips."""
    ordered = sorted(values.values(), reverse=descending)
    first_at = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
    return {key: first_at[value] for key, value in values.items()}


def reward_tier(rank: int | None, tiers: tuple[RewardTier, ...]) -> RewardTier | None:
    if rank is None:
        return None
    return next((t for t in tiers if t.first <= rank <= t.last), None)


def reward_places(totals: dict, qualified: set, reading: str) -> dict:
    """The place each unit's reward is read at (ambiguity G). ``overall``: its rank among all units, so a higher
    unit that does not qualify keeps its place and the place goes unused; ``eligible``: its rank among the units that
    meet the conditions (targets, pass score), the others taking no place."""
    if reading == "eligible":
        return competition_ranks({uid: v for uid, v in totals.items() if uid in qualified})
    return competition_ranks(totals)


@dataclass(frozen=True)
class Reward:
    eligible: bool
    amount_wan: Decimal | None
    excellent: bool  # extra "excellent" appraisal places for the unit's staff
    reasons: tuple[str, ...]  # why not, when not eligible
    place: int | None = None  # the rank the reward tiers were read at (ambiguity G), None when not in the race


@dataclass(frozen=True)
class Lacks:
    to_pass: Decimal | None  # points short of the pass score (80)
    to_next_rank: Decimal | None  # points short of the total of the next rank up
    next_units: tuple[str, ...]
    contract_short: Decimal  # 亿元 short of the signed target
    funds_short: Decimal  # 亿元 short of the funded target


@dataclass(frozen=True)
class UnitScore:
    figures: UnitFigures
    contract: Indicator
    funds: Indicator
    funds_rate: Indicator
    start_rate: Indicator
    bonus: BonusResult
    daily: DailyResult
    total_exact: Fraction
    rank: int
    targets_met: bool
    reward: Reward
    lacks: Lacks

    @property
    def unit_id(self) -> int:
        return self.figures.unit_id

    @property
    def name(self) -> str:
        return self.figures.name

    @property
    def indicators(self) -> tuple[Indicator, Indicator, Indicator, Indicator]:
        return (self.contract, self.funds, self.funds_rate, self.start_rate)

    @cached_property
    def total(self) -> Decimal:
        return half_up(self.total_exact, 2)


@dataclass(frozen=True)
class YearScores:
    rules: Rules
    year: int
    as_of: dt.date
    units: tuple[UnitScore, ...]  # in the order of the breakdown table
    # what was scored, so a what-if (scoring.rules.needs) can score the year again with one unit's figures changed
    inputs: YearInputs | None = field(default=None, repr=False, compare=False)

    @property
    def ranking(self) -> list[UnitScore]:
        order = {u.unit_id: i for i, u in enumerate(self.units)}
        return sorted(self.units, key=lambda u: (u.rank, order[u.unit_id]))

    def unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    @property
    def funds_rate_average(self) -> Decimal | None:
        return self.units[0].funds_rate.average if self.units else None

    @property
    def start_rate_average(self) -> Decimal | None:
        return self.units[0].start_rate.average if self.units else None


def _total(parts: list[Fraction], rules: Rules) -> Fraction:
    if rules.total_rounding == "sum_of_rounded":
        return sum((exact(half_up(p, 2)) for p in parts), ZERO)
    return sum(parts, ZERO)


def score_year(inputs: YearInputs, rules: Rules, *, same_records: YearScores | None = None) -> YearScores:
    """``same_records``: scores of the same year whose bonus projects, reports and events these inputs share (a
    what-if that changes amounts only): their bonus and daily work are taken as they are."""
    year, as_of, split = inputs.year, inputs.as_of, rules.joint_split
    earlier = {s.unit_id: s for s in same_records.units} if same_records else {}
    four = indicators(inputs.units, rules, earlier)
    bonus_items = {} if same_records else awards(inputs.bonus_projects, rules, year=year, as_of=as_of)
    partial = {}
    for u in inputs.units:
        if (known := earlier.get(u.unit_id)) is not None:
            bonus, daily = known.bonus, known.daily
        else:
            bonus = BonusResult(tuple(bonus_items.get(u.unit_id, ())))
            daily = daily_work(u, rules, year=year, as_of=as_of)
        parts = [i.score_exact for i in four[u.unit_id]] + [bonus.score_exact, daily.score_exact]
        partial[u.unit_id] = (bonus, daily, _total(parts, rules))

    shown = {uid: half_up(p[2], 2) for uid, p in partial.items()}
    ranks = competition_ranks(shown)
    names = {u.unit_id: u.name for u in inputs.units}
    pass_score = rules.pass_score
    conditions = {}
    for u in inputs.units:
        c, f = u.contract.under(split), u.funds.under(split)
        met = c >= u.signed_target and f >= u.funded_target
        reasons = []
        if rules.reward_requires_targets and not met:
            reasons.append("未完成年度目标任务")
        if shown[u.unit_id] < pass_score:
            reasons.append(f"得分低于{plain(pass_score)}分")
        conditions[u.unit_id] = (c, f, met, reasons)
    places = reward_places(shown, {uid for uid, cond in conditions.items() if not cond[3]}, rules.reward_places)
    results = []
    for u in inputs.units:
        bonus, daily, total = partial[u.unit_id]
        c, f, met, reasons = conditions[u.unit_id]
        rank = ranks[u.unit_id]
        place = places.get(u.unit_id)
        tier = reward_tier(place, rules.reward_tiers)
        if tier is None:
            reasons.append("排名不在奖励名次内")
        eligible = not reasons
        higher = sorted({v for v in shown.values() if v > shown[u.unit_id]})
        lacks = Lacks(
            to_pass=pass_score - shown[u.unit_id] if shown[u.unit_id] < pass_score else None,
            to_next_rank=higher[0] - shown[u.unit_id] if higher else None,
            next_units=tuple(names[k] for k, v in shown.items() if higher and v == higher[0]),
            contract_short=max(Decimal("0"), u.signed_target - c),
            funds_short=max(Decimal("0"), u.funded_target - f),
        )
        results.append(
            UnitScore(
                u,
                *four[u.unit_id],
                bonus,
                daily,
                total,
                rank,
                met,
                Reward(
                    eligible,
                    tier.amount_wan if eligible else None,
                    rank <= rules.excellent_top,
                    tuple(reasons),
                    place,
                ),
                lacks,
            )
        )
    return YearScores(rules, year, as_of, tuple(results), inputs)
