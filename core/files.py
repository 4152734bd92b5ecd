"""Sending a stored file after the view has checked permission.

With EVIDENCE_X_ACCEL=1 (production behind nginx) the app answers with an empty response carrying X-Accel-Redirect
and nginx sends the bytes from an `internal` location (deploy/nginx/wushan.conf), so a gunicorn worker is not tied up
by a 20 MB download. Otherwise Django streams the file itself (development, tests).
"""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def _inside_media_root(path) -> tuple[Path, str]:
    """The absolute path and its path relative to MEDIA_ROOT; refuses anything outside MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    candidate = Path(path)
    absolute = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if root not in absolute.parents:
        raise SuspiciousFileOperation(f"{path!r} is outside MEDIA_ROOT")
    return absolute, absolute.relative_to(root).as_posix()


def serve_protected_file(request, path, filename: str, inline: bool = False, content_type: str | None = None):
    """Answer with the file at ``path`` (a FieldFile, or a path absolute or relative to MEDIA_ROOT).

    Call it only after the permission check. ``filename`` is what the browser saves (Chinese names are fine).
    """
    path = getattr(path, "path", path)  # a FieldFile
    absolute, relative = _inside_media_root(path)
    if not absolute.is_file():
        raise Http404("文件不存在。")
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if settings.EVIDENCE_X_ACCEL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(settings.EVIDENCE_X_ACCEL_PREFIX.rstrip("/") + "/" + relative)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        response = FileResponse(
            absolute.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
