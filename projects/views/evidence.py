"""Evidence files: only ever served through these views, after checking the user may see the record (the bytes
come from core.files.serve_protected_file: streamed by Django, or by nginx with X-Accel-Redirect in production)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.access import requires
from core.files import serve_protected_file
from projects import access, services


def _harden(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
    )
    return response


@requires("records.view")
def evidence_download(request, pk):
    evidence = access.get_evidence_or_404(request.user, pk)
    response = serve_protected_file(
        request, evidence.file, evidence.download_name, inline=False, content_type=evidence.mime_type
    )
    return _harden(response)


@xframe_options_sameorigin
@requires("records.view")
def evidence_preview(request, pk):
    """Inline, for images and PDFs without active content only, typed by what the upload check found."""
    evidence = access.get_evidence_or_404(request.user, pk)
    if not evidence.previewable:
        raise Http404("该文件不支持在线预览，请下载查看")
    response = serve_protected_file(
        request, evidence.file, evidence.download_name, inline=True, content_type=evidence.mime_type
    )
    # Sandboxed too for a PDF: a browser that would run the file's scripts runs them in an opaque origin. (Chromium
    # drops the CSP of a PDF it shows in its own viewer, whose scripts never reach the page.)
    return _harden(response)


@require_POST
@requires("records.view")
def evidence_remove(request, pk):
    evidence = access.get_evidence_or_404(request.user, pk)
    target = evidence.record
    if not access.may_remove_evidence(request.user, evidence, target):
        raise PermissionDenied("不能撤下该佐证材料")
    try:
        services.evidence_remove(evidence=evidence, by=request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤下佐证材料“{evidence.original_name}”（留档可查）。")
    return redirect(target)
