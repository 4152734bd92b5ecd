"""What every projects form shares: date and month inputs, the one-submit token, errors from a service, the check of
an uploaded evidence file."""

import datetime as dt
import re
import secrets

from django import forms
from django.core.exceptions import ValidationError

from projects import services

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


def evidence_file(file):
    """An uploaded file (or none) as a form's ``clean_<field>`` returns it: refused, on that field, when the evidence
    service would refuse it (its type read from its content, its size)."""
    if file:
        try:
            services.check_evidence_file(file)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from None
    return file


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
