"""The organisation and the yearly plan: assessment years, sectors, county leaders, units and the breakdown table
(Annex 1 of the plan, 目标任务分解表)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

# Amounts are 亿元 with 4 places (1 万元 precision), as INTERCHANGE.md specifies.
AMOUNT = {"max_digits": 14, "decimal_places": 4}
ZERO = Decimal("0")


class AssessmentYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True, validators=[MinValueValidator(2000)])
    title = models.CharField("方案名称", max_length=200, blank=True)
    is_closed = models.BooleanField("已关闭", default=False, help_text="关闭后本年度的目标与考核方案冻结，只读。")
    # Set while an admin has re-opened a closed year (targets.services.year_reopen), cleared when it is closed again:
    # every page shows a banner meanwhile.
    reopened_at = models.DateTimeField("重新开放时间", null=True, blank=True, editable=False)
    reopened_by = models.CharField("重新开放人", max_length=150, blank=True, editable=False)
    reopen_reason = models.TextField("重新开放原因", blank=True, editable=False)
    county_signed_target = models.DecimalField("全县正式合同额目标（亿元）", **AMOUNT, default=ZERO)
    investment_ceiling = models.DecimalField(
        "项目总投资合理上限（亿元）",
        **AMOUNT,
        null=True,
        blank=True,
        help_text="项目总投资超过此值时提示核实；留空即为全县正式合同额目标。",
    )
    county_funded_target = models.DecimalField("全县到位资金目标（亿元）", **AMOUNT, default=ZERO)
    # Funds-in-place milestones of the plan (一季度10%、二季度50%、三季度80%、四季度100%), cumulative percent.
    milestone_q1 = models.DecimalField("一季度到位资金节点（%）", max_digits=5, decimal_places=2, default=Decimal("10"))
    milestone_q2 = models.DecimalField("二季度到位资金节点（%）", max_digits=5, decimal_places=2, default=Decimal("50"))
    milestone_q3 = models.DecimalField("三季度到位资金节点（%）", max_digits=5, decimal_places=2, default=Decimal("80"))
    milestone_q4 = models.DecimalField(
        "四季度到位资金节点（%）", max_digits=5, decimal_places=2, default=Decimal("100")
    )
    # The monthly filing calendar (考核办法 六(一)); days of the month.
    contracts_due_day = models.PositiveSmallIntegerField(
        "签约合同、开工项目报送截止日", default=23, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    work_due_day = models.PositiveSmallIntegerField(
        "当月工作情况报送截止日", default=25, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    funds_window_start_day = models.PositiveSmallIntegerField(
        "到位资金报送起始日（次月）", default=1, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    funds_window_end_day = models.PositiveSmallIntegerField(
        "到位资金报送截止日（次月）", default=7, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )

    class Meta:
        verbose_name = "考核年度"
        verbose_name_plural = "考核年度"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(milestone_q1__lte=models.F("milestone_q2"))
                & Q(milestone_q2__lte=models.F("milestone_q3"))
                & Q(milestone_q3__lte=models.F("milestone_q4")),
                name="year_milestones_ascending",
            ),
            models.CheckConstraint(
                condition=Q(funds_window_start_day__lte=models.F("funds_window_end_day")),
                name="year_funds_window_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.year}年"

    def get_absolute_url(self):
        return reverse("targets:breakdown", args=[self.year])

    @property
    def milestones(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.milestone_q1, self.milestone_q2, self.milestone_q3, self.milestone_q4)


class Sector(models.Model):
    """类别/领域 of a year's plan (生态旅游, 生态农业, …)."""

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="sectors", verbose_name="年度")
    name = models.CharField("类别", max_length=50)
    position = models.PositiveSmallIntegerField("排序", default=0)
    aliases = models.CharField("别名", max_length=200, blank=True, help_text="以分号分隔，如“金融科技”即“科技金融”。")

    class Meta:
        verbose_name = "类别"
        verbose_name_plural = "类别"
        ordering = ["year", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="sector_unique_per_year")]

    def __str__(self):
        return self.name

    def alias_names(self) -> list[str]:
        return [a for a in (re.sub(r"[\s\u3000]+", "", part) for part in re.split(r"[;；、,，]", self.aliases)) if a]


class Leader(models.Model):
    """A county leader (县领导) who leads (牵头/分管) rows of the breakdown table."""

    name = models.CharField("姓名", max_length=50, unique=True)
    title = models.CharField("职务", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = "县领导"
        verbose_name_plural = "县领导"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("targets:leader", args=[self.pk])


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "县级部门"
    COMMITTEE = "committee", "管委会"
    SOE_GROUP = "soe_group", "国有集团"
    REP_TEAM = "rep_team", "商务代表队"
    BRANCH = "branch", "招商分局"
    CENTER = "center", "县招商投资事务中心"
    GUARANTEE = "guarantee", "保障单位"
    TOWN = "town", "乡镇（街道）"


class Unit(models.Model):
    """A unit that files figures: responsible units of Annex 1, guarantee units and towns."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    contact_email = models.EmailField("联系邮箱", blank=True, help_text="填报提醒发送到此邮箱及本单位填报员邮箱。")

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("targets:unit", args=[self.pk])


class UnitName(models.Model):
    """A name a unit had before a rename (县经济信息委 → 县经济和信息化委员会). The unit keeps its identity, so its
    projects, starts and three-year start rate stay with it; imports that use the former name reach the same unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names", verbose_name="单位")
    name = models.CharField("曾用名", max_length=100, unique=True)
    until_year = models.PositiveSmallIntegerField("使用至年度", help_text="此名称最后使用的年度；次年起使用新名称。")

    class Meta:
        verbose_name = "单位曾用名"
        verbose_name_plural = "单位曾用名"
        ordering = ["unit", "until_year", "id"]

    def __str__(self):
        return f"{self.name}（至{self.until_year}年）"


class TargetRowQuerySet(models.QuerySet):
    def for_breakdown(self, year):
        """Rows of a year in the order of Annex 1, with what the table shows."""
        return (
            self.filter(year=year)
            .select_related("sector", "unit")
            .prefetch_related("leader_links__leader")
            .order_by(models.F("sector__position").asc(nulls_last=True), "position", "id")
        )

    def totals(self):
        return self.aggregate(
            signed=Coalesce(Sum("signed_target"), ZERO, output_field=models.DecimalField(**AMOUNT)),
            funded=Coalesce(Sum("funded_target"), ZERO, output_field=models.DecimalField(**AMOUNT)),
        )


class TargetRow(models.Model):
    """One row of the breakdown table: a unit's signed and funded targets in a sector of a year."""

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="target_rows", verbose_name="年度")
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="target_rows", verbose_name="类别"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="target_rows", verbose_name="责任单位")
    leaders = models.ManyToManyField(
        Leader, through="TargetRowLeader", related_name="target_rows", verbose_name="牵头领导"
    )
    signed_target = models.DecimalField(
        "签约资金目标（亿元）", **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    funded_target = models.DecimalField(
        "到位资金目标（亿元）", **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = TargetRowQuerySet.as_manager()

    class Meta:
        verbose_name = "目标任务分解"
        verbose_name_plural = "目标任务分解表"
        ordering = ["year", "position", "id"]
        constraints = [
            # One row per year × sector × unit; a unit outside any sector has at most one such row.
            models.UniqueConstraint(
                fields=["year", "sector", "unit"], condition=Q(sector__isnull=False), name="targetrow_unique_in_sector"
            ),
            models.UniqueConstraint(
                fields=["year", "unit"], condition=Q(sector__isnull=True), name="targetrow_unique_without_sector"
            ),
            models.CheckConstraint(condition=Q(signed_target__gte=0), name="targetrow_signed_nonnegative"),
            models.CheckConstraint(condition=Q(funded_target__gte=0), name="targetrow_funded_nonnegative"),
        ]

    def __str__(self):
        return f"{self.year.year} {self.sector or '—'} {self.unit}"

    def clean(self):
        if self.sector_id and self.year_id and self.sector.year_id != self.year_id:
            raise ValidationError({"sector": "类别须是同一年度的类别。"})

    @property
    def leader_list(self) -> list[Leader]:
        return [link.leader for link in self.leader_links.all()]


class TargetRowLeader(models.Model):
    """Keeps the order in which Annex 1 lists a row's leaders (黄勇、水韦梁)."""

    row = models.ForeignKey(TargetRow, on_delete=models.CASCADE, related_name="leader_links")
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="row_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "牵头领导"
        verbose_name_plural = "牵头领导"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["row", "leader"], name="targetrowleader_unique")]

    def __str__(self):
        return str(self.leader)
