"""Guarantee units (保障单位) rated by enterprises, and the 2-point deduction appraisal of guarantee units and towns
(Annex 2 §四–§五, DOMAIN.md §5.2)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from core.formatting import plain
from scoring.rules.numbers import ZERO, exact, half_up
from scoring.rules.scheme import Criterion, Rules
from scoring.rules.year import competition_ranks, reward_tier


def check_criteria(criteria: tuple[Criterion, ...]) -> list[str]:
    """Problems with a list of criteria: names unique and non-empty, maxima positive and adding up to 100."""
    problems = []
    names = [c.name for c in criteria]
    if not criteria:
        problems.append("至少需要一项评分指标")
    if any(not n.strip() for n in names):
        problems.append("指标名称不能为空")
    if len(set(names)) != len(names):
        problems.append("指标名称不能重复")
    if any(c.max_points <= 0 for c in criteria):
        problems.append("每项指标的分值必须大于0")
    total = sum((c.max_points for c in criteria), Decimal("0"))
    if criteria and total != 100:
        problems.append(f"各项指标分值之和必须为100，现为{plain(total)}")
    return problems


def check_rating(scores: dict, criteria: tuple[Criterion, ...]) -> dict[str, str]:
    """Errors keyed by criterion name: every criterion scored, 0 ≤ score ≤ its maximum, at most one decimal place."""
    errors = {}
    for criterion in criteria:
        raw = scores.get(criterion.name)
        if raw is None or str(raw).strip() == "":
            errors[criterion.name] = f"请为“{criterion.name}”打分"
            continue
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            errors[criterion.name] = f"“{criterion.name}”的分数不是数字"
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_points:
            errors[criterion.name] = f"“{criterion.name}”的分数应在0到{plain(criterion.max_points)}之间"
        elif value.as_tuple().exponent < -1:
            errors[criterion.name] = f"“{criterion.name}”的分数最多保留1位小数"
    return errors


@dataclass(frozen=True)
class RatingInput:
    rating_id: int
    unit_id: int
    scores: tuple[tuple[str, Decimal], ...]  # (criterion name, points) as rated
    source: str = "link"

    @property
    def total(self) -> Decimal:
        return sum((s for _, s in self.scores), Decimal("0"))


@dataclass(frozen=True)
class GuaranteeScore:
    unit_id: int
    name: str
    ratings: int
    score_exact: Fraction | None  # the average of its ratings' totals, out of 100; None without any rating
    criteria: tuple[tuple[str, Fraction | None], ...]
    rank: int | None
    reward_wan: Decimal | None
    excellent: bool

    @property
    def score(self) -> Decimal | None:
        return None if self.score_exact is None else half_up(self.score_exact, 2)

    @property
    def criteria_shown(self) -> list[tuple[str, Decimal | None]]:
        return [(n, None if v is None else half_up(v, 2)) for n, v in self.criteria]


def guarantee_scores(
    units: tuple[tuple[int, str], ...], ratings: tuple[RatingInput, ...], rules: Rules
) -> list[GuaranteeScore]:
    """Each rated unit's score (the plain average of its ratings), ranked; units without a rating are not ranked."""
    by_unit: dict[int, list[RatingInput]] = {}
    for rating in ratings:
        by_unit.setdefault(rating.unit_id, []).append(rating)
    averages = {uid: sum((exact(r.total) for r in rs), ZERO) / len(rs) for uid, rs in by_unit.items() if rs}
    ranks = competition_ranks({uid: half_up(v, 2) for uid, v in averages.items()})
    results = []
    for unit_id, name in units:
        rs = by_unit.get(unit_id, [])
        criteria = []
        for criterion in rules.guarantee_criteria:
            given = [exact(dict(r.scores)[criterion.name]) for r in rs if criterion.name in dict(r.scores)]
            criteria.append((criterion.name, sum(given, ZERO) / len(given) if given else None))
        score = averages.get(unit_id)
        rank = ranks.get(unit_id)
        tier = reward_tier(rank, rules.guarantee_reward_tiers)
        passed = score is not None and half_up(score, 2) >= rules.guarantee_pass_score
        results.append(
            GuaranteeScore(
                unit_id,
                name,
                len(rs),
                score,
                tuple(criteria),
                rank,
                tier.amount_wan if tier and passed else None,
                rank is not None and rank <= rules.guarantee_excellent_top,
            )
        )
    return sorted(results, key=lambda g: (g.rank is None, g.rank or 0))


@dataclass(frozen=True)
class Finding:
    """A shortfall the center found in a unit's monthly evidence on one criterion."""

    finding_id: int
    unit_id: int
    month: dt.date
    criterion: str
    note: str = ""


@dataclass(frozen=True)
class Appraisal:
    unit_id: int
    name: str
    findings: tuple[Finding, ...]
    points: Decimal
    per_finding: Decimal

    @property
    def score_exact(self) -> Fraction:
        return max(ZERO, exact(self.points) - exact(self.per_finding) * len(self.findings))

    @property
    def score(self) -> Decimal:
        return half_up(self.score_exact, 2)


def appraisals(units: tuple[tuple[int, str], ...], findings: tuple[Finding, ...], rules: Rules) -> list[Appraisal]:
    """The 2-point appraisal by deduction: points − deduction × findings, floor 0."""
    by_unit: dict[int, list[Finding]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit_id, []).append(finding)
    return [
        Appraisal(
            uid,
            name,
            tuple(sorted(by_unit.get(uid, []), key=lambda f: (f.month, f.criterion))),
            rules.appraisal_points,
            rules.appraisal_deduction,
        )
        for uid, name in units
    ]
