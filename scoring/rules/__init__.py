"""The assessment method (Annex 2) as pure functions over frozen dataclasses. No ORM, no Django: the selector in
``scoring/selectors.py`` loads the confirmed records and hands plain data in; a result with its explanation comes out.
"""

from scoring.rules.bonus import BonusItem, BonusResult, ProjectAward, awards, highest_tier, project_award
from scoring.rules.daily import DailyResult, Deduction, daily_work, months_due
from scoring.rules.guarantee import (
    Appraisal,
    Finding,
    GuaranteeScore,
    RatingInput,
    appraisals,
    check_criteria,
    check_rating,
    guarantee_scores,
)
from scoring.rules.indicators import Indicator, indicators, target_indicator
from scoring.rules.inputs import BonusProject, Credited, MissedEvent, MonthReport, UnitFigures, YearInputs
from scoring.rules.needs import Need, unit_needs
from scoring.rules.numbers import exact, half_up, share_of
from scoring.rules.period import Period, period
from scoring.rules.progress import Progress, band, funds_time_progress, progress, quarter_milestone, time_progress
from scoring.rules.scheme import Band, Criterion, RewardTier, Rules, Tier
from scoring.rules.wording import Explained, explain_unit
from scoring.rules.year import Lacks, Reward, UnitScore, YearScores, competition_ranks, reward_places, score_year

__all__ = [
    "Appraisal",
    "Band",
    "BonusItem",
    "BonusProject",
    "BonusResult",
    "Credited",
    "Criterion",
    "DailyResult",
    "Deduction",
    "Explained",
    "Finding",
    "GuaranteeScore",
    "Indicator",
    "Lacks",
    "MissedEvent",
    "MonthReport",
    "Need",
    "Period",
    "Progress",
    "ProjectAward",
    "RatingInput",
    "Reward",
    "RewardTier",
    "Rules",
    "Tier",
    "UnitFigures",
    "UnitScore",
    "YearInputs",
    "YearScores",
    "appraisals",
    "awards",
    "band",
    "check_criteria",
    "check_rating",
    "competition_ranks",
    "daily_work",
    "exact",
    "explain_unit",
    "funds_time_progress",
    "guarantee_scores",
    "half_up",
    "highest_tier",
    "indicators",
    "months_due",
    "period",
    "progress",
    "project_award",
    "quarter_milestone",
    "reward_places",
    "score_year",
    "share_of",
    "target_indicator",
    "time_progress",
    "unit_needs",
]
