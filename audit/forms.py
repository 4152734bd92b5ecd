import datetime as dt

from django import forms

from audit.models import AuditEvent
from core.forms import BootstrapMixin


class AuditSearchForm(BootstrapMixin, forms.Form):
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.CharField(label="用户名", required=False, max_length=150)
    action = forms.CharField(
        label="操作",
        required=False,
        max_length=64,
        help_text="页面显示的操作名称中的文字（如 登录、退回），或操作代码的开头（如 auth.）",
    )
    object = forms.CharField(label="对象", required=False, max_length=200, help_text="对象名称、类型或编号中的文字")
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEvent.Outcome.choices])

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        for name in ("date_from", "date_to"):
            if data.get(name) and not dt.date(2000, 1, 1) <= data[name] <= dt.date(2999, 12, 31):
                self.add_error(name, "日期超出范围。")
        return data
