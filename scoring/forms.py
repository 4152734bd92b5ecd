"""Forms of the scoring pages: they parse and validate; the services write."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms

from core.formatting import plain
from core.forms import BootstrapMixin, InputRulesMixin, ModelMultipleChoiceField
from projects.models import Investor, InvestorTag
from scoring.models import SchemeVersion
from scoring.selectors import rated_units
from targets.models import Unit, UnitKind

COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")


def _decimal(text: str, where: str) -> str:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise forms.ValidationError(f"{where}：“{text.strip()}”不是数字") from None
    if not value.is_finite():
        raise forms.ValidationError(f"{where}：“{text.strip()}”不是数字")
    return plain(value)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _revalidate(form) -> None:
    """core.forms.BootstrapMixin reads ``self.errors`` in ``__init__``, which validates a bound form before the
    fields and choices set up after it exist; drop that early result so that validation runs on the finished form."""
    form._errors = None


class PairsField(forms.CharField):
    """One ``left=right`` pair a line, the right a number; subclasses name the sides, give an example and say how
    the left side is read."""

    widget = forms.Textarea(attrs={"rows": 4})
    left, right, example = "名称", "分值", ""

    def parse_left(self, text: str, where: str):
        return text.strip()

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{a}={b}" for a, b in value)
        return value

    def clean(self, value):
        value = super().clean(value)
        pairs = []
        for n, line in _lines(value):
            if "=" not in line:
                raise forms.ValidationError(f"第{n}行应写成“{self.left}={self.right}”，如 {self.example}")
            a, b = line.split("=", 1)
            pairs.append([self.parse_left(a, f"第{n}行{self.left}"), _decimal(b, f"第{n}行{self.right}")])
        return pairs


class TiersField(PairsField):
    """Bonus tiers, one per line: ``门槛亿元=分`` (e.g. ``3=2``)."""

    left, example = "门槛", "3=2"

    def parse_left(self, text: str, where: str):
        return _decimal(text, where)


class CriteriaField(PairsField):
    """Rating criteria, one per line: ``名称=分值``."""

    widget = forms.Textarea(attrs={"rows": 5})
    left, example = "指标名称", "手续办理=20"


class RewardTiersField(forms.CharField):
    """Reward tiers, one per line: ``名次起-名次止=万元`` (e.g. ``1-2=20``)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{a}-{b}={w}" for a, b, w in value)
        return value

    def clean(self, value):
        value = super().clean(value)
        tiers = []
        for n, line in _lines(value):
            try:
                ranks, amount = line.split("=", 1)
                first, last = (int(x) for x in ranks.split("-", 1))
            except ValueError:
                raise forms.ValidationError(f"第{n}行应写成“名次起-名次止=万元”，如 1-2=20") from None
            tiers.append([first, last, _decimal(amount, f"第{n}行奖励金额")])
        return tiers


class NamesField(forms.CharField):
    """A list of names, one per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value):
        names = [line for _, line in _lines(super().clean(value))]
        if len(set(names)) != len(names):
            raise forms.ValidationError("名称不能重复")
        return names


class BandsField(forms.CharField):
    """The five colours, one per line: ``代码|名称|颜色``."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join("|".join(item) for item in value)
        return value

    def clean(self, value):
        bands = []
        for n, line in _lines(super().clean(value)):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not COLOUR.fullmatch(parts[2]) or not parts[1]:
                raise forms.ValidationError(f"第{n}行应写成“代码|名称|#颜色”，如 green|绿|#2e7d32")
            bands.append(parts)
        return bands


class SchemeForm(BootstrapMixin, forms.ModelForm):
    reason = forms.CharField(
        label="修改说明", max_length=300, help_text="记入方案历史，如“按县委办通知调整资金到位额权重”。"
    )
    bonus_tags = forms.MultipleChoiceField(
        label="招大引强的企业标签", widget=forms.CheckboxSelectMultiple, required=False
    )
    bonus_major_tiers = TiersField(label="招大引强档次（门槛亿元=分，每行一档）")
    bonus_service_tiers = TiersField(label="重大生产性服务业档次（门槛亿元=分，每行一档）")
    reward_tiers = RewardTiersField(label="责任单位奖励（名次起-名次止=万元）")
    guarantee_reward_tiers = RewardTiersField(label="保障单位奖励（名次起-名次止=万元）")
    guarantee_criteria = CriteriaField(label="保障单位评分指标（名称=分值，合计100）")
    town_criteria = NamesField(label="乡镇考核内容（每行一项）")
    guarantee_appraisal_criteria = NamesField(label="保障单位实绩考核内容（每行一项）")
    bands = BandsField(label="五色名称与颜色（代码|名称|#颜色）")

    WIDE = (
        "reason",
        "bonus_tags",
        "bonus_major_tiers",
        "bonus_service_tiers",
        "reward_tiers",
        "guarantee_reward_tiers",
        "guarantee_criteria",
        "town_criteria",
        "guarantee_appraisal_criteria",
        "bands",
    )

    class Meta:
        model = SchemeVersion
        fields = ("reason", *SchemeVersion.SETTINGS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bonus_tags"].choices = list(InvestorTag.objects.values_list("code", "name"))
        self.initial.setdefault("bonus_tags", self.instance.bonus_tags)
        self.initial["reason"] = ""  # a new version needs its own reason, not the current version's
        _revalidate(self)

    def _post_clean(self):
        # Validation of the whole version happens in scheme_update (it checks the merged values).
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SchemeVersion.SETTINGS}


class AsOfForm(InputRulesMixin, forms.Form):
    as_of = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PaperRatingForm(BootstrapMixin, forms.Form):
    investor = forms.ModelChoiceField(label="评分企业", queryset=Investor.objects.order_by("name"))
    unit = forms.ModelChoiceField(label="保障单位", queryset=rated_units())
    comment = forms.CharField(label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for i, criterion in enumerate(criteria):
            self.fields[f"c{i}"] = forms.CharField(
                label=f"{criterion.name}（满分{plain(criterion.max_points)}）", max_length=10
            )
        for i in range(len(criteria)):  # added after the mixin ran: style them here
            self.fields[f"c{i}"].widget.attrs["class"] = "form-control"
            self.fields[f"c{i}"].widget.attrs["inputmode"] = "decimal"
        _revalidate(self)

    def scores(self) -> dict:
        return {c.name: self.cleaned_data.get(f"c{i}", "") for i, c in enumerate(self.criteria)}


class IssueLinksForm(BootstrapMixin, forms.Form):
    investors = ModelMultipleChoiceField(
        label="企业", queryset=Investor.objects.order_by("name"), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    units = ModelMultipleChoiceField(
        label="待评价的保障单位",
        queryset=Unit.objects.filter(kind=UnitKind.GUARANTEE, is_active=True).order_by("position", "id"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    with_towns = forms.BooleanField(
        label="同时评价企业项目落地的乡镇（街道）",
        required=False,
        initial=True,
        help_text="每个企业的链接只列出其项目落地的乡镇（街道），不列其他乡镇。",
    )


class FindingForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=rated_units())
    month = forms.DateField(
        label="月份", widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"]
    )
    criterion = forms.ChoiceField(label="考核内容")
    note = forms.CharField(label="扣分原因", max_length=300)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c, c) for c in dict.fromkeys(criteria)]
        _revalidate(self)

    def clean_month(self):
        month = self.cleaned_data["month"]
        return dt.date(month.year, month.month, 1)
