"""The pipeline before a project exists (plan 三(一)2–3): each sector's industry chain (产业链) and its links, the
ecosystem around it (产业生态), and the target enterprises (目标企业库) the units court, from 目标 to 已转化 — a project
of the library, linked both ways — or 暂停. Contacts are the activities units already file, linked to the
enterprise. Writes go through ``enterprises/services.py``."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from enterprises.regions import join_region
from targets.models import AMOUNT, ZERO


class LinkRole(models.TextChoices):
    NONE = "", "—"
    GAP = "gap", "补链（缺失环节）"
    STRENGTH = "strength", "强链/延链（优势环节）"


class ChainLink(models.Model):
    """A link (环节) of a sector's industry chain, grouped by segment (上游/中游/下游 or the county's own)."""

    sector = models.ForeignKey(
        "targets.Sector", on_delete=models.CASCADE, related_name="chain_links", verbose_name="类别"
    )
    segment = models.CharField("链段", max_length=30, help_text="如 上游、中游、下游。")
    name = models.CharField("环节", max_length=60)
    role = models.CharField("定位", max_length=10, choices=LinkRole.choices, blank=True, default="")
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["sector", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["sector", "name"], name="chainlink_unique_in_sector")]

    def __str__(self):
        return f"{self.sector} · {self.name}"


class EcosystemCategory(models.Model):
    """The kinds of bodies drawn around a chain (本地企业, 科研院所, 创新平台, 产业园区, 服务机构): an editable list."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    LOCAL_ENTERPRISE = "enterprise"  # the category whose bodies are the chain map's "local enterprises"

    class Meta:
        verbose_name = "产业生态类别"
        verbose_name_plural = "产业生态类别"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class EcosystemNode(models.Model):
    """A body of a sector's ecosystem: a local enterprise, an institute, a platform, a park, a service body; on a
    link of the chain or around the chain as a whole."""

    sector = models.ForeignKey(
        "targets.Sector", on_delete=models.CASCADE, related_name="ecosystem_nodes", verbose_name="类别"
    )
    category = models.ForeignKey(
        EcosystemCategory, on_delete=models.PROTECT, related_name="nodes", verbose_name="生态类别"
    )
    link = models.ForeignKey(
        ChainLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="nodes", verbose_name="所在环节"
    )
    name = models.CharField("名称", max_length=100)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "产业生态主体"
        verbose_name_plural = "产业生态主体"
        ordering = ["category__position", "id"]
        constraints = [models.UniqueConstraint(fields=["sector", "name"], name="ecosystemnode_unique_in_sector")]

    def __str__(self):
        return self.name


class TargetStage(models.TextChoices):
    TARGET = "target", "目标"
    CONTACTED = "contacted", "已对接"
    NEGOTIATING = "negotiating", "洽谈中"
    CONVERTED = "converted", "已转化"
    PAUSED = "paused", "暂停"


class TargetEnterprise(models.Model):
    """目标企业: an enterprise the county courts, the link it would fill, who follows it and how far it has come."""

    name = models.CharField("企业名称", max_length=200, unique=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, help_text="18位，按 GB 32100 校验。")
    province = models.CharField("总部所在省份", max_length=20, blank=True)
    city = models.CharField("总部所在城市", max_length=30, blank=True)
    industry = models.CharField("所属行业", max_length=100, blank=True)
    tags = models.ManyToManyField(
        "projects.InvestorTag", blank=True, related_name="target_enterprises", verbose_name="企业标签"
    )
    sector = models.ForeignKey(
        "targets.Sector", on_delete=models.PROTECT, related_name="target_enterprises", verbose_name="类别"
    )
    link = models.ForeignKey(
        ChainLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_enterprises",
        verbose_name="拟补环节",
    )
    unit = models.ForeignKey(
        "targets.Unit", on_delete=models.PROTECT, related_name="target_enterprises", verbose_name="责任单位"
    )
    leader = models.ForeignKey(
        "targets.Leader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_enterprises",
        verbose_name="跟踪县领导",
    )
    stage = models.CharField("阶段", max_length=12, choices=TargetStage.choices, default=TargetStage.TARGET)
    pause_reason = models.CharField("暂停原因", max_length=200, blank=True)
    expected_amount = models.DecimalField(
        "预计投资（亿元）", **AMOUNT, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_enterprise",
        verbose_name="转化项目",
    )
    activities = models.ManyToManyField(
        "projects.Activity", blank=True, related_name="target_enterprises", verbose_name="对接活动"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目标企业"
        verbose_name_plural = "目标企业库"
        ordering = ["sector__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="targetenterprise_credit_code_unique"
            ),
            models.CheckConstraint(
                condition=~Q(stage="paused") | ~Q(pause_reason=""), name="targetenterprise_paused_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(stage="converted") | Q(project__isnull=False),
                name="targetenterprise_converted_has_project",
            ),
            models.CheckConstraint(
                condition=Q(expected_amount__isnull=True) | Q(expected_amount__gte=0),
                name="targetenterprise_expected_nonnegative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:detail", args=[self.pk])

    @property
    def region(self) -> str:
        """总部所在地 as the county writes it: 广东省深圳市; a municipality once (北京市)."""
        return join_region(self.province, self.city)
