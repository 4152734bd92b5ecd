"""Forms validate and normalise; the services in projects/services.py apply the business rules and save."""

import datetime as dt
import re
import secrets
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from core.forms import BootstrapMixin, ModelMultipleChoiceField
from projects import services
from projects.calendar import month_end
from projects.models import (
    Activity,
    Contract,
    FundsInPlace,
    IndustryLabel,
    InvestorTag,
    MonthlyReport,
    Project,
    ProjectStart,
    RequiredEvent,
    Status,
)
from projects.validators import check_credit_code
from targets.models import Leader, Sector, Unit, UnitKind

AMOUNT_HELP = "单位：亿元，最多4位小数（1万元 = 0.0001亿元）"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "YYYY-MM", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month typed as 2023-03 (what <input type=month> sends), 2023-03-01 or 2023年3月; cleaned to its 1st day."""

    widget = MonthInput

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        text = (value or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.]\s*0?1|\s*月)?", text)
        if not match:
            raise ValidationError("请按“2023-03”的格式填写月份")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or year < 2000:
            raise ValidationError("月份不正确")
        return dt.date(year, month, 1)


def checkbox_classes(form) -> None:
    """Bootstrap's class on each box of a multiple-checkbox field, so a box sits beside its label."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"


def apply_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        name = rename.get(name, name)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class OnceMixin(forms.Form):
    """A hidden token per rendered form: the view accepts each token once, so a double click files one record."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = secrets.token_urlsafe(16)


# --- the project library -----------------------------------------------------------------------------------------


class LabelChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_group_display()} · {obj}"


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year.year}年 · {obj.name}"


class ProjectForm(BootstrapMixin, OnceMixin, forms.ModelForm):
    investor_name = forms.CharField(label="投资企业名称", max_length=200)
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        required=False,
        help_text="18位，按 GB 32100 校验位核对；不知道可不填。",
    )
    investor_tags = ModelMultipleChoiceField(
        label="企业标签",
        queryset=InvestorTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="招大引强加分依据，请如实勾选（审核时核对）。",
    )
    investor_contact = forms.CharField(label="企业联系人及电话", max_length=100, required=False)
    labels = LabelChoiceField(
        label="产业标签", queryset=IndustryLabel.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sector = SectorChoiceField(label="类别", queryset=Sector.objects.none(), required=False)
    agreement = forms.FileField(
        label="联合招商分成协议",
        required=False,
        help_text="两个及以上单位联合招商时必须上传各方签字盖章的书面分成协议（PDF、JPEG、PNG 或 OFD，不超过 20 MB）。",
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "year",
            "sector",
            "kind",
            "is_major",
            "labels",
            "town",
            "total_investment",
            "stage",
            "in_fai_statistics",
            "responsible_leader",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"total_investment": AMOUNT_HELP, "code": "本系统内唯一，如 WS2023-001。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].queryset = IndustryLabel.objects.filter(is_active=True).order_by("position", "id")
        checkbox_classes(self)
        self.fields["sector"].queryset = Sector.objects.select_related("year").order_by("-year__year", "position")
        self.fields["town"].queryset = Unit.objects.filter(kind=UnitKind.TOWN, is_active=True)
        self.fields["responsible_leader"].queryset = Leader.objects.filter(is_active=True)
        if self.instance.pk:
            investor = self.instance.investor
            self.initial.update(
                investor_name=investor.name,
                credit_code=investor.credit_code,
                investor_tags=list(investor.tags.all()),
                investor_contact=investor.contact,
            )

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        return check_credit_code(code) if code else ""

    def clean_agreement(self):
        file = self.cleaned_data.get("agreement")
        if file:
            try:
                services.check_evidence_file(file)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["file"]) from None
        return file

    def clean(self):
        data = super().clean()
        year, sector = data.get("year"), data.get("sector")
        if year and sector and sector.year_id != year.pk:
            self.add_error("sector", f"所选类别属于{sector.year.year}年，应选择{year.year}年的类别")
        return data

    def project_fields(self) -> dict:
        names = [f for f in self.Meta.fields if f in self.cleaned_data]
        return {name: self.cleaned_data[name] for name in names}

    def investor_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["investor_name"],
            "credit_code": d["credit_code"],
            "tags": list(d["investor_tags"]),
            "contact": d["investor_contact"],
        }


class CreditForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="招商单位", queryset=Unit.objects.filter(is_active=True), required=False)
    share = forms.DecimalField(
        label="分成比例（%）",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("share") is None:
            self.add_error("share", "请填写该单位的分成比例")
        if data.get("share") is not None and not data.get("unit"):
            self.add_error("unit", "请选择单位")
        return data


class BaseCreditFormSet(forms.BaseFormSet):
    def credits(self) -> list[tuple]:
        return [
            (f.cleaned_data["unit"], f.cleaned_data["share"])
            for f in self.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get("unit")
        ]

    def clean(self):
        if any(self.errors):
            return
        try:
            services.check_credits(self.credits())
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["credits"]) from None


# absolute_max: a forged TOTAL_FORMS of 999999 otherwise builds and renders 1,020 forms (17 s and 2 MB for one POST).
CreditFormSet = formset_factory(
    CreditForm, formset=BaseCreditFormSet, extra=0, min_num=4, max_num=20, absolute_max=20, validate_max=True
)


def credit_initial(project=None, unit=None) -> list[dict]:
    if project is not None:
        return [{"unit": c.unit, "share": c.share} for c in project.credits.select_related("unit")]
    return [{"unit": unit, "share": Decimal("100")}] if unit else []


# --- records -----------------------------------------------------------------------------------------------------


class RecordForm(BootstrapMixin, OnceMixin, forms.ModelForm):
    """Base of the forms of each record kind: only the fields a filer types."""

    def record_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class ContractForm(RecordForm):
    class Meta:
        model = Contract
        fields = ["kind", "title", "signed_on", "amount", "note"]
        widgets = {"signed_on": DateInput, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"amount": AMOUNT_HELP, "kind": "只有正式合同计入签约额；意向、战略合作、框架协议只登记不计分。"}


class StartForm(RecordForm):
    class Meta:
        model = ProjectStart
        fields = ["started_on", "basis", "note"]
        widgets = {"started_on": DateInput, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "basis": "入统项目：统计部门开工日期，或开工现场照片、施工协议、施工许可证；"
            "未入统项目：营业执照、当年装修或入驻图片。"
        }


class FundsForm(RecordForm):
    month = MonthField(label="月份", help_text="到位资金所属月份，次月1日至7日报送。")

    class Meta:
        model = FundsInPlace
        fields = ["month", "amount", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"amount": AMOUNT_HELP + "；本月无到位资金请填 0（无需佐证）。"}


class ActivityForm(RecordForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "occurred_on",
            "title",
            "place",
            "enterprises",
            "enterprise_count",
            "leaders",
            "project",
            "note",
        ]
        widgets = {
            "occurred_on": DateInput,
            "enterprises": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "leaders": forms.CheckboxSelectMultiple,
        }
        help_texts = {"leaders": "参加本次活动的县领导（用于统计县领导每月外出招商次数）。"}
        field_classes = {"leaders": ModelMultipleChoiceField}

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = Leader.objects.filter(is_active=True)
        self.fields["enterprise_count"].required = False
        checkbox_classes(self)
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()

    def clean_enterprise_count(self):
        """Left blank, the count is the number of enterprises listed, one a line."""
        count = self.cleaned_data.get("enterprise_count")
        if count is None:
            listed = [line for line in (self.data.get("enterprises") or "").splitlines() if line.strip()]
            count = len(listed)
        return count


class ReportForm(RecordForm):
    month = MonthField(label="月份", help_text="当月工作情况每月25日前报送；空着的项目按未填报计。")

    class Meta:
        model = MonthlyReport
        fields = ["month", "signing", "funds", "starts", "visits", "publicity", "note"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["signing", "funds", "starts", "visits", "publicity", "note"]
        }


RECORD_FORMS = {
    "contract": ContractForm,
    "start": StartForm,
    "funds": FundsForm,
    "activity": ActivityForm,
    "report": ReportForm,
}


def initial_of(record, form_class) -> dict:
    """Current values of a record for an edit or correction form (the record itself is never touched by the form)."""
    data = {}
    for name in form_class.Meta.fields:
        value = getattr(record, name)
        if name == "leaders":
            value = list(value.all())
        data[name] = value
    return data


class CorrectionMixin(forms.Form):
    reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


def correction_form(kind: str):
    return type(f"{kind.title()}CorrectionForm", (CorrectionMixin, RECORD_FORMS[kind]), {})


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label="佐证材料", help_text="PDF、JPEG、PNG 或 OFD，单个文件不超过 20 MB；按文件内容识别类型。"
    )
    description = forms.CharField(label="说明", max_length=200, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file:
            return file
        try:
            services.check_evidence_file(file)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from None
        return file


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label="退回原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "退回时必须填写退回原因"},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConfirmForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- required events ---------------------------------------------------------------------------------------------


class RequiredEventForm(BootstrapMixin, forms.ModelForm):
    units = ModelMultipleChoiceField(
        label="应参加单位", queryset=Unit.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RequiredEvent
        fields = ["year", "kind", "title", "held_on", "place"]
        widgets = {"held_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checkbox_classes(self)


class LedgerUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label="台账文件（.xlsx）", help_text="工作表 projects / contracts / starts / funds，格式见说明。"
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        head = file.read(4)
        file.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError("请上传 Excel .xlsx 文件（不支持 .xls 或 CSV）")
        if file.size > 20 * 1024 * 1024:
            raise ValidationError("台账文件不能超过 20 MB")
        return file


# --- list filters ------------------------------------------------------------------------------------------------

PERIOD_FIELD = {
    "contract": "signed_on",
    "start": "started_on",
    "funds": "month",
    "activity": "occurred_on",
    "report": "month",
}
KIND_CHOICES = [(kind, model._meta.verbose_name) for kind, model in services.RECORD_MODELS.items()]


class RecordFilterForm(BootstrapMixin, forms.Form):
    """Kind, unit and month of records: the filer's list and the auditor's queue."""

    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *KIND_CHOICES], required=False)
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    month = MonthField(label="月份", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()

    def apply(self, records, kind):
        data = self.cleaned_data
        if data.get("unit"):
            records = records.filter(unit=data["unit"])
        if data.get("month"):
            records = records.filter(**{f"{PERIOD_FIELD[kind]}__range": (data["month"], month_end(data["month"]))})
        if data.get("status"):
            records = records.filter(status=data["status"])
        return records


class RecordListForm(RecordFilterForm):
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Status.choices], required=False)
