"""One row of the monthly filing sheet: this month's funds of one project (亿元, as the funds form), its source, an
evidence file, 本月无到位资金. Prefixed ``p<project id>`` so all rows live in one form and each row posts alone."""

import secrets

from django import forms

from core.forms import BootstrapMixin
from projects.forms.common import evidence_file
from projects.forms.pending import PendingUploadMixin
from projects.models import FundsSource
from targets.models import AMOUNT

AMOUNT_ERRORS = {
    "invalid": "请填写数字金额（亿元），如 0.35",
    "min_value": "到位资金不能为负数",
    "max_decimal_places": "最多4位小数（1万元 = 0.0001亿元）",
    "max_digits": "金额过大，请核实金额单位（亿元）",
    "max_whole_digits": "金额过大，请核实金额单位（亿元）",
}


class SheetRowForm(PendingUploadMixin, BootstrapMixin, forms.Form):
    amount = forms.DecimalField(
        label="本月到位资金（亿元）",
        required=False,
        min_value=0,
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "亿元"}),
        **AMOUNT,
    )
    source = forms.ChoiceField(
        label="数据来源",
        choices=FundsSource.choices,
        initial=FundsSource.BANK,
        required=False,
        error_messages={"invalid_choice": "请从列表中选择数据来源"},
    )
    nil = forms.BooleanField(label="本月无到位资金", required=False)
    file = forms.FileField(label="佐证材料", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("prefix", f"p{row.project.pk}")
        kwargs.setdefault("use_required_attribute", False)
        if not kwargs.get("data") and not (args and args[0]) and row.record is not None:
            kwargs.setdefault(
                "initial",
                {
                    "amount": None if row.nil else row.record.amount,
                    "source": row.record.source,
                    "nil": row.nil,
                },
            )
        super().__init__(*args, **kwargs)
        self.row = row
        # A project in the fixed-asset-investment statistics is counted by the statistics' figure (DOMAIN.md §3)
        self.default_source = FundsSource.STATISTICS if row.project.in_fai_statistics else FundsSource.BANK
        self.fields["source"].initial = self.default_source
        if not self.is_bound:
            self.fields["token"].initial = secrets.token_urlsafe(16)
        label = f"{row.project.code} {row.project.name}"
        self.fields["amount"].widget.attrs["aria-label"] = f"{label} 本月到位资金（亿元）"
        self.fields["source"].widget.attrs["aria-label"] = f"{label} 数据来源"
        self.fields["file"].widget.attrs.update(
            {"aria-label": f"{label} 佐证材料", "accept": ".pdf,.jpg,.jpeg,.png,.ofd"}
        )
        self.fields["nil"].widget.attrs["data-nil"] = ""
        self.fields["amount"].widget.attrs["data-amount"] = ""

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        """A field in error says so to a screen reader and points at its message (the ids the row template gives);
        again after a service's errors are put on the form."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def clean_file(self):
        return evidence_file(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if data.get("nil") and data.get("amount"):
            self.add_error("amount", "已勾选“本月无到位资金”，金额请留空或填 0")
        return data

    @property
    def typed(self) -> bool:
        """Anything on the row to save: an amount, 本月无到位资金, a file (new or kept)."""
        data = getattr(self, "cleaned_data", {})
        return data.get("amount") is not None or bool(data.get("nil")) or bool(data.get("file"))

    def save_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "amount": data.get("amount"),
            "source": data.get("source") or self.default_source,
            "nil": bool(data.get("nil")) or data.get("amount") == 0,
            "evidence": data.get("file") or None,
            "submit_token": data.get("token") or None,
        }
