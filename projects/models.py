"""The project library and the records units file on it (DOMAIN.md §3).

Every filed record (contract, start, monthly funds, activity, monthly work report) shares one workflow:
draft → submitted → confirmed, or returned with a reason → corrected → submitted. Only ``confirmed`` counts anywhere.
A confirmed record never changes; a correction is a new record whose ``supersedes`` points at it, and confirming the
correction marks the old one ``superseded``. Transitions are kept in ``RecordEvent``; writes go through
``projects/services.py``.
"""

import datetime as dt
import os
import secrets
from decimal import Decimal
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.constraints import PythonConstraintsMixin
from core.validators import (
    NOTE_MAX,
    REASON_MAX,
    TextMaxLength,
    multiline_text,
    single_line_text,
    validate_not_before_earliest_year,
)
from targets.models import AMOUNT, ZERO

NOT_BEFORE_EARLIEST = [validate_not_before_earliest_year]
LINE = [single_line_text]


def note_field(label: str, max_length: int = NOTE_MAX, **kwargs):
    """Free multi-line text with its maximum length (docs/security.md), enforced by model, form and import."""
    return models.TextField(
        label, blank=True, max_length=max_length, validators=[TextMaxLength(max_length), multiline_text], **kwargs
    )


SHARE = {"max_digits": 5, "decimal_places": 2}


class InvestorTag(models.Model):
    """Enterprise facts that earn bonus points (世界500强, 中国500强, 中央企业, 国家级高新技术企业, 独角兽, 专精特新)."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Investor(models.Model):
    """招商引资企业: the investor behind a project."""

    name = models.CharField("企业名称", max_length=200, unique=True, validators=LINE)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, help_text="18位，按 GB 32100 校验。")
    tags = models.ManyToManyField(InvestorTag, blank=True, related_name="investors", verbose_name="企业标签")
    contact = models.CharField("联系人及电话", max_length=100, blank=True, validators=LINE)

    class Meta:
        verbose_name = "投资企业"
        verbose_name_plural = "投资企业"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="investor_credit_code_unique"
            )
        ]

    def __str__(self):
        return self.name


class IndustryLabel(models.Model):
    """Editable lists of industry labels: the "2+6+X" focus industries, the producer-service kinds, 满天星 …"""

    class Group(models.TextChoices):
        FOCUS_2_6_X = "focus", "“2+6+X”先进制造业"
        PRODUCER_SERVICE = "producer_service", "生产性服务业"
        DIGITAL = "digital", "软件信息服务业“满天星”"
        OTHER = "other", "其他"

    group = models.CharField("分组", max_length=20, choices=Group.choices)
    code = models.CharField("代码", max_length=20)
    name = models.CharField("名称", max_length=100)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "产业标签"
        verbose_name_plural = "产业标签"
        ordering = ["group", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="industrylabel_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name


class ProjectKind(models.TextChoices):
    MANUFACTURING = "manufacturing", "制造业项目"
    PRODUCER_SERVICE = "producer_service", "生产性服务业项目"
    OTHER = "other", "其他"


class Stage(models.TextChoices):
    RESERVE = "reserve", "储备"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"
    PRODUCING = "producing", "投产"


class Project(models.Model):
    """招商项目: one entry of the project library."""

    code = models.CharField("项目编号", max_length=40, unique=True, validators=LINE)
    name = models.CharField("项目名称", max_length=200, validators=LINE)
    investor = models.ForeignKey(Investor, on_delete=models.PROTECT, related_name="projects", verbose_name="投资企业")
    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="projects", verbose_name="入库年度"
    )
    sector = models.ForeignKey(
        "targets.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name="类别"
    )
    kind = models.CharField("项目类型", max_length=20, choices=ProjectKind.choices, default=ProjectKind.OTHER)
    is_major = models.BooleanField("重大项目", default=False, help_text="重大制造业项目或重大生产性服务业项目。")
    labels = models.ManyToManyField(IndustryLabel, blank=True, related_name="projects", verbose_name="产业标签")
    town = models.ForeignKey(
        "targets.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="landed_projects",
        limit_choices_to={"kind": "town"},
        verbose_name="落地乡镇",
    )
    total_investment = models.DecimalField(
        "总投资（亿元）", **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    stage = models.CharField("项目阶段", max_length=20, choices=Stage.choices, default=Stage.NEGOTIATING)
    in_fai_statistics = models.BooleanField("纳入固定资产投资统计", default=False)
    responsible_leader = models.ForeignKey(
        "targets.Leader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="责任县领导",
    )
    description = note_field("项目简介")
    units = models.ManyToManyField(
        "targets.Unit", through="ProjectCredit", related_name="credited_projects", verbose_name="招商单位"
    )
    evidence = GenericRelation("Evidence")
    events = GenericRelation("RecordEvent")  # the project's own history (entry, edits, shares, files)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目库"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="project_total_investment_nonnegative")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ProjectCredit(models.Model):
    """A unit credited with a project and its share (联合招商: shares sum to 100 %, checked by the service)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="credits", verbose_name="项目")
    unit = models.ForeignKey("targets.Unit", on_delete=models.PROTECT, related_name="credits", verbose_name="单位")
    share = models.DecimalField(
        "分成比例（%）", **SHARE, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))]
    )

    class Meta:
        verbose_name = "招商单位及分成"
        verbose_name_plural = "招商单位及分成"
        ordering = ["-share", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="projectcredit_unique"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="projectcredit_share_range"),
        ]

    def __str__(self):
        return f"{self.unit} {self.share}%"


# --- the filed records ------------------------------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    CONFIRMED = "confirmed", "已认定"
    RETURNED = "returned", "已退回"
    SUPERSEDED = "superseded", "已被更正"


OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


class RecordQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Status.SUBMITTED)


class RecordBase(PythonConstraintsMixin, models.Model):
    """What every filed record has: the filing unit, the workflow state and the correction chain."""

    unit = models.ForeignKey("targets.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="填报单位")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="更正的记录",
    )
    note = note_field("说明")
    return_reason = note_field("退回原因", REASON_MAX)
    is_late = models.BooleanField("逾期报送", default=False)
    # The one-submit token of the form that filed it: unique per record kind, so N identical posts of one rendered
    # form (a double click, a resent POST, concurrent requests) create one record, enforced by the database.
    submit_token = models.CharField("提交令牌", max_length=64, null=True, blank=True, unique=True, editable=False)
    revision = models.PositiveIntegerField("修订号", default=0, help_text="每次状态变更加一，用于并发审核时判断先后。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("认定时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="认定人",
    )
    evidence = GenericRelation("Evidence")
    events = GenericRelation("RecordEvent")

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def period(self):
        """The date the record counts for, which its filing deadline follows: ``period_field`` of each kind."""
        return getattr(self, self.period_field)


class ContractKind(models.TextChoices):
    FORMAL = "formal", "正式合同"
    INTENTION = "intention", "意向投资协议"
    STRATEGIC = "strategic", "战略合作协议"
    FRAMEWORK = "framework", "框架协议"


class Contract(RecordBase):
    """A signed agreement. Only a confirmed formal contract counts, at its signing date."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="contracts", verbose_name="项目")
    kind = models.CharField("合同类型", max_length=12, choices=ContractKind.choices, default=ContractKind.FORMAL)
    signed_on = models.DateField("签约日期", validators=NOT_BEFORE_EARLIEST)
    period_field = "signed_on"
    amount = models.DecimalField("合同金额（亿元）", **AMOUNT, validators=[MinValueValidator(ZERO)])
    title = models.CharField("合同名称", max_length=200, blank=True, validators=LINE)

    class Meta:
        verbose_name = "签约合同"
        verbose_name_plural = "签约合同"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["status", "kind", "signed_on"], name="contract_scoring_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_nonnegative")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.signed_on} {self.amount}亿元"

    def get_absolute_url(self):
        return reverse("projects:record", args=["contract", self.pk])


class StartBasis(models.TextChoices):
    STATISTICS = "statistics", "统计部门入统开工"
    SITE_PHOTOS = "site_photos", "开工现场照片"
    CONSTRUCTION_AGREEMENT = "construction_agreement", "施工协议"
    CONSTRUCTION_PERMIT = "construction_permit", "施工许可证"
    BUSINESS_LICENCE = "business_licence", "营业执照"
    FITOUT_PHOTOS = "fitout_photos", "当年装修或入驻图片"
    OTHER = "other", "其他"


class ProjectStart(RecordBase):
    """开工: the date a project started, with its evidence. One confirmed start per project."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="starts", verbose_name="项目")
    started_on = models.DateField("开工日期", validators=NOT_BEFORE_EARLIEST)
    period_field = "started_on"
    basis = models.CharField("认定依据", max_length=30, choices=StartBasis.choices, default=StartBasis.SITE_PHOTOS)

    class Meta:
        verbose_name = "项目开工"
        verbose_name_plural = "项目开工"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="confirmed"), name="projectstart_one_confirmed_per_project"
            )
        ]

    def __str__(self):
        return f"开工 {self.started_on}"

    def get_absolute_url(self):
        return reverse("projects:record", args=["start", self.pk])


class FundsSource(models.TextChoices):
    STATISTICS = "statistics", "统计部门核定"
    BANK = "bank", "银行凭证"
    OTHER = "other", "其他佐证"


class FundsInPlace(RecordBase):
    """到位资金 of a project in one month (``month`` is the first day of that month)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="funds", verbose_name="项目")
    month = models.DateField("月份", validators=NOT_BEFORE_EARLIEST)
    period_field = "month"
    amount = models.DecimalField("到位资金（亿元）", **AMOUNT, validators=[MinValueValidator(ZERO)])
    source = models.CharField("数据来源", max_length=12, choices=FundsSource.choices, default=FundsSource.BANK)

    class Meta:
        verbose_name = "到位资金"
        verbose_name_plural = "到位资金"
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["status", "month", "project"], name="funds_scoring_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"], condition=Q(status="confirmed"), name="funds_one_confirmed_per_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_amount_nonnegative"),
            models.CheckConstraint(condition=Q(month__day=1), name="funds_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.month:%Y年%m月} 到位 {self.amount}亿元"

    def get_absolute_url(self):
        return reverse("projects:record", args=["funds", self.pk])

    @property
    def voucher_on_fai(self) -> bool:
        """A bank voucher on a project in fixed-asset-investment statistics, whose figure the method counts: flagged
        to the auditor and the filer."""
        return self.source == FundsSource.BANK and self.project.in_fai_statistics


class ActivityKind(models.TextChoices):
    VISIT = "visit", "外出拜访"
    RECEPTION = "reception", "接待来访"
    PUBLICITY = "publicity", "宣传活动"
    EVENT = "event", "参加招商活动"
    TRAINING = "training", "参加招商培训"


class Activity(RecordBase):
    """A unit's investment-attraction activity (招商活跃指数); visits count toward the 500-visit commitment and the
    county leaders who took part toward their monthly trips."""

    kind = models.CharField("活动类型", max_length=12, choices=ActivityKind.choices)
    occurred_on = models.DateField("日期", validators=NOT_BEFORE_EARLIEST)
    period_field = "occurred_on"
    title = models.CharField("事项", max_length=200, validators=LINE)
    place = models.CharField("地点", max_length=100, blank=True, validators=LINE)
    enterprises = note_field("拜访/接待企业", help_text="每行一家企业。")
    enterprise_count = models.PositiveIntegerField("走访企业数", default=0)
    leaders = models.ManyToManyField(
        "targets.Leader", blank=True, related_name="activities", verbose_name="参加的县领导"
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name="相关项目"
    )

    class Meta:
        verbose_name = "招商活动"
        verbose_name_plural = "招商活动"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["status", "kind", "occurred_on"], name="activity_scoring_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on} {self.title}"

    def get_absolute_url(self):
        return reverse("projects:record", args=["activity", self.pk])


class MonthlyReport(RecordBase):
    """当月工作情况: the monthly activity index a unit fills by the 25th. A blank item is an unfilled item (一项扣1分)."""

    month = models.DateField("月份", validators=NOT_BEFORE_EARLIEST)
    period_field = "month"
    signing = note_field("项目签约")
    funds = note_field("资金到位")
    starts = note_field("项目开工")
    visits = note_field("外出拜访")
    publicity = note_field("宣传活动")

    ITEMS = ("signing", "funds", "starts", "visits", "publicity")

    class Meta:
        verbose_name = "月度工作情况"
        verbose_name_plural = "月度工作情况"
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"], condition=Q(status="confirmed"), name="monthlyreport_one_confirmed"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="monthlyreport_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y年%m月}工作情况"

    def get_absolute_url(self):
        return reverse("projects:record", args=["report", self.pk])

    def missing_items(self) -> list[str]:
        return [item for item in self.ITEMS if not getattr(self, item).strip()]


class RequiredEvent(models.Model):
    """An investment event or training the center requires units to attend; missing one costs a daily-work point."""

    class Kind(models.TextChoices):
        EVENT = "event", "招商活动"
        TRAINING = "training", "招商培训"

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="required_events", verbose_name="年度"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    title = models.CharField("名称", max_length=200, validators=LINE)
    held_on = models.DateField("日期", validators=NOT_BEFORE_EARLIEST)
    place = models.CharField("地点", max_length=100, blank=True, validators=LINE)
    units = models.ManyToManyField(
        "targets.Unit", through="Attendance", related_name="required_events", verbose_name="应参加单位"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "必参活动/培训"
        verbose_name_plural = "必参活动/培训"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Attendance(models.Model):
    event = models.ForeignKey(RequiredEvent, on_delete=models.CASCADE, related_name="attendance", verbose_name="活动")
    unit = models.ForeignKey("targets.Unit", on_delete=models.PROTECT, related_name="attendance", verbose_name="单位")
    attended = models.BooleanField("已参加", default=False)
    excused = models.BooleanField("请假获准", default=False)
    note = models.CharField("备注", max_length=200, blank=True, validators=LINE)

    class Meta:
        verbose_name = "参加情况"
        verbose_name_plural = "参加情况"
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="attendance_unique")]

    def __str__(self):
        return f"{self.unit} {'已参加' if self.attended else '未参加'}"


# --- evidence and history ---------------------------------------------------------------------------------------


class EvidenceStorage(FileSystemStorage):
    """MEDIA_ROOT/evidence, read at each use (deployments and tests set MEDIA_ROOT); no base URL: files are never
    served directly, only through the permission-checking download view."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return Path(settings.MEDIA_ROOT) / "evidence"

    @property
    def location(self):
        return os.path.abspath(self.base_location)


evidence_storage = EvidenceStorage()


def get_evidence_storage():
    """A callable, so migrations do not bake one machine's MEDIA_ROOT into the schema."""
    return evidence_storage


EVIDENCE_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "application/ofd": ".ofd"}


def evidence_path(instance, filename):
    """A random name; the original name is kept in the row, never on disk."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}{EVIDENCE_EXTENSIONS.get(instance.mime_type, '.bin')}"


class EvidenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """佐证材料: a file attached to a record or a project, checked by content, kept with its SHA-256."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField("文件", upload_to=evidence_path, storage=get_evidence_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    mime_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    description = models.CharField("说明", max_length=200, blank=True, validators=LINE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # Safe to show inline: images, and PDFs without scripts, launch actions or embedded files.
    previewable = models.BooleanField("可在线预览", default=False)
    # A wrong file taken off a draft stays on disk and in the history; it no longer counts as evidence.
    removed_at = models.DateTimeField("撤下时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤下人",
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name

    @property
    def type_label(self) -> str:
        return {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}.get(
            self.mime_type, self.mime_type
        )

    @property
    def download_name(self) -> str:
        """The name a download or preview carries: the original name's stem with the extension of the type the content
        was recognised as (``polyglot.html`` holding a PDF downloads as ``polyglot.pdf``); the original name is shown
        on the page only."""
        stem = PurePath(self.original_name.replace("\\", "/")).name
        stem, _dot, _ext = stem.rpartition(".") if "." in stem.lstrip(".") else (stem, "", "")
        stem = "".join(c for c in stem if c.isprintable() and c not in '"\\/:*?<>|').strip(" .") or "佐证材料"
        return stem[:100] + EVIDENCE_EXTENSIONS.get(self.mime_type, ".bin")

    @property
    def is_image(self) -> bool:
        return self.mime_type in ("image/jpeg", "image/png")


class RecordEvent(models.Model):
    """One transition of a record: who, when, what and why. Shown on the record."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        EDIT = "edit", "修改"
        SUBMIT = "submit", "提交"
        RETURN = "return", "退回"
        CONFIRM = "confirm", "认定"
        CORRECT = "correct", "发起更正"
        SUPERSEDE = "supersede", "被更正"
        ATTACH = "attach", "上传佐证"
        IMPORT = "import", "导入"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField("操作", max_length=12, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=Status.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.TextField("原因/说明", blank=True, max_length=NOTE_MAX)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class Reminder(models.Model):
    """A filing reminder to a unit (before a deadline, or for something overdue): shown in the app, mailed when the
    server has mail. One per unit, subject and day, so running ``send_reminders`` twice a day sends nothing new."""

    class Kind(models.TextChoices):
        DUE = "due", "即将到期"
        OVERDUE = "overdue", "已逾期"

    unit = models.ForeignKey("targets.Unit", on_delete=models.CASCADE, related_name="reminders", verbose_name="单位")
    day = models.DateField("日期")
    key = models.CharField("事项", max_length=80, help_text="如 report:2023-03、funds:2023-02:12、contracts:2023-03")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    message = models.TextField("内容")
    due_on = models.DateField("截止日期", null=True, blank=True)
    emailed_to = models.TextField("已发送邮箱", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "报送提醒"
        verbose_name_plural = "报送提醒"
        ordering = ["-day", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "key", "day"], name="reminder_once_per_day")]

    def __str__(self):
        return f"{self.day} {self.unit} {self.message[:30]}"


# --- versioned project facts (issue 10, docs/integrity.md) ----------------------------------------------------------

# A version "from the start" applies at every cut-off; a dated one from its date on.
FROM_START = dt.date(1900, 1, 1)


class FactSource(models.TextChoices):
    INITIAL = "initial", "初始值"
    FREE = "free", "提交记录前修改"
    PROPOSAL = "proposal", "变更申请经认定"
    CENTER = "center", "县招商投资事务中心修改"
    IMPORT = "import", "导入"


class FactProposal(models.Model):
    """项目计分信息变更申请: a filer's change of a project's score-relevant facts (investor and its tags, kind, major
    flag, sector, in-FAI flag, total investment, labels, credited units and shares) once anything on the project has
    been submitted. It counts nowhere until the center confirms it; confirming writes a new ProjectFactVersion."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fact_proposals", verbose_name="项目")
    unit = models.ForeignKey(
        "targets.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="申请单位"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    values = models.JSONField("申请的值", default=dict)
    before = models.JSONField("申请时的值", default=dict)
    effective_on = models.DateField("生效日期", default=FROM_START)
    reason = note_field("变更原因")
    return_reason = note_field("退回原因", REASON_MAX)
    revision = models.PositiveIntegerField("修订号", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("认定时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="认定人",
    )
    evidence = GenericRelation("Evidence")
    events = GenericRelation("RecordEvent")

    class Meta:
        verbose_name = "项目计分信息变更申请"
        verbose_name_plural = "项目计分信息变更申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="factproposal_one_open_per_project",
            )
        ]

    def __str__(self):
        return f"{self.project.code} 计分信息变更申请 #{self.pk}"

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.project_id]) + f"#proposal-{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class FactVersionBase(models.Model):
    """Who set a confirmed version of facts, when and why, and from what date it applies."""

    effective_on = models.DateField("生效日期", default=FROM_START)
    source = models.CharField("来源", max_length=10, choices=FactSource.choices)
    reason = models.TextField("原因/说明", blank=True, max_length=NOTE_MAX)
    proposal = models.ForeignKey(
        FactProposal, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="变更申请"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="认定人"
    )
    confirmed_at = models.DateTimeField("生效时间")

    class Meta:
        abstract = True


class ProjectFactVersion(FactVersionBase):
    """A confirmed version of a project's score-relevant facts. Scoring reads, per project, the last confirmed
    version whose ``effective_on`` is on or before the cut-off (the highest id: versions are written in the order
    they are confirmed). Never changed after it is written."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fact_versions", verbose_name="项目")
    investor = models.ForeignKey(Investor, on_delete=models.PROTECT, related_name="+", verbose_name="投资企业")
    kind = models.CharField("项目类型", max_length=20, choices=ProjectKind.choices)
    is_major = models.BooleanField("重大项目")
    sector = models.ForeignKey(
        "targets.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="类别"
    )
    in_fai_statistics = models.BooleanField("纳入固定资产投资统计")
    total_investment = models.DecimalField("总投资（亿元）", **AMOUNT)
    labels = models.ManyToManyField(IndustryLabel, blank=True, related_name="+", verbose_name="产业标签")

    class Meta:
        verbose_name = "项目计分信息版本"
        verbose_name_plural = "项目计分信息版本"
        ordering = ["id"]
        indexes = [models.Index(fields=["project", "effective_on"], name="factversion_asof_idx")]

    def __str__(self):
        return f"{self.project_id} v{self.pk}"


class FactCredit(models.Model):
    """One credited unit and its share in a project's fact version."""

    version = models.ForeignKey(
        ProjectFactVersion, on_delete=models.CASCADE, related_name="credits", verbose_name="计分信息版本"
    )
    unit = models.ForeignKey("targets.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    share = models.DecimalField("分成比例（%）", **SHARE)

    class Meta:
        verbose_name = "版本中的招商单位及分成"
        verbose_name_plural = "版本中的招商单位及分成"
        ordering = ["-share", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["version", "unit"], name="factcredit_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.share}%"


class InvestorTagVersion(FactVersionBase):
    """A confirmed version of an investor's tags (one record per enterprise, shared by its projects)."""

    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="tag_versions", verbose_name="企业")
    tags = models.ManyToManyField(InvestorTag, blank=True, related_name="+", verbose_name="企业标签")

    class Meta:
        verbose_name = "企业标签版本"
        verbose_name_plural = "企业标签版本"
        ordering = ["id"]
        indexes = [models.Index(fields=["investor", "effective_on"], name="tagversion_asof_idx")]

    def __str__(self):
        return f"{self.investor_id} t{self.pk}"
