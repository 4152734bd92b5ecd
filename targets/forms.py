from pathlib import Path

from django import forms

from core.forms import BootstrapMixin
from targets.models import AssessmentYear

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PlanUploadForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    file = forms.FileField(
        label="目标任务分解表文件",
        help_text="CSV（与 targets_2023.csv 同样的列），或附件1格式的 Excel 工作簿（.xlsx），不超过 5 MB。",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AssessmentYear.objects.filter(year=year, is_closed=True).exists():
            raise forms.ValidationError(f"{year}年度已关闭，目标任务分解表不能再修改。")
        return year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix == ".xls":
            raise forms.ValidationError(
                "不支持旧版 .xls 格式：请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）后再上传。"
            )
        if suffix not in {".csv", ".xlsx"}:
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件过大（不超过 5 MB）。")
        return upload
