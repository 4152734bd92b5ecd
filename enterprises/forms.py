"""Forms of the target-enterprise pages: they validate and normalise; the services save."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import BootstrapMixin, ModelMultipleChoiceField
from enterprises.models import ChainLink, EcosystemCategory, LinkRole, TargetStage
from projects.models import Activity, ActivityKind, InvestorTag, ProjectKind, Status
from projects.validators import check_credit_code
from targets.models import Leader, Sector, Unit

MAX_AMOUNT = 10**9


class LinkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.sector.name} · {obj.segment} · {obj.name}"


class TargetForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        required=False,
        help_text="18位，按 GB 32100 校验位核对；不知道可不填。",
    )
    region = forms.CharField(
        label="总部所在地", max_length=50, required=False, help_text="省份和城市，如 广东省深圳市。"
    )
    industry = forms.CharField(label="所属行业", max_length=100, required=False)
    tags = ModelMultipleChoiceField(
        label="企业标签", queryset=InvestorTag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sector = forms.ModelChoiceField(label="类别", queryset=Sector.objects.none(), empty_label=None)
    link = LinkChoiceField(label="拟补环节", queryset=ChainLink.objects.none(), required=False, empty_label="（未定）")
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), empty_label=None)
    leader = forms.ModelChoiceField(
        label="跟踪县领导", queryset=Leader.objects.filter(is_active=True), required=False, empty_label="（无）"
    )
    expected_amount = forms.DecimalField(
        label="预计投资（亿元）", max_digits=14, decimal_places=4, min_value=0, max_value=MAX_AMOUNT, required=False
    )
    contact = forms.CharField(
        label="联系人及电话", max_length=100, required=False, help_text="只有责任单位和县招商投资事务中心可见。"
    )
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args, year=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(year=year)
        self.fields["link"].queryset = ChainLink.objects.filter(sector__year=year).select_related("sector")
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        return check_credit_code(code) if code else ""

    def clean(self):
        data = super().clean()
        link, sector = data.get("link"), data.get("sector")
        if link and sector and link.sector_id != sector.pk:
            self.add_error("link", f"环节“{link.name}”不属于{sector}产业链")
        return data


class StageForm(BootstrapMixin, forms.Form):
    stage = forms.ChoiceField(
        label="阶段", choices=[(v, label) for v, label in TargetStage.choices if v != TargetStage.CONVERTED]
    )
    reason = forms.CharField(label="暂停原因", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("stage") == TargetStage.PAUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", "暂停须写明原因")
        return data


class ConvertForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="项目编号", max_length=40)
    name = forms.CharField(label="项目名称", max_length=200)
    kind = forms.ChoiceField(label="项目类型", choices=ProjectKind.choices, initial=ProjectKind.OTHER)
    total_investment = forms.DecimalField(
        label="总投资（亿元）", max_digits=14, decimal_places=4, min_value=0, max_value=MAX_AMOUNT
    )


CONTACT_KINDS = [(k, label) for k, label in ActivityKind.choices if k in ("visit", "reception", "event")]


class ContactForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="对接方式", choices=CONTACT_KINDS)
    occurred_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="事项", max_length=200)
    place = forms.CharField(label="地点", max_length=100, required=False)
    note = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise ValidationError("日期不能晚于今天")
        if day < dt.date(2000, 1, 1):
            raise ValidationError("日期不合常理")
        return day


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.occurred_on:%Y-%m-%d} {obj.get_kind_display()} {obj.title}"


class LinkActivityForm(BootstrapMixin, forms.Form):
    """An activity the unit already filed (on the filing pages), linked to the enterprise it met."""

    activity = ActivityChoiceField(label="已报送的活动", queryset=Activity.objects.none(), empty_label=None)

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (
            Activity.objects.filter(unit_id=target.unit_id)
            .exclude(status__in=[Status.SUPERSEDED, Status.RETURNED])
            .exclude(target_enterprises=target)
            .order_by("-occurred_on", "-id")
        )


class ChainLinkForm(BootstrapMixin, forms.Form):
    segment = forms.CharField(label="链段", max_length=30, help_text="如 上游、中游、下游。")
    name = forms.CharField(label="环节", max_length=60)
    role = forms.ChoiceField(label="定位", choices=LinkRole.choices, required=False)


class NodeForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(label="类别", queryset=EcosystemCategory.objects.all(), empty_label=None)
    name = forms.CharField(label="名称", max_length=100)
    link = forms.ModelChoiceField(
        label="所在环节", queryset=ChainLink.objects.none(), required=False, empty_label="（整条链）"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, sector=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = ChainLink.objects.filter(sector=sector)


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="目标企业文件（.xlsx）", help_text="工作表 chain_links、enterprises，格式见说明。")

    def clean_file(self):
        file = self.cleaned_data["file"]
        head = file.read(4)
        file.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError("请上传 Excel .xlsx 文件（不支持 .xls 或 CSV）")
        if file.size > 20 * 1024 * 1024:
            raise ValidationError("文件不能超过 20 MB")
        return file


class TargetFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    sector = forms.ModelChoiceField(
        label="类别", queryset=Sector.objects.none(), required=False, empty_label="全部类别"
    )
    link = LinkChoiceField(label="环节", queryset=ChainLink.objects.none(), required=False, empty_label="全部环节")
    unit = forms.ModelChoiceField(
        label="责任单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位"
    )
    stage = forms.ChoiceField(label="阶段", choices=[("", "全部阶段"), *TargetStage.choices], required=False)
    tag = forms.ModelChoiceField(
        label="企业标签", queryset=InvestorTag.objects.all(), required=False, empty_label="全部标签"
    )
    untouched = forms.BooleanField(label="只看久未对接", required=False)

    def __init__(self, *args, year=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(year=year)
        self.fields["link"].queryset = ChainLink.objects.filter(sector__year=year).select_related("sector")
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
