"""The record forms (contract, start, funds, activity, monthly report), corrections, evidence, return and confirm."""

from django import forms

from core.forms import BootstrapMixin, ModelMultipleChoiceField
from projects.forms.common import AMOUNT_HELP, DateInput, MonthField, OnceMixin, checkbox_classes, evidence_file
from projects.models import Activity, Contract, FundsInPlace, MonthlyReport, Project, ProjectStart
from targets.models import Leader


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
        return evidence_file(self.cleaned_data.get("file"))


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
