"""Evidence files: checked by content, stored under a random name with their SHA-256, taken off but never deleted."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from projects.evidence_types import evidence_previewable, sniff_evidence_type
from projects.models import Evidence, RecordEvent, Status
from projects.services.common import StaleRecord, WorkflowError, add_event


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
