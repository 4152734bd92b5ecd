"""The upload of the center's existing ledger."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import BootstrapMixin


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
