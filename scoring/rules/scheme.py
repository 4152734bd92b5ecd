"""The year's scoring scheme as plain data: everything the rules read that the plan (or an ambiguity of it) decides.

Built from the stored scheme version (scoring.models.SchemeVersion.as_rules) or directly in tests; never from literals in
the rule functions. Defaults are those of DOMAIN.md §5.
"""

from dataclasses import dataclass
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class Tier:
    """A bonus tier: a project whose amount is at least ``threshold`` 亿元 earns ``points``."""

    threshold: Decimal
    points: Decimal


@dataclass(frozen=True)
class RewardTier:
    """Ranks ``first``–``last`` (inclusive) earn ``amount_wan`` 万元 of next year's work funds."""

    first: int
    last: int
    amount_wan: Decimal


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    colour: str


@dataclass(frozen=True)
class Criterion:
    """A guarantee-unit rating criterion and its maximum points (the maxima add up to 100)."""

    name: str
    max_points: Decimal


# Ambiguity settings (DOMAIN.md §5.1 A–G) and their choices; the first of each is the shipped default.
ZERO_TARGET = {"full_if_any": "目标为0时，有认定数额即得满分，否则0分", "zero": "目标为0时一律0分"}
FUNDS_RATE_WITHOUT_CONTRACTS = {
    "full_if_funds": "当期无新签约：不参与平均，有到位资金得满分，否则0分",
    "zero": "当期无新签约：不参与平均，得0分",
}
START_RATE_WITHOUT_SIGNINGS = {
    "exclude": "近三年无签约项目：不参与平均，得0分",
    "include_zero": "近三年无签约项目：按开工率0参与平均，得0分",
}
JOINT_SPLIT = {"shares": "联合招商按约定比例分成（金额、个数、加分）", "full": "联合招商各单位均按全额计"}
TOTAL_ROUNDING = {
    "exact": "总分＝各项精确得分之和，再四舍五入到2位",
    "sum_of_rounded": "总分＝各项四舍五入到2位后的得分之和",
}
REWARD_PLACES = {
    "overall": "奖励名次按总排名（考核办法原文）：排名靠前的单位不符合条件时，其名次空缺",
    "eligible": "奖励名次按符合条件单位之间的排名：不符合条件的单位不占名次",
}
FUNDS_PROGRESS = {
    "milestones": "到位资金序时进度按季度节点（10/50/80/100%）线性插值",
    "months": "到位资金序时进度按月数/12",
}

BAND_CODES = ("green", "blue", "yellow", "orange", "red")
DEFAULT_BANDS = (
    Band("green", "绿", "#2e7d32"),
    Band("blue", "蓝", "#1565c0"),
    Band("yellow", "黄", "#f9a825"),
    Band("orange", "橙", "#ef6c00"),
    Band("red", "红", "#c62828"),
)
DEFAULT_BONUS_TAGS = ("global500", "china500", "central_soe", "high_tech", "unicorn", "specialized_new")
DEFAULT_MAJOR_TIERS = (Tier(D("1"), D("1")), Tier(D("3"), D("2")), Tier(D("5"), D("3")), Tier(D("10"), D("4")))
DEFAULT_SERVICE_TIERS = (Tier(D("0.2"), D("1")), Tier(D("0.5"), D("2")), Tier(D("1"), D("3")))
DEFAULT_REWARD_TIERS = (RewardTier(1, 2, D("20")), RewardTier(3, 4, D("15")))
DEFAULT_GUARANTEE_REWARD_TIERS = (RewardTier(1, 2, D("5")), RewardTier(3, 4, D("3")))
DEFAULT_GUARANTEE_CRITERIA = tuple(
    Criterion(name, D("20")) for name in ("手续办理", "要素保障", "营商环境", "征地拆迁", "用工保障")
)
DEFAULT_TOWN_CRITERIA = (
    "成立招商机构",
    "外出招商",
    "建立招商项目库",
    "目标企业",
    "平时联系工作",
    "项目签约",
    "资金到位",
)
DEFAULT_GUARANTEE_APPRAISAL_CRITERIA = tuple(c.name for c in DEFAULT_GUARANTEE_CRITERIA)
REPORT_ITEMS = (
    ("signing", "项目签约"),
    ("funds", "资金到位"),
    ("starts", "项目开工"),
    ("visits", "外出拜访"),
    ("publicity", "宣传活动"),
)


@dataclass(frozen=True)
class Rules:
    year: int
    label: str = ""
    # the four indicators and daily work (ambiguity A: the funds weight)
    weight_contract: Decimal = D("20")
    weight_funds: Decimal = D("30")
    weight_funds_rate: Decimal = D("20")
    weight_start_rate: Decimal = D("20")
    weight_daily: Decimal = D("10")
    daily_deduction: Decimal = D("1")
    late_counts_as_missing: bool = False
    report_items: tuple[tuple[str, str], ...] = REPORT_ITEMS
    work_due_day: int = 25
    zero_target: str = "full_if_any"  # B
    funds_rate_without_contracts: str = "full_if_funds"  # C
    start_rate_without_signings: str = "exclude"  # C
    joint_split: str = "shares"  # D
    total_rounding: str = "exact"
    start_rate_years: int = 3
    # bonus
    bonus_tags: tuple[str, ...] = DEFAULT_BONUS_TAGS
    bonus_major_tiers: tuple[Tier, ...] = DEFAULT_MAJOR_TIERS
    bonus_service_tiers: tuple[Tier, ...] = DEFAULT_SERVICE_TIERS
    service_requires_major: bool = False  # E: 招新引优 also needs the project's major flag
    industrial_ladder: bool = True  # F: 百亿级工业 earns the 招大引强 ladder without a tagged investor
    industrial_threshold: Decimal = D("100")
    # results
    pass_score: Decimal = D("80")
    reward_requires_targets: bool = True
    reward_tiers: tuple[RewardTier, ...] = DEFAULT_REWARD_TIERS
    excellent_top: int = 4
    reward_places: str = "overall"  # G
    # five-colour chart and time progress
    milestones: tuple[Decimal, Decimal, Decimal, Decimal] = (D("10"), D("50"), D("80"), D("100"))
    funds_progress: str = "milestones"
    band_green_at: Decimal = D("100")
    band_yellow_within: Decimal = D("10")
    band_orange_within: Decimal = D("30")
    bands: tuple[Band, ...] = DEFAULT_BANDS
    # guarantee units and towns
    guarantee_criteria: tuple[Criterion, ...] = DEFAULT_GUARANTEE_CRITERIA
    guarantee_pass_score: Decimal = D("80")
    guarantee_reward_tiers: tuple[RewardTier, ...] = DEFAULT_GUARANTEE_REWARD_TIERS
    guarantee_excellent_top: int = 2
    appraisal_points: Decimal = D("2")
    appraisal_deduction: Decimal = D("0.1")
    town_criteria: tuple[str, ...] = DEFAULT_TOWN_CRITERIA
    guarantee_appraisal_criteria: tuple[str, ...] = DEFAULT_GUARANTEE_APPRAISAL_CRITERIA
    # the plan's other commitments
    visits_target: int = 500
    leader_trips_per_month: int = 1
    trainings_target: int = 3
    monthly_signing_min: Decimal = D("1")
    quarterly_signing_min: Decimal = D("10")
    reserve_target: Decimal = D("500")
    signing_ceremony_keyword: str = "集中签约"
    start_ceremony_keyword: str = "集中开工"

    @property
    def full_marks(self) -> Decimal:
        return (
            self.weight_contract
            + self.weight_funds
            + self.weight_funds_rate
            + self.weight_start_rate
            + self.weight_daily
        )

    def band(self, code: str) -> Band:
        return next(b for b in self.bands if b.code == code)
