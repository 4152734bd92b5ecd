"""Published documents as files: rendered once when published, stored on the evidence storage under their SHA-256,
served from there on every later download (``reports.models.PublishedDocument``).

    stored = document_store(kind="bulletin", key="bulletin-2023-12", pdf=pdf, filename="…pdf", by=user)
    return document_response(request, stored)          # the stored bytes, at once

The same snapshot renders to the same bytes (reports.pdf), so a document published before this store existed is
rendered and stored on its first download, and a re-render can always be checked against the stored file."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.shortcuts import render

from core.files import serve_protected_file
from projects.models import get_evidence_storage
from reports.models import PublishedDocument

FOLDER = "documents"


class DocumentError(Exception):
    """A stored document that cannot be served as published (missing or altered on disk); the message is Chinese."""


def document_path(key: str, sha256: str) -> str:
    return f"{FOLDER}/{key}-{sha256[:16]}.pdf"


def _write(key: str, pdf: bytes) -> tuple[str, str]:
    storage = get_evidence_storage()
    sha256 = hashlib.sha256(pdf).hexdigest()
    path = document_path(key, sha256)
    if not storage.exists(path):
        saved = storage.save(path, ContentFile(pdf))
        if saved != path:  # a concurrent writer won the name: same name, same bytes
            storage.delete(saved)
    return path, sha256


def document_store(*, kind: str, key: str, pdf: bytes, filename: str, by=None) -> PublishedDocument:
    """Write the bytes (a name that changes with them: an old file is never overwritten) and record them."""
    path, sha256 = _write(key, pdf)
    stored, _ = PublishedDocument.objects.update_or_create(
        key=key,
        defaults={
            "kind": kind,
            "series": key,
            "path": path,
            "sha256": sha256,
            "size": len(pdf),
            "filename": filename,
            "created_by": by,
        },
    )
    return stored


class VersionTaken(Exception):
    """Another publisher stored this version first."""


def version_store(*, kind: str, series: str, version: int, pdf: bytes, filename: str, snapshot: dict, by,
                  reason: str = "") -> PublishedDocument:  # fmt: skip
    """A new version of a notice or a review pack with the snapshot it was rendered from; never overwrites one
    (two publishers at once: the second gets ``VersionTaken``)."""
    key = version_key(series, version)
    path, sha256 = _write(key, pdf)
    try:
        with transaction.atomic():
            return PublishedDocument.objects.create(
                kind=kind,
                key=key,
                series=series,
                version=version,
                path=path,
                sha256=sha256,
                size=len(pdf),
                filename=filename,
                snapshot=snapshot,
                issued_on=dt.date.fromisoformat(snapshot["issued_on"]),
                computed_at=dt.datetime.fromisoformat(snapshot["computed_at"]),
                reason=reason,
                created_by=by,
            )
    except IntegrityError:
        if not PublishedDocument.objects.filter(path=path).exists():  # the winner's bytes differ: drop ours
            get_evidence_storage().delete(path)
        raise VersionTaken(key) from None


def version_key(series: str, version: int) -> str:
    """v1 keeps the series' own key, so the documents stored before versions existed stay valid."""
    return series if version == 1 else f"{series}-v{version}"


def versions(series: str) -> list[PublishedDocument]:
    """A series' published versions, the latest first."""
    return list(PublishedDocument.objects.filter(series=series).order_by("-version"))


def versions_context(published: PublishedDocument | None, series: str, *, page_url: str, pdf_url: str) -> dict:
    """What a notice's or a review pack's page says of its versions (templates/reports/_versions.html): the one
    shown, whether it is a frozen snapshot, every version of the series, the records confirmed since it was computed,
    and the links to a version's page and PDF (``page_url``/``pdf_url`` end where ``version=N`` follows)."""
    from projects.selectors import confirmations_since

    return {
        "published": published,
        "frozen": published is not None and bool(published.snapshot),
        "versions": versions(series),
        "confirmed_since": confirmations_since(published.computed_at) if published and published.computed_at else None,
        "version_url": f"{page_url}version=",
        "pdf_url": f"{pdf_url}version=",
    }


def unavailable(request, message: str, status: int = 404):
    """The page that says, in Chinese, why a document cannot be shown (not published, missing, altered)."""
    return render(request, "reports/bulletin/unavailable.html", {"message": message}, status=status)


def stored_document(key: str) -> PublishedDocument | None:
    return PublishedDocument.objects.filter(key=key).first()


def document_bytes(stored: PublishedDocument) -> bytes:
    """The stored bytes, checked against their SHA-256."""
    storage = get_evidence_storage()
    try:
        with storage.open(stored.path, "rb") as f:
            pdf = f.read()
    except FileNotFoundError:
        raise DocumentError(f"已发布文档“{stored.filename}”的文件缺失，请联系系统管理员从备份恢复") from None
    if hashlib.sha256(pdf).hexdigest() != stored.sha256:
        raise DocumentError(f"已发布文档“{stored.filename}”的文件与发布时的 SHA-256 不符，已拒绝下载，请联系系统管理员")
    return pdf


def document_response(request, stored: PublishedDocument, *, inline: bool = True):
    """The stored file, after its SHA-256 is checked (~2 ms for a 1 MB bulletin): sent by nginx with
    EVIDENCE_X_ACCEL, else from the bytes just read."""
    from reports.pdf import pdf_response

    pdf = document_bytes(stored)
    if settings.EVIDENCE_X_ACCEL:
        path = get_evidence_storage().path(stored.path)
        response = serve_protected_file(request, path, stored.filename, inline=inline, content_type="application/pdf")
    else:
        response = pdf_response(pdf, stored.filename, inline=inline)
    response["X-Document-SHA256"] = stored.sha256
    return response


# --- drafts: rendered on demand; the bytes wait on the storage for the browser's download, whichever worker serves it


def draft_store(key: str, pdf: bytes) -> str:
    """Keep a draft's PDF for its download (the older drafts of the same document are dropped); its token."""
    storage = get_evidence_storage()
    token = hashlib.sha256(pdf).hexdigest()[:32]
    folder = f"{FOLDER}/drafts"
    if storage.exists(folder):
        for name in storage.listdir(folder)[1]:
            if name.startswith(f"{key}-") and name != f"{key}-{token}.pdf":
                storage.delete(f"{folder}/{name}")
    path = f"{folder}/{key}-{token}.pdf"
    if not storage.exists(path):
        storage.save(path, ContentFile(pdf))
    return token


def draft_bytes(key: str, token: str) -> bytes | None:
    if not token.isalnum() or len(token) != 32:
        return None
    storage = get_evidence_storage()
    path = f"{FOLDER}/drafts/{key}-{token}.pdf"
    return storage.open(path, "rb").read() if storage.exists(path) else None
