"""Evidence files: checked by content, stored under a random name with their SHA-256, taken off but never deleted."""

import hashlib
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from projects.models import Evidence, RecordEvent, Status
from projects.services.common import StaleRecord, WorkflowError, add_event

EVIDENCE_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}


def sniff_evidence_type(head: bytes, file) -> str | None:
    """The real type of an uploaded file from its first bytes (never from its name)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        # OFD (GB/T 33190) is a ZIP container whose root holds OFD.xml.
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "OFD.xml" in names:
            return "application/ofd"
    return None


# Markers of active content in a PDF; such a file is kept and downloadable but never shown inline.
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


def evidence_previewable(mime: str, file) -> bool:
    if mime in ("image/jpeg", "image/png"):
        return True
    if mime != "application/pdf":
        return False
    file.seek(0)
    tail = b""
    for chunk in file.chunks():
        if PDF_ACTIVE_CONTENT.search(tail + chunk):
            file.seek(0)
            return False
        tail = chunk[-16:]
    file.seek(0)
    return True


def check_evidence_file(file) -> str:
    """The file's real type, or a ValidationError on ``file``: at most EVIDENCE_MAX_BYTES, PDF/JPEG/PNG/OFD by
    content."""
    limit = settings.EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            {"file": f"文件过大（{file.size / 1048576:.1f} MB），单个文件不能超过 {limit // 1048576} MB"}
        )
    if file.size == 0:
        raise ValidationError({"file": "文件为空"})
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    mime = sniff_evidence_type(head, file)
    if mime is None:
        raise ValidationError({"file": "只接受 PDF、JPEG、PNG 或 OFD 文件（按文件内容识别，不看扩展名）"})
    return mime


@transaction.atomic
def evidence_attach(*, record, file, by, description: str = ""):
    """Keep an evidence file for a record (or a project): checked by content, at most EVIDENCE_MAX_BYTES, stored
    under a random name, with its SHA-256."""
    if getattr(record, "status", None) not in (None, Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，不能再上传佐证材料")
    mime = check_evidence_file(file)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = PurePath((getattr(file, "name", "") or "file").replace("\\", "/")).name or "file"
    evidence = Evidence(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_name=name[-255:],
        mime_type=mime,
        size=file.size,
        sha256=digest.hexdigest(),
        description=(description or "")[:200],
        previewable=evidence_previewable(mime, file),
        uploaded_by=by,
    )
    evidence.file.save("upload", file, save=False)
    evidence.save()
    if hasattr(record, "events"):
        add_event(
            record,
            action=RecordEvent.Action.ATTACH,
            by=by,
            reason=f"{evidence.original_name}（SHA-256 {evidence.sha256[:12]}…）",
        )
    audit_log(action="evidence.attach", by=by, obj=evidence, detail={"sha256": evidence.sha256, "record": str(record)})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, by, now=None):
    """Take a wrong file off a draft or returned record (or a project). The file and its row stay for the history."""
    record = evidence.record
    if getattr(record, "status", None) not in (None, Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"记录状态为“{record.get_status_display()}”，佐证材料不能撤下")
    updated = Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(
        removed_at=now or timezone.now(), removed_by=by
    )
    if not updated:
        raise StaleRecord("该佐证材料已被撤下")
    if hasattr(record, "events"):
        add_event(record, action=RecordEvent.Action.EDIT, by=by, reason=f"撤下佐证材料 {evidence.original_name}")
    audit_log(action="evidence.remove", by=by, obj=evidence, detail={"sha256": evidence.sha256, "record": str(record)})
    return evidence
