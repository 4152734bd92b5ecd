"""The ledger import as a page: upload, preview with a row-level error report, then import."""

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
from projects.forms import LedgerUploadForm
from projects.ledger import import_ledger, read_ledger, template_workbook

SESSION_KEY = "ledger_upload"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "ledger-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_uploads() -> None:
    """A previewed ledger nobody imported is deleted after a day."""
    cutoff = time.time() - 86400
    for old in _upload_dir().glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _stored(request, token: str | None = None):
    """The file previewed in this session, if still there (and, with ``token``, if it is the preview the user saw)."""
    info = request.session.get(SESSION_KEY)
    # A damaged session entry (not a dict, a token that is not text) was an AttributeError, a 500: now no preview.
    info = info if isinstance(info, dict) else {}
    stored = info.get("token")
    if not isinstance(stored, str) or not stored.isascii() or not stored.isalnum():
        return None, None
    if token is not None and token != stored:
        return None, None  # another window uploaded a newer ledger since this preview
    token = stored
    path = _upload_dir() / f"{token}.xlsx"
    if not path.is_file():
        return None, None
    return path, str(info.get("name") or "")


@requires("records.import")
def ledger_upload(request):
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _forget_old_uploads()
        token = secrets.token_hex(16)
        with open(_upload_dir() / f"{token}.xlsx", "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        request.session[SESSION_KEY] = {"token": token, "name": Path(upload.name).name[:200]}
        path, name = _stored(request)
        ledger = read_ledger(path.read_bytes(), max_rows=settings.LEDGER_MAX_PAGE_ROWS)
        if ledger.too_big:
            path.unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
            form.add_error("file", _too_big_message(request))
            return render(request, "projects/ledger.html", {"form": form, "result": None, "token": ""})
        result = import_ledger(ledger, by=request.user, source=name, dry_run=True)
        token = request.session[SESSION_KEY]["token"]
    else:
        token = ""
    context = {"form": form, "result": result, "token": token, "max_rows": settings.LEDGER_MAX_PAGE_ROWS}
    return render(request, "projects/ledger.html", context)


def _too_big_message(request) -> str:
    # Refused before any check: past gunicorn's worker timeout the import would be killed half-way.
    return (
        f"台账超过 {settings.LEDGER_MAX_PAGE_ROWS:,} 行数据，超出页面一次能检查和导入的上限，未作任何处理。"
        f"请交系统管理员在服务器上用命令导入（同样全部正确才导入，不受页面超时限制）：先 "
        f"manage.py import_records 台账.xlsx --as {request.user.get_username()} --dry-run 检查，"
        f"再去掉 --dry-run 导入。"
    )


@require_POST
@requires("records.import")
def ledger_import(request):
    path, name = _stored(request, str(request.POST.get("token", "")))
    if path is None:
        messages.error(request, "此预览已失效（可能在其他窗口上传了新的台账），请重新上传台账文件。")
        return redirect("projects:ledger")
    ledger = read_ledger(path.read_bytes(), max_rows=settings.LEDGER_MAX_PAGE_ROWS)
    if ledger.too_big:  # the limit was lowered since the preview
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _too_big_message(request))
        return redirect("projects:ledger")
    result = import_ledger(ledger, by=request.user, source=name)
    if result.errors:
        messages.error(request, f"台账有 {len(result.errors)} 处错误，未导入任何内容。")
        return render(request, "projects/ledger.html", {"form": LedgerUploadForm(), "result": result})
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"台账“{name}”导入完成：{result.summary()}。")
    return redirect("projects:list")


@requires("records.import")
def ledger_template(request):
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, "招商项目台账导入模板.xlsx")
    return response
