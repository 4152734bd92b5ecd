"""The bonus (招大引强、招新引优, Annex 2 §三(五)): per qualifying project, its highest tier only, in the year of its
first confirmed formal contract only, split between the credited units."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from scoring.rules.inputs import BonusProject
from scoring.rules.numbers import ZERO, half_up, share_of
from scoring.rules.scheme import Rules, Tier

LADDERS = {
    "major": "招大引强（世界500强、中国500强、中央企业、国家级高新技术企业、独角兽、专精特新企业投资项目）",
    "industrial": "招大引强（百亿级工业项目）",
    "service": "招新引优（重大生产性服务业项目）",
}


@dataclass(frozen=True)
class ProjectAward:
    project: BonusProject
    ladder: str
    tier: Tier
    points: Decimal  # the whole project's points

    @property
    def ladder_label(self) -> str:
        return LADDERS[self.ladder]


@dataclass(frozen=True)
class BonusItem:
    """One unit's part of one project's award."""

    award: ProjectAward
    share: Decimal
    points: Decimal  # the unit's part

    @property
    def project(self) -> BonusProject:
        return self.award.project


@dataclass(frozen=True)
class BonusResult:
    items: tuple[BonusItem, ...]

    @cached_property
    def score_exact(self) -> Fraction:
        return sum((Fraction(i.points) for i in self.items), ZERO)

    @cached_property
    def score(self) -> Decimal:
        return half_up(self.score_exact, 2)


def highest_tier(amount: Decimal, tiers: tuple[Tier, ...]) -> Tier | None:
    reached = [t for t in tiers if amount >= t.threshold]
    return max(reached, key=lambda t: t.points) if reached else None


def project_award(project: BonusProject, rules: Rules, *, year: int, as_of: dt.date) -> ProjectAward | None:
    """The project's award this year, or None. A project qualifying on both ladders scores once, on the higher one.

    招大引强: an investor with one of the scheme's tags, or (ambiguity F) an industrial project whose year's formal
    contracts reach the 百亿级 threshold. 招新引优: a project of a listed producer-service kind, by its amount; with
    ambiguity E's setting on, only if it is also flagged major."""
    if not (dt.date(year, 1, 1) <= project.first_signed <= as_of):
        return None  # scores in the year of its first confirmed formal contract only
    candidates = []
    if project.tags & set(rules.bonus_tags):
        tier = highest_tier(project.amount, rules.bonus_major_tiers)
        if tier:
            candidates.append(ProjectAward(project, "major", tier, tier.points))
    elif rules.industrial_ladder and project.kind == "manufacturing" and project.amount >= rules.industrial_threshold:
        tier = highest_tier(project.amount, rules.bonus_major_tiers)
        if tier:
            candidates.append(ProjectAward(project, "industrial", tier, tier.points))
    if project.service_kind and (project.is_major or not rules.service_requires_major):
        tier = highest_tier(project.amount, rules.bonus_service_tiers)
        if tier:
            candidates.append(ProjectAward(project, "service", tier, tier.points))
    return max(candidates, key=lambda a: a.points) if candidates else None


def awards(
    projects: tuple[BonusProject, ...], rules: Rules, *, year: int, as_of: dt.date
) -> dict[int, list[BonusItem]]:
    """Every unit's bonus items: each award split by the credited shares (ambiguity D)."""
    by_unit: dict[int, list[BonusItem]] = {}
    for project in projects:
        award = project_award(project, rules, year=year, as_of=as_of)
        if award is None:
            continue
        for unit_id, share in project.credits:
            points = award.points if rules.joint_split == "full" else share_of(award.points, share)
            by_unit.setdefault(unit_id, []).append(BonusItem(award, share, points))
    return by_unit
