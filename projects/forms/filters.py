"""Kind, unit, month and status filters of the record lists and the auditor's queue."""

from django import forms

from core.forms import BootstrapMixin
from projects import services
from projects.calendar import month_end
from projects.forms.common import MonthField
from projects.models import Status
from targets.models import Unit

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
            records = records.filter(
                **{f"{services.RECORD_MODELS[kind].period_field}__range": (data["month"], month_end(data["month"]))}
            )
        if data.get("status"):
            records = records.filter(status=data["status"])
        return records


class RecordListForm(RecordFilterForm):
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Status.choices], required=False)
