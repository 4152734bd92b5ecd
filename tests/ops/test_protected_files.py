"""core.files.serve_protected_file: nginx sends the bytes with X-Accel-Redirect, or Django does."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.test import RequestFactory

from core.files import serve_protected_file


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = settings.MEDIA_ROOT / "evidence" / "ab" / "abcdef.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.4 test")
    return path


def test_without_x_accel_django_streams_the_file_as_an_attachment(settings, stored):
    settings.EVIDENCE_X_ACCEL = False
    response = serve_protected_file(RequestFactory().get("/"), stored, "合同.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%90%88%E5%90%8C.pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_with_x_accel_nginx_is_told_which_internal_file_to_send(settings, stored):
    settings.EVIDENCE_X_ACCEL = True
    response = serve_protected_file(RequestFactory().get("/"), "evidence/ab/abcdef.pdf", "合同.pdf", inline=True)
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/evidence/ab/abcdef.pdf"
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_path_outside_the_media_root_is_refused(settings, stored, tmp_path):
    (tmp_path / "secret.txt").write_text("x")
    with pytest.raises(SuspiciousFileOperation):
        serve_protected_file(RequestFactory().get("/"), "../secret.txt", "secret.txt")


def test_a_missing_file_is_a_404(settings, stored):
    with pytest.raises(Http404):
        serve_protected_file(RequestFactory().get("/"), "evidence/none.pdf", "x.pdf")


def test_a_field_file_is_accepted(settings, stored):
    class FieldFile:
        path = str(stored)

    settings.EVIDENCE_X_ACCEL = True
    response = serve_protected_file(RequestFactory().get("/"), FieldFile(), "x.pdf")
    assert response["X-Accel-Redirect"] == "/_protected/evidence/ab/abcdef.pdf"
