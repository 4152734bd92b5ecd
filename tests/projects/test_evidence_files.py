import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError

from projects import services
from projects.models import Evidence
from tests.conftest import client_for
from tests.helpers import PDF_BYTES
from tests.projects.conftest import JPEG_BYTES, PNG_BYTES, ofd_bytes, upload


@pytest.fixture
def draft(filer, project):
    return services.record_create(
        record_type="start", unit=filer.unit, by=filer, project=project, started_on=dt.date(2023, 3, 1)
    )


@pytest.mark.parametrize(
    "name, data, mime, previewable",
    [
        ("scan.PDF", PDF_BYTES, "application/pdf", True),
        ("photo.jpeg", JPEG_BYTES, "image/jpeg", True),
        ("site.png", PNG_BYTES, "image/png", True),
        ("invoice.ofd", ofd_bytes(), "application/ofd", False),
        ("photo.pdf", PNG_BYTES, "image/png", True),  # typed by content, not by name
        (
            "active.pdf",
            b"%PDF-1.7\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF",
            "application/pdf",
            False,
        ),
    ],
)
def test_evidence_is_typed_by_content_and_kept_under_a_random_name(filer, draft, name, data, mime, previewable):
    evidence = services.evidence_attach(record=draft, file=upload(name, data), by=filer)
    assert (evidence.mime_type, evidence.previewable, evidence.original_name) == (mime, previewable, name)
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == data
    assert stored.is_relative_to(Path(django_settings.MEDIA_ROOT))
    assert Path(name).stem not in stored.name and len(stored.stem) == 32
    assert not stored.is_relative_to(Path(django_settings.STATIC_ROOT))


@pytest.mark.parametrize(
    "data",
    [b"<html><body>x</body></html>", b"MZ\x90\x00" + b"\x00" * 60, b"PK\x03\x04not really a zip", b"GIF89a...."],
)
def test_anything_else_is_refused_whatever_its_name(filer, draft, data):
    with pytest.raises(ValidationError) as excinfo:
        services.evidence_attach(record=draft, file=upload("合同.pdf", data), by=filer)
    assert "只接受 PDF、JPEG、PNG 或 OFD" in excinfo.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_download_is_an_attachment_with_nosniff(client, filer, draft):
    evidence = services.evidence_attach(record=draft, file=upload("开工照片.png", PNG_BYTES), by=filer)
    response = client_for(client, filer).get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%BC%80%E5%B7%A5%E7%85%A7%E7%89%87.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_preview_is_inline_only_where_safe(client, filer, draft):
    pdf = services.evidence_attach(record=draft, file=upload("a.pdf", PDF_BYTES), by=filer)
    ofd = services.evidence_attach(record=draft, file=upload("b.ofd", ofd_bytes()), by=filer)
    client_for(client, filer)
    response = client.get(f"/evidence/{pdf.pk}/preview/")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(f"/evidence/{ofd.pk}/preview/").status_code == 404
    assert client.get(f"/evidence/{ofd.pk}/").status_code == 200


def test_removed_evidence_is_kept_but_no_longer_served_or_counted(client, filer, draft):
    evidence = services.evidence_attach(record=draft, file=upload("wrong.pdf", PDF_BYTES), by=filer)
    client_for(client, filer)
    response = client.post(f"/evidence/{evidence.pk}/remove/", follow=True)
    assert "已撤下" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_by == filer and Path(evidence.file.path).exists()
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
    response = client.post(f"/filing/start/{draft.pk}/submit/", follow=True)
    assert "请先上传佐证材料" in response.content.decode()


def test_evidence_of_a_submitted_record_cannot_be_removed_or_added(client, filer, draft):
    evidence = services.evidence_attach(record=draft, file=upload("a.pdf", PDF_BYTES), by=filer)
    services.record_submit(record=draft, by=filer)
    client_for(client, filer)
    assert client.post(f"/evidence/{evidence.pk}/remove/").status_code == 403
    response = client.post(f"/filing/start/{draft.pk}/evidence/", {"file": upload("b.pdf", PDF_BYTES)}, follow=True)
    assert "不能再上传佐证材料" in response.content.decode()
    assert draft.evidence.count() == 1


def test_a_missing_file_on_disk_is_a_404_not_a_500(client, filer, draft):
    evidence = services.evidence_attach(record=draft, file=upload("a.pdf", PDF_BYTES), by=filer)
    Path(evidence.file.path).unlink()
    assert client_for(client, filer).get(f"/evidence/{evidence.pk}/").status_code == 404
