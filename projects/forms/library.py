"""The project library's forms: a project with its investor, and the credited units with their shares."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from accounts.access import can
from core.forms import BootstrapMixin, ModelMultipleChoiceField
from core.validators import validate_not_before_earliest_year
from projects import services
from projects.forms.common import AMOUNT_HELP, OnceMixin, checkbox_classes, evidence_file
from projects.forms.stages import STAGE_HELP, STAGE_REFUSED, choosable_stages
from projects.models import IndustryLabel, InvestorTag, Project
from projects.validators import check_credit_code
from targets.models import Leader, Sector, Unit, UnitKind


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
    tag_proof = forms.FileField(
        label="企业标签证明材料",
        required=False,
        help_text="新增企业标签时上传（如世界500强名录、高新技术企业证书），由县招商投资事务中心核对。",
    )
    fact_reason = forms.CharField(
        label="计分信息变更原因",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="项目已有提交的记录：修改投资企业及标签、项目类型、重大项目、类别、入统、总投资、产业标签或分成比例，"
        "将形成变更申请，须提交并经县招商投资事务中心认定后才生效；请写明原因。",
    )
    effective_on = forms.DateField(
        label="变更生效日期",
        required=False,
        validators=[validate_not_before_earliest_year],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填表示自始生效（所有未关闭年度按新值计分）；填写则自该日起生效。",
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].queryset = IndustryLabel.objects.filter(is_active=True).order_by("position", "id")
        checkbox_classes(self)
        self.fields["sector"].queryset = Sector.objects.select_related("year").order_by("-year__year", "position")
        self.fields["town"].queryset = Unit.objects.filter(kind=UnitKind.TOWN, is_active=True)
        self.fields["responsible_leader"].queryset = Leader.objects.filter(is_active=True)
        if "stage" in self.fields:
            self.fields["stage"].choices = choosable_stages(self.instance)
            self.fields["stage"].help_text = STAGE_HELP
            self.fields["stage"].error_messages["invalid_choice"] = STAGE_REFUSED
        if self.instance.pk:
            investor = self.instance.investor
            self.initial.update(investor_name=investor.name, investor_tags=list(investor.tags.all()))
            if user is None or can(user, "records.audit") or services.access_investor_is_own(user, investor):
                self.initial.update(credit_code=investor.credit_code, investor_contact=investor.contact)
            else:
                # another unit's enterprise too: its credit code and contact are not shown, and not overwritten
                for name in ("credit_code", "investor_contact"):
                    self.fields[name].disabled = True
                    self.fields[
                        name
                    ].help_text = "该企业还有其他单位的项目，其信用代码和联系人由县招商投资事务中心维护。"
        if not self.instance.pk:
            del self.fields["effective_on"]

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        return check_credit_code(code) if code else ""

    def clean_tag_proof(self):
        return evidence_file(self.cleaned_data.get("tag_proof"))

    def clean_agreement(self):
        return evidence_file(self.cleaned_data.get("agreement"))

    def clean(self):
        data = super().clean()
        year, sector = data.get("year"), data.get("sector")
        if year and sector and sector.year_id != year.pk:
            self.add_error("sector", f"所选类别属于{sector.year.year}年，应选择{year.year}年的类别")
        return data

    def project_fields(self) -> dict:
        names = [f for f in self.Meta.fields if f in self.cleaned_data]
        fields = {name: self.cleaned_data[name] for name in names}
        fields["fact_reason"] = self.cleaned_data.get("fact_reason", "")
        fields["tag_proof"] = self.cleaned_data.get("tag_proof")
        if "effective_on" in self.fields:
            fields["effective_on"] = self.cleaned_data.get("effective_on")
        return fields

    def investor_fields(self) -> dict:
        d = self.cleaned_data
        hidden = self.fields["investor_contact"].disabled
        return {
            "name": d["investor_name"],
            "credit_code": "" if hidden else d["credit_code"],
            "tags": list(d["investor_tags"]),
            "contact": None if hidden else d["investor_contact"],
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
