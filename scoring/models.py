"""The year's scoring scheme, versioned, and the ratings of guarantee units.

A scheme is never edited in place: every change is a new ``SchemeVersion`` row (who, when, why), so the history keeps
every earlier set of values. A closed year's scheme is frozen (scoring/services.py refuses to write it).
"""

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.validators import NOTE_MAX, TextMaxLength, multiline_text, validate_not_before_earliest_year
from scoring import rules as r
from scoring.rules import scheme as defaults

POINTS = {"max_digits": 6, "decimal_places": 2}
D = Decimal


def _tiers_json(tiers):
    return [[str(t.threshold), str(t.points)] for t in tiers]


def _rewards_json(tiers):
    return [[t.first, t.last, str(t.amount_wan)] for t in tiers]


def default_major_tiers():
    return _tiers_json(defaults.DEFAULT_MAJOR_TIERS)


def default_service_tiers():
    return _tiers_json(defaults.DEFAULT_SERVICE_TIERS)


def default_reward_tiers():
    return _rewards_json(defaults.DEFAULT_REWARD_TIERS)


def default_guarantee_reward_tiers():
    return _rewards_json(defaults.DEFAULT_GUARANTEE_REWARD_TIERS)


def default_bonus_tags():
    return list(defaults.DEFAULT_BONUS_TAGS)


def default_bands():
    return [[b.code, b.label, b.colour] for b in defaults.DEFAULT_BANDS]


def default_guarantee_criteria():
    return [[c.name, str(c.max_points)] for c in defaults.DEFAULT_GUARANTEE_CRITERIA]


def default_town_criteria():
    return list(defaults.DEFAULT_TOWN_CRITERIA)


def default_guarantee_appraisal_criteria():
    return list(defaults.DEFAULT_GUARANTEE_APPRAISAL_CRITERIA)


def _choices(mapping):
    return list(mapping.items())


class SchemeVersion(models.Model):
    """One version of a year's scoring scheme (考核方案): every setting the rules read."""

    DEFAULT_REASON = "初始方案：考核办法规定的权重、加分与奖励，办法未写明之处取系统默认值"

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="scheme_versions", verbose_name="年度"
    )
    number = models.PositiveIntegerField("版本号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    created_at = models.DateTimeField("修改时间", auto_now_add=True)
    reason = models.CharField("修改说明", max_length=300, blank=True)

    # 考核指标权重（歧义A：资金到位额 30 或 40）
    weight_contract = models.DecimalField("正式合同额目标任务完成率（分）", **POINTS, default=D("20"))
    weight_funds = models.DecimalField("资金到位额目标任务完成率（分）", **POINTS, default=D("30"))
    weight_funds_rate = models.DecimalField("资金到位率（分）", **POINTS, default=D("20"))
    weight_start_rate = models.DecimalField("开工率（分）", **POINTS, default=D("20"))
    weight_daily = models.DecimalField("日常工作情况（分）", **POINTS, default=D("10"))
    daily_deduction = models.DecimalField("日常工作每缺1项（1次）扣分", **POINTS, default=D("1"))
    late_counts_as_missing = models.BooleanField("逾期报送视为未报送", default=False)
    start_rate_years = models.PositiveSmallIntegerField(
        "开工率统计年数", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # 歧义 B–D 与合计方式
    zero_target = models.CharField(
        "歧义B：目标为0", max_length=20, choices=_choices(defaults.ZERO_TARGET), default="full_if_any"
    )
    funds_rate_without_contracts = models.CharField(
        "歧义C：资金到位率（当期无新签约）",
        max_length=20,
        choices=_choices(defaults.FUNDS_RATE_WITHOUT_CONTRACTS),
        default="full_if_funds",
    )
    start_rate_without_signings = models.CharField(
        "歧义C：开工率（近三年无签约）",
        max_length=20,
        choices=_choices(defaults.START_RATE_WITHOUT_SIGNINGS),
        default="exclude",
    )
    joint_split = models.CharField(
        "歧义D：联合招商", max_length=20, choices=_choices(defaults.JOINT_SPLIT), default="shares"
    )
    total_rounding = models.CharField(
        "总分合计方式", max_length=20, choices=_choices(defaults.TOTAL_ROUNDING), default="exact"
    )
    # 加分（招大引强、招新引优）
    bonus_tags = models.JSONField("招大引强的企业标签", default=default_bonus_tags)
    bonus_major_tiers = models.JSONField("招大引强档次 [门槛亿元, 分]", default=default_major_tiers)
    bonus_service_tiers = models.JSONField("重大生产性服务业档次 [门槛亿元, 分]", default=default_service_tiers)
    service_requires_major = models.BooleanField(
        "招新引优还须标记为重大项目",
        default=False,
        help_text="默认否：列明类别的生产性服务业项目按类别和金额计分。",
    )
    industrial_ladder = models.BooleanField(
        "百亿级工业项目按招大引强计分",
        default=True,
        help_text="是：制造业项目当年认定的正式合同额达到门槛，即使投资企业无标签也按招大引强档次计分。",
    )
    industrial_threshold = models.DecimalField("百亿级工业项目门槛（亿元）", **POINTS, default=D("100"))
    # 结果运用
    pass_score = models.DecimalField("奖励所需最低得分", **POINTS, default=D("80"))
    reward_requires_targets = models.BooleanField("奖励须完成年度目标任务", default=True)
    reward_tiers = models.JSONField("责任单位奖励 [名次起, 名次止, 万元]", default=default_reward_tiers)
    excellent_top = models.PositiveSmallIntegerField("增加优秀名额的前几名（责任单位）", default=4)
    reward_places = models.CharField(
        "奖励名次的读法", max_length=20, choices=_choices(defaults.REWARD_PLACES), default="overall"
    )
    # 五色图与序时进度
    funds_progress = models.CharField(
        "到位资金序时进度", max_length=20, choices=_choices(defaults.FUNDS_PROGRESS), default="milestones"
    )
    band_green_at = models.DecimalField("绿：完成率达到（%）", **POINTS, default=D("100"))
    band_yellow_within = models.DecimalField("黄：落后序时进度不超过（个百分点）", **POINTS, default=D("10"))
    band_orange_within = models.DecimalField("橙：落后序时进度不超过（个百分点）", **POINTS, default=D("30"))
    bands = models.JSONField("五色名称与颜色 [代码, 名称, 颜色]", default=default_bands)
    # 保障单位与乡镇
    guarantee_criteria = models.JSONField("保障单位评分指标 [名称, 分值]", default=default_guarantee_criteria)
    guarantee_pass_score = models.DecimalField("保障单位奖励所需最低得分", **POINTS, default=D("80"))
    guarantee_reward_tiers = models.JSONField(
        "保障单位奖励 [名次起, 名次止, 万元]", default=default_guarantee_reward_tiers
    )
    guarantee_excellent_top = models.PositiveSmallIntegerField("增加优秀名额的前几名（保障单位）", default=2)
    rating_link_days = models.PositiveSmallIntegerField(
        "企业评分链接有效天数", default=30, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    appraisal_points = models.DecimalField("实绩考核招商引资分值", **POINTS, default=D("2"))
    appraisal_deduction = models.DecimalField("实绩考核每项不达标扣分", **POINTS, default=D("0.1"))
    town_criteria = models.JSONField("乡镇考核内容", default=default_town_criteria)
    guarantee_appraisal_criteria = models.JSONField(
        "保障单位实绩考核内容", default=default_guarantee_appraisal_criteria
    )
    # 其他工作目标
    visits_target = models.PositiveIntegerField("全年走访拜访企业（家）", default=500)
    leader_trips_per_month = models.PositiveSmallIntegerField("县领导每月外出招商（次）", default=1)
    trainings_target = models.PositiveSmallIntegerField("全年招商专业培训（次）", default=3)
    monthly_signing_min = models.DecimalField("每月签约项目规模（亿元以上）", **POINTS, default=D("1"))
    quarterly_signing_min = models.DecimalField("每季度签约项目规模（亿元以上）", **POINTS, default=D("10"))
    reserve_target = models.DecimalField("滚动储备项目库规模（亿元）", **POINTS, default=D("500"))
    signing_ceremony_keyword = models.CharField("集中签约活动名称关键词", max_length=20, default="集中签约")
    start_ceremony_keyword = models.CharField("集中开工活动名称关键词", max_length=20, default="集中开工")

    SETTINGS = (
        "weight_contract",
        "weight_funds",
        "weight_funds_rate",
        "weight_start_rate",
        "weight_daily",
        "daily_deduction",
        "late_counts_as_missing",
        "start_rate_years",
        "zero_target",
        "funds_rate_without_contracts",
        "start_rate_without_signings",
        "joint_split",
        "total_rounding",
        "bonus_tags",
        "bonus_major_tiers",
        "bonus_service_tiers",
        "service_requires_major",
        "industrial_ladder",
        "industrial_threshold",
        "pass_score",
        "reward_requires_targets",
        "reward_tiers",
        "excellent_top",
        "reward_places",
        "funds_progress",
        "band_green_at",
        "band_yellow_within",
        "band_orange_within",
        "bands",
        "guarantee_criteria",
        "guarantee_pass_score",
        "guarantee_reward_tiers",
        "guarantee_excellent_top",
        "rating_link_days",
        "appraisal_points",
        "appraisal_deduction",
        "town_criteria",
        "guarantee_appraisal_criteria",
        "visits_target",
        "leader_trips_per_month",
        "trainings_target",
        "monthly_signing_min",
        "quarterly_signing_min",
        "reserve_target",
        "signing_ceremony_keyword",
        "start_ceremony_keyword",
    )

    class Meta:
        verbose_name = "考核方案版本"
        verbose_name_plural = "考核方案版本"
        ordering = ["year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="schemeversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="schemeversion_number_positive"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year.year} (v{self.number})"

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self.SETTINGS}

    def as_rules(self) -> r.Rules:
        year = self.year
        return r.Rules(
            year=year.year,
            label=self.label,
            weight_contract=self.weight_contract,
            weight_funds=self.weight_funds,
            weight_funds_rate=self.weight_funds_rate,
            weight_start_rate=self.weight_start_rate,
            weight_daily=self.weight_daily,
            daily_deduction=self.daily_deduction,
            late_counts_as_missing=self.late_counts_as_missing,
            work_due_day=year.work_due_day,
            zero_target=self.zero_target,
            funds_rate_without_contracts=self.funds_rate_without_contracts,
            start_rate_without_signings=self.start_rate_without_signings,
            joint_split=self.joint_split,
            total_rounding=self.total_rounding,
            start_rate_years=self.start_rate_years,
            bonus_tags=tuple(self.bonus_tags),
            bonus_major_tiers=tuple(r.Tier(D(t), D(p)) for t, p in self.bonus_major_tiers),
            bonus_service_tiers=tuple(r.Tier(D(t), D(p)) for t, p in self.bonus_service_tiers),
            service_requires_major=self.service_requires_major,
            industrial_ladder=self.industrial_ladder,
            industrial_threshold=self.industrial_threshold,
            pass_score=self.pass_score,
            reward_requires_targets=self.reward_requires_targets,
            reward_tiers=tuple(r.RewardTier(int(a), int(b), D(w)) for a, b, w in self.reward_tiers),
            excellent_top=self.excellent_top,
            reward_places=self.reward_places,
            milestones=year.milestones,
            funds_progress=self.funds_progress,
            band_green_at=self.band_green_at,
            band_yellow_within=self.band_yellow_within,
            band_orange_within=self.band_orange_within,
            bands=tuple(r.Band(code, label, colour) for code, label, colour in self.bands),
            guarantee_criteria=tuple(r.Criterion(name, D(points)) for name, points in self.guarantee_criteria),
            guarantee_pass_score=self.guarantee_pass_score,
            guarantee_reward_tiers=tuple(r.RewardTier(int(a), int(b), D(w)) for a, b, w in self.guarantee_reward_tiers),
            guarantee_excellent_top=self.guarantee_excellent_top,
            appraisal_points=self.appraisal_points,
            appraisal_deduction=self.appraisal_deduction,
            town_criteria=tuple(self.town_criteria),
            guarantee_appraisal_criteria=tuple(self.guarantee_appraisal_criteria),
            visits_target=self.visits_target,
            leader_trips_per_month=self.leader_trips_per_month,
            trainings_target=self.trainings_target,
            monthly_signing_min=self.monthly_signing_min,
            quarterly_signing_min=self.quarterly_signing_min,
            reserve_target=self.reserve_target,
            signing_ceremony_keyword=self.signing_ceremony_keyword,
            start_ceremony_keyword=self.start_ceremony_keyword,
        )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RatingLink(models.Model):
    """A one-time link an enterprise uses, without an account, to rate the guarantee units that served it in a year.

    Only the SHA-256 of the token is stored: the link is shown once, when it is issued.
    """

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="rating_links", verbose_name="年度"
    )
    investor = models.ForeignKey(
        "projects.Investor", on_delete=models.PROTECT, related_name="rating_links", verbose_name="企业"
    )
    units = models.ManyToManyField("targets.Unit", related_name="rating_links", verbose_name="待评价的保障单位")
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("提交时间", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="生成人"
    )
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "企业评分链接"
        verbose_name_plural = "企业评分链接"
        ordering = ["-created_at", "-id"]
        constraints = [
            # one live link per enterprise and year; a reissued link revokes the previous one
            models.UniqueConstraint(
                fields=["year", "investor"], condition=Q(revoked_at__isnull=True), name="ratinglink_one_live"
            )
        ]

    def __str__(self):
        return f"{self.year.year} {self.investor}"

    def state(self, now) -> str:
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if now >= self.expires_at:
            return "expired"
        return "open"

    STATE_LABELS = {"revoked": "已作废", "used": "已提交", "expired": "已过期", "open": "待评价"}


class Rating(models.Model):
    """One enterprise's rating of one guarantee unit: points per criterion, out of 100 in all."""

    class Source(models.TextChoices):
        LINK = "link", "企业在线评分"
        PAPER = "paper", "纸质评分表录入"

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="ratings", verbose_name="年度"
    )
    unit = models.ForeignKey(
        "targets.Unit", on_delete=models.PROTECT, related_name="ratings_received", verbose_name="保障单位"
    )
    investor = models.ForeignKey(
        "projects.Investor", on_delete=models.PROTECT, related_name="ratings_given", verbose_name="评分企业"
    )
    link = models.ForeignKey(
        RatingLink, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name="评分链接"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    scores = models.JSONField("各项得分", help_text="{指标名称: 分数}")
    total = models.DecimalField("总分", **POINTS)
    comment = models.TextField(
        "意见建议", blank=True, max_length=NOTE_MAX, validators=[TextMaxLength(NOTE_MAX), multiline_text]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("评分时间", default=timezone.now)

    class Meta:
        verbose_name = "保障单位评分"
        verbose_name_plural = "保障单位评分"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "investor"], name="rating_once_per_enterprise"),
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=100), name="rating_total_range"),
        ]

    def __str__(self):
        return f"{self.investor} → {self.unit} {self.total}"


class AppraisalFinding(models.Model):
    """A shortfall the center found in a guarantee unit's or a town's monthly evidence (实绩考核，扣分制)."""

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="appraisal_findings", verbose_name="年度"
    )
    unit = models.ForeignKey(
        "targets.Unit", on_delete=models.PROTECT, related_name="appraisal_findings", verbose_name="单位"
    )
    month = models.DateField("月份", validators=[validate_not_before_earliest_year])
    criterion = models.CharField("考核内容", max_length=50)
    note = models.CharField("情况说明", max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "实绩考核扣分"
        verbose_name_plural = "实绩考核扣分"
        ordering = ["month", "unit", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "criterion"], name="finding_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="finding_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m} {self.criterion}"
