"""An evidence file chosen before a validation error (or a 提示 to confirm) is kept: the re-shown form refers to it by
a signed token, and the corrected post saves it without choosing it again. The token is the chooser's only."""

import re
from pathlib import Path

from django.conf import settings
from django.core import signing

from projects import pending
from projects.forms.pending import EXPIRED
from projects.models import Contract, FundsInPlace
from tests.conftest import client_for
from tests.helpers import PDF_BYTES
from tests.projects.conftest import upload


def contract(**fields):
    return {"kind": "formal", "signed_on": "2023-06-10", "amount": "2.5", "title": "", "note": ""} | fields


def kept_token(html: str) -> str:
    return re.search(r'name="ev-pending" value="([^"]+)"', html)[1]


def pending_files():
    root = Path(settings.MEDIA_ROOT) / "pending"
    return list(root.glob("*.bin")) if root.exists() else []


def test_a_file_chosen_before_an_error_is_kept_and_saved_with_the_correction(client, filer, project, in_2023):
    c = client_for(client, filer)
    response = c.post(
        f"/projects/{project.pk}/contract/new/", contract(amount="abc", **{"ev-file": upload("合同.pdf", PDF_BYTES)})
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Contract.objects.exists()
    assert "已暂存佐证文件 <strong>合同.pdf</strong>" in html and "需要重新选择" not in html
    token = kept_token(html)
    assert len(pending_files()) == 1
    response = c.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": token, "submit": "1"}))
    assert response.status_code == 302
    record = Contract.objects.get()
    assert record.status == "submitted" and record.evidence.get().original_name == "合同.pdf"
    assert record.evidence.get().size == len(PDF_BYTES) and pending_files() == []


def test_a_kept_file_survives_a_second_error_too(client, filer, project, in_2023):
    c = client_for(client, filer)
    first = c.post(
        f"/projects/{project.pk}/contract/new/", contract(amount="-1", **{"ev-file": upload("合同.pdf", PDF_BYTES)})
    )
    second = c.post(
        f"/projects/{project.pk}/contract/new/",
        contract(amount="x", **{"ev-pending": kept_token(first.content.decode())}),
    )
    assert "已暂存佐证文件 <strong>合同.pdf</strong>" in second.content.decode()
    c.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": kept_token(second.content.decode())}))
    assert Contract.objects.get().evidence.get().original_name == "合同.pdf"


def test_a_file_is_kept_across_a_notice_to_confirm(client, filer, project, in_2023):
    project.in_fai_statistics = True
    project.save()
    c = client_for(client, filer)
    data = {"month": "2023-05", "amount": "1", "source": "bank", "note": ""}
    response = c.post(f"/projects/{project.pk}/funds/new/", data | {"ev-file": upload("凭证.pdf", PDF_BYTES)})
    html = response.content.decode()
    assert "纳入固定资产投资统计" in html and not FundsInPlace.objects.exists()
    c.post(f"/projects/{project.pk}/funds/new/", data | {"ev-pending": kept_token(html), "confirm_notices": "1"})
    assert FundsInPlace.objects.get().evidence.get().original_name == "凭证.pdf"


def test_the_edit_form_keeps_the_file_too(client, filer, project, in_2023):
    c = client_for(client, filer)
    c.post(f"/projects/{project.pk}/contract/new/", contract())
    record = Contract.objects.get()
    response = c.post(
        f"/filing/contract/{record.pk}/edit/", contract(amount="", **{"ev-file": upload("扫描件.pdf", PDF_BYTES)})
    )
    c.post(
        f"/filing/contract/{record.pk}/edit/",
        contract(amount="3", **{"ev-pending": kept_token(response.content.decode())}),
    )
    record.refresh_from_db()
    assert str(record.amount) == "3.0000" and record.evidence.get().original_name == "扫描件.pdf"


def test_another_users_token_or_a_forged_one_is_refused(client, filer, project, in_2023, django_user_model):
    from tests.conftest import make_user

    c = client_for(client, filer)
    html = c.post(
        f"/projects/{project.pk}/contract/new/", contract(amount="x", **{"ev-file": upload("合同.pdf", PDF_BYTES)})
    ).content.decode()
    token = kept_token(html)
    colleague = make_user("filer2", "filer", unit=filer.unit)
    c2 = client_for(client, colleague)
    response = c2.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": token}))
    assert response.status_code == 200 and EXPIRED in response.content.decode()
    assert not Contract.objects.exists()
    forged = signing.dumps({"k": "../../etc", "n": "x.pdf", "u": colleague.pk}, salt="other-salt")
    response = c2.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": forged}))
    assert EXPIRED in response.content.decode() and not Contract.objects.exists()
    response = c2.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": "garbage\x00"}))
    assert response.status_code == 200 and EXPIRED in response.content.decode() and not Contract.objects.exists()


def test_a_path_in_a_validly_signed_token_reads_nothing_outside_the_pending_area(filer, project):
    token = signing.dumps({"k": "../evidence/x", "n": "x.pdf", "u": filer.pk}, salt=pending.SALT)
    assert pending.claim(token, filer) is None and pending.describe(token, filer) is None


def test_an_invalid_file_is_not_kept(client, filer, project, in_2023):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/contract/new/",
        contract(amount="x", **{"ev-file": upload("page.pdf", b"<html>not a pdf</html>")}),
    )
    html = response.content.decode()
    assert "只接受 PDF、JPEG、PNG 或 OFD 文件" in html and "已暂存" not in html and pending_files() == []


def test_an_expired_token_asks_for_the_file_again(client, filer, project, in_2023, monkeypatch):
    c = client_for(client, filer)
    html = c.post(
        f"/projects/{project.pk}/contract/new/", contract(amount="x", **{"ev-file": upload("合同.pdf", PDF_BYTES)})
    ).content.decode()
    monkeypatch.setattr(pending, "MAX_AGE", -1)
    response = c.post(f"/projects/{project.pk}/contract/new/", contract(**{"ev-pending": kept_token(html)}))
    assert EXPIRED in response.content.decode() and not Contract.objects.exists()
