"""The monthly bulletin (招商引资工作月通报): one per year and month, a draft until the office publishes it.

Every figure the bulletin shows is kept in ``snapshot`` (JSON, Decimals as strings), so a published bulletin reads
and prints the same whatever is confirmed later. Writes go through ``reports.services``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.validators import LONG_TEXT_MAX, TextMaxLength, multiline_text, single_line_text


class Bulletin(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="bulletins", verbose_name="年度"
    )
    month = models.PositiveSmallIntegerField("月份")
    number = models.PositiveSmallIntegerField("期号")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    problems = models.TextField(
        "存在问题", blank=True, max_length=LONG_TEXT_MAX, validators=[TextMaxLength(LONG_TEXT_MAX), multiline_text]
    )
    next_steps = models.TextField(
        "下步工作", blank=True, max_length=LONG_TEXT_MAX, validators=[TextMaxLength(LONG_TEXT_MAX), multiline_text]
    )
    snapshot = models.JSONField("数据快照", default=dict)
    as_of = models.DateField("数据截止日")
    computed_at = models.DateTimeField("数据计算时间")
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "招商引资工作月通报"
        verbose_name_plural = verbose_name
        ordering = ["-year__year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="bulletin_one_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="bulletin_month_1_12"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(issued_at__isnull=False, published_by__isnull=False),
                name="bulletin_published_has_issue",
            ),
        ]

    def __str__(self):
        return f"{self.year.year}年第{self.number}期招商引资工作月通报"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class PublishedDocument(models.Model):
    """The PDF of a published document (a bulletin, a ranking notice, a quarterly review pack), rendered once when
    it is published. The bytes live on the evidence storage under a name made of the key and their SHA-256, never in
    this row; every download serves them (checked against the SHA-256), so a published document is the same file
    forever and is sent at once instead of re-rendered."""

    class Kind(models.TextChoices):
        BULLETIN = "bulletin", "月通报"
        NOTICE = "notice", "考核结果公示"
        REVIEW = "review", "季点评"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    key = models.CharField("文档标识", max_length=60, unique=True)  # bulletin-2023-12, also the PDF's /ID
    path = models.CharField("存储路径", max_length=200)  # relative to the evidence storage
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    filename = models.CharField("下载文件名", max_length=120)
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    # A notice's or a review pack's versions: v1 keeps the series' key (notice-2023-20231231), a correction (更正)
    # is v2, v3… under "<series>-v2"; each keeps every figure it shows in ``snapshot`` (a bulletin keeps its own).
    series = models.CharField("文档系列", max_length=60, db_index=True, default="")
    version = models.PositiveSmallIntegerField("版本", default=1)
    snapshot = models.JSONField("数据快照", default=dict, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    computed_at = models.DateTimeField("数据计算时间", null=True, blank=True)
    reason = models.TextField("更正原因", blank=True, max_length=LONG_TEXT_MAX)

    class Meta:
        verbose_name = "已发布文档"
        verbose_name_plural = verbose_name
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["series", "version"], name="document_one_per_version")]

    def __str__(self):
        return self.filename


class QuarterlyReview(models.Model):
    """The office's part of a quarter's review pack (季点评): its document number, issue date and the 存在问题/下步工作
    text. The figures are scoring's at the quarter's end; once the pack is published (``PublishedDocument``) this
    row is frozen with it. Writes go through ``reports.services``."""

    year = models.ForeignKey(
        "targets.AssessmentYear", on_delete=models.PROTECT, related_name="reviews", verbose_name="年度"
    )
    quarter = models.PositiveSmallIntegerField("季度")
    number = models.CharField("文号", max_length=40, blank=True, validators=[single_line_text])
    issued_on = models.DateField("印发日期", null=True, blank=True)
    problems = models.TextField(
        "存在问题", blank=True, max_length=LONG_TEXT_MAX, validators=[TextMaxLength(LONG_TEXT_MAX), multiline_text]
    )
    next_steps = models.TextField(
        "下步工作", blank=True, max_length=LONG_TEXT_MAX, validators=[TextMaxLength(LONG_TEXT_MAX), multiline_text]
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )

    class Meta:
        verbose_name = "季度点评"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="review_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="review_quarter_1_4"),
        ]

    def __str__(self):
        return f"{self.year.year}年第{self.quarter}季度招商引资工作点评"
