"""What a unit needs for its next points, in money: how many more 亿元 of formal contracts signed (签约) or of funds in
place (到位) it takes to score an indicator in full, to reach the pass score (80), to move up one rank and to reach each
reward place (Annex 2 §四: 前2名 / 前3—4名, with targets met and the pass score).

A what-if, not a forecast: the year is scored again (``score_year``) with this unit's confirmed amounts raised and
everything else as it stands at the cut-off, so the averages of indicators 3–4, the other units' scores, ties and the
reward places move exactly as the rules move them. Amounts are found to the 0.01 亿元 (一百万元) above the least that
does it. Added contracts lower the unit's funds rate (到位资金 ÷ 合同额), so signing more can cost points there; funds
count only for projects already started. Bonus points, the start rate and daily work are left as they are.

Pure functions over scoring's results (``YearScores`` keeps the inputs it scored).
"""

import math
from dataclasses import dataclass, replace
from decimal import Decimal

from core.formatting import plain
from scoring.rules.inputs import Credited, UnitFigures, YearInputs
from scoring.rules.numbers import exact
from scoring.rules.scheme import Rules
from scoring.rules.year import UnitScore, YearScores, score_year

STEP = Decimal("0.01")  # 亿元: the amounts are given to one million yuan
LIMIT_STEPS = 10**7  # 100,000 亿元: past this, a goal counts as out of reach by money
ZERO = Decimal("0")


@dataclass(frozen=True)
class Need:
    """One goal: whether the unit is there, and the least extra signing or funds (亿元) that gets it there alone.

    ``contract``/``funds`` None: that lever alone cannot reach it. ``base_contract``/``base_funds``: what must come first
    (the reward places need both annual targets met); ``funds`` is then on top of it."""

    key: str
    goal: str
    reached: bool
    contract: Decimal | None = None
    funds: Decimal | None = None
    base_contract: Decimal = ZERO
    base_funds: Decimal = ZERO
    starts: int | None = None  # the start rate: projects to start (a count, not money)
    text: str = ""


def _add(c: Credited, amount: Decimal) -> Credited:
    return Credited(c.shared + amount, c.whole + amount)


class _WhatIf:
    def __init__(self, scores: YearScores, unit_id: int):
        if scores.inputs is None:
            raise ValueError("scores without their inputs cannot be scored again")
        self.scores, self.rules, self.unit_id = scores, scores.rules, unit_id
        self.inputs: YearInputs = scores.inputs
        self.figures: UnitFigures = next(u for u in self.inputs.units if u.unit_id == unit_id)
        self._memo: dict[tuple, UnitScore] = {}

    def score(self, contract: Decimal = ZERO, funds: Decimal = ZERO, starts: int = 0) -> UnitScore:
        key = (contract, funds, starts)
        if key not in self._memo:
            f = self.figures
            changed = replace(
                f,
                contract=_add(f.contract, contract),
                funds=_add(f.funds, funds),
                started_projects=_add(f.started_projects, Decimal(starts)),
            )
            units = tuple(changed if u.unit_id == self.unit_id else u for u in self.inputs.units)
            result = score_year(replace(self.inputs, units=units), self.rules, same_records=self.scores)
            self._memo[key] = result.unit(self.unit_id)
        return self._memo[key]


def _least_steps(predicate, limit: int) -> int | None:
    """The least n in 1…limit with predicate(n), searching by doubling then halving; None if predicate(limit) fails.

    Exact when the predicate is monotone (funds: more funds never lower the unit's score or rank). For signing it finds
    an amount that does it (a signing past the point where the funds rate starts falling may be needed)."""
    if not predicate(limit):
        return None
    hi = 1
    while hi < limit and not predicate(hi):
        hi = min(hi * 2, limit)
    lo = hi // 2  # predicate(lo) is false (or lo is 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _steps_to(amount: Decimal) -> int:
    return max(1, math.ceil(amount / STEP))


def _contract_limit(w: _WhatIf) -> int:
    """Past the signed target indicator 1 is full and more signing only lowers the funds rate."""
    f = w.figures
    actual = f.contract.under(w.rules.joint_split)
    if f.signed_target > actual:
        return _steps_to(f.signed_target - actual)
    return 1 if f.signed_target <= 0 and actual <= 0 else 0


def _levers(w: _WhatIf, goal, base_contract=ZERO, base_funds=ZERO) -> tuple[Decimal | None, Decimal | None]:
    """The least extra signing alone and extra funds alone (on top of the base) that meet ``goal(UnitScore)``."""
    contract = None
    limit = _contract_limit(w) if base_contract == 0 else 0
    if limit:
        n = _least_steps(lambda k: goal(w.score(k * STEP, base_funds)), limit)
        contract = None if n is None else n * STEP
    n = _least_steps(lambda k: goal(w.score(base_contract, base_funds + k * STEP)), LIMIT_STEPS)
    funds = None if n is None else n * STEP
    return contract, funds


def _yi(value: Decimal) -> str:
    return plain(value)


def _lever_text(contract: Decimal | None, funds: Decimal | None) -> str:
    ways = []
    if funds is not None:
        ways.append(f"再到位资金 {_yi(funds)} 亿元")
    if contract is not None:
        ways.append(f"再签约正式合同 {_yi(contract)} 亿元")
    if not ways:
        return "仅靠签约或到位资金无法达到"
    return "，或".join(ways)


def _indicator_needs(w: _WhatIf, s: UnitScore) -> list[Need]:
    rules, f = w.rules, w.figures
    split = rules.joint_split
    needs = []
    c_short = max(ZERO, f.signed_target - f.contract.under(split))
    full = s.contract.score_exact == exact(s.contract.weight)
    if full:
        needs.append(Need("contract", "正式合同额满分", True, text="正式合同额已得满分"))
    elif f.signed_target > 0:
        needs.append(
            Need("contract", "正式合同额满分", False, contract=c_short, text=f"再签约正式合同 {_yi(c_short)} 亿元")
        )
    else:
        contract, _ = _levers(w, lambda u: u.contract.score_exact == exact(u.contract.weight))
        needs.append(Need("contract", "正式合同额满分", False, contract=contract, text=_lever_text(contract, None)))
    f_short = max(ZERO, f.funded_target - f.funds.under(split))
    if s.funds.score_exact == exact(s.funds.weight):
        needs.append(Need("funds", "到位资金满分", True, text="到位资金已得满分"))
    elif f.funded_target > 0:
        needs.append(Need("funds", "到位资金满分", False, funds=f_short, text=f"再到位资金 {_yi(f_short)} 亿元"))
    else:
        _, funds = _levers(w, lambda u: u.funds.score_exact == exact(u.funds.weight))
        needs.append(Need("funds", "到位资金满分", False, funds=funds, text=_lever_text(None, funds)))
    if s.funds_rate.score_exact == exact(s.funds_rate.weight):
        needs.append(Need("funds_rate", "资金到位率满分", True, text="资金到位率已得满分"))
    else:
        n = _least_steps(
            lambda k: (u := w.score(funds=k * STEP)).funds_rate.score_exact == exact(u.funds_rate.weight), LIMIT_STEPS
        )
        funds = None if n is None else n * STEP
        needs.append(Need("funds_rate", "资金到位率满分", False, funds=funds, text=_lever_text(None, funds)))
    needs.append(_start_need(w, s))
    return needs


def _start_need(w: _WhatIf, s: UnitScore) -> Need:
    if s.start_rate.score_exact == exact(s.start_rate.weight):
        return Need("start_rate", "开工率满分", True, text="开工率已得满分")
    signed = w.figures.signed_projects.under(w.rules.joint_split)
    started = w.figures.started_projects.under(w.rules.joint_split)
    for n in range(1, math.ceil(signed - started) + 1):
        u = w.score(starts=n)
        if u.start_rate.score_exact == exact(u.start_rate.weight):
            return Need("start_rate", "开工率满分", False, starts=n, text=f"已签约项目中再有 {n} 个开工")
    if signed <= 0:
        return Need("start_rate", "开工率满分", False, text="近三年尚无签约项目，签约并开工后按开工率计分")
    return Need("start_rate", "开工率满分", False, text="已签约项目全部开工也不能达到满分")


def _reward_needs(w: _WhatIf, s: UnitScore) -> list[Need]:
    rules, f = w.rules, w.figures
    split = rules.joint_split
    needs = []
    for tier in rules.reward_tiers:
        places = f"第{tier.first}名" if tier.first == tier.last else f"第{tier.first}—{tier.last}名"
        goal = f"进入奖励名次{places}（{_yi(tier.amount_wan)}万元）"
        key = f"reward_{tier.first}_{tier.last}"

        def there(u, last=tier.last):
            return u.reward.eligible and u.reward.place is not None and u.reward.place <= last

        if there(s):
            needs.append(Need(key, goal, True, text=f"已进入奖励名次{places}"))
            continue
        base_c = base_f = ZERO
        if rules.reward_requires_targets:
            base_c = max(ZERO, f.signed_target - f.contract.under(split))
            base_f = max(ZERO, f.funded_target - f.funds.under(split))
        first = []
        if base_c:
            first.append(f"签约正式合同 {_yi(base_c)} 亿元")
        if base_f:
            first.append(f"到位资金 {_yi(base_f)} 亿元")
        lead = f"先完成年度目标（再{'、'.join(first)}）" if first else ""
        if there(w.score(base_c, base_f)):
            needs.append(Need(key, goal, False, base_contract=base_c, base_funds=base_f, funds=ZERO, text=lead))
            continue
        _, funds = _levers(w, there, base_c, base_f)
        if funds is None:
            text = (lead + "后，" if lead else "") + "仅靠到位资金也无法达到"
        else:
            text = (lead + "后，" if lead else "") + f"再到位资金 {_yi(funds)} 亿元"
        needs.append(Need(key, goal, False, base_contract=base_c, base_funds=base_f, funds=funds, text=text))
    return needs


def unit_needs(scores: YearScores, unit_id: int, *, only: tuple[str, ...] = ()) -> list[Need]:
    """Every goal of the unit, in this order: each indicator in full, the pass score, the next rank, each reward place.
    ``only``: just these of the summary goals ("pass", "next_rank"; a home page's line), without the others."""
    s = scores.unit(unit_id)
    if s is None:
        return []
    w = _WhatIf(scores, unit_id)
    rules: Rules = scores.rules
    needs = [] if only else _indicator_needs(w, s)
    pass_goal = f"总分达到{_yi(rules.pass_score)}分"
    if s.total >= rules.pass_score:
        needs.append(Need("pass", pass_goal, True, text=f"总分已达到{_yi(rules.pass_score)}分"))
    else:
        contract, funds = _levers(w, lambda u: u.total >= rules.pass_score)
        needs.append(Need("pass", pass_goal, False, contract=contract, funds=funds, text=_lever_text(contract, funds)))
    if s.rank == 1:
        tied = [u.name for u in scores.units if u.rank == 1 and u.unit_id != unit_id]
        text = "已是第1名" + (f"（与{'、'.join(tied)}并列）" if tied else "")
        needs.append(Need("next_rank", "上升一个名次", True, text=text))
    else:
        higher = max(u.rank for u in scores.units if u.rank < s.rank)
        ahead = "、".join(u.name for u in scores.units if u.rank == higher)
        contract, funds = _levers(w, lambda u: u.rank < s.rank)
        goal = f"上升一个名次（第{higher}名：{ahead}）"
        needs.append(Need("next_rank", goal, False, contract=contract, funds=funds, text=_lever_text(contract, funds)))
    if only:
        return [n for n in needs if n.key in only]
    return needs + _reward_needs(w, s)
