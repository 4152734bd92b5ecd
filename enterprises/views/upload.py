"""The enterprise import as a page: upload, preview with row-level errors, then import (INTERCHANGE.md §5)."""

import io
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.access import requires
from enterprises.forms import UploadForm
from enterprises.interchange import EXPORT_COLUMNS, SHEETS, import_workbook, read_workbook

SESSION_KEY = "enterprise_upload"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "enterprise-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stored(request, token: str | None = None):
    """The file previewed in this session, if still there (and, with ``token``, if it is the preview the user saw)."""
    info = request.session.get(SESSION_KEY)
    info = info if isinstance(info, dict) else {}
    stored = info.get("token")
    if not isinstance(stored, str) or not stored.isascii() or not stored.isalnum():
        return None, None
    if token is not None and token != stored:
        return None, None
    path = _upload_dir() / f"{stored}.xlsx"
    if not path.is_file():
        return None, None
    return path, str(info.get("name") or "")


@requires("enterprises.import")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    result, token = None, ""
    if request.method == "POST" and form.is_valid():
        cutoff = time.time() - 86400
        for old in _upload_dir().glob("*.xlsx"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        token = secrets.token_hex(16)
        with open(_upload_dir() / f"{token}.xlsx", "wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        name = Path(form.cleaned_data["file"].name).name[:200]
        request.session[SESSION_KEY] = {"token": token, "name": name}
        path, _ = _stored(request)
        result = import_workbook(read_workbook(path.read_bytes()), by=request.user, source=name, dry_run=True)
    return render(request, "enterprises/upload.html", {"form": form, "result": result, "token": token})


@require_POST
@requires("enterprises.import")
def upload_confirm(request):
    path, name = _stored(request, str(request.POST.get("token", "")))
    if path is None:
        messages.error(request, "此预览已失效（可能在其他窗口上传了新的文件），请重新上传。")
        return redirect("enterprises:upload")
    result = import_workbook(read_workbook(path.read_bytes()), by=request.user, source=name)
    if result.errors:
        messages.error(request, f"文件有 {len(result.errors)} 处错误，未导入任何内容。")
        return render(request, "enterprises/upload.html", {"form": UploadForm(), "result": result})
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"“{name}”导入完成：{result.summary()}。")
    return redirect("enterprises:list")


EXAMPLE = {
    "chain_links": [["生态旅游", "中游", "高端酒店民宿", "gap"]],
    "enterprises": [
        ["示例文旅集团有限公司", "91330100716105852F", "广东省深圳市", "生态旅游", "高端酒店民宿", "central_soe;china500",
         "县文化旅游委", "negotiating", "30", "拟建度假酒店"],
    ],
}  # fmt: skip


@requires("enterprises.import")
def upload_template(request):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        ws.append([c for c in EXPORT_COLUMNS[sheet] if c not in ("last_contact",)])
        for row in EXAMPLE[sheet]:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "重点企业导入模板.xlsx")
    return response
