"""A published bulletin's PDF is rendered once, when it is published, and stored with its SHA-256 on the evidence
storage; every later download sends those bytes (no rendering), a re-render still gives the same bytes, and a file
changed on disk is refused in Chinese."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from audit.models import AuditEvent
from reports import services
from reports.bulletin.figures import BulletinError
from reports.bulletin.render import bulletin_pdf
from reports.models import Bulletin, PublishedDocument
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.reports.bulletin_kit import published_october
from tests.reports.dashboard_kit import frozen, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")
URL = "/reports/bulletins/2023/10/bulletin.pdf"


def stored_file(doc: PublishedDocument) -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence" / doc.path


def no_rendering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a published document must not be rendered again")

    monkeypatch.setattr("reports.pdf.html_to_pdf", refuse)


def test_publishing_stores_the_pdf_with_its_sha256_on_the_evidence_storage(office):
    b = published_october(office)
    doc = PublishedDocument.objects.get(key="bulletin-2023-10")
    pdf = stored_file(doc).read_bytes()
    assert pdf.startswith(b"%PDF-") and doc.size == len(pdf)
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest() and doc.sha256[:16] in doc.path
    assert doc.kind == "bulletin" and doc.created_by == office and doc.filename.endswith("月通报.pdf")
    assert AuditEvent.objects.get(action="bulletin.publish").detail["sha256"] == doc.sha256
    # a re-render of the frozen snapshot gives the very bytes that were stored
    assert bulletin_pdf(b.snapshot, problems=b.problems, next_steps=b.next_steps, state="published") == pdf


def test_every_download_sends_the_stored_bytes_without_rendering(client, office, auditor, monkeypatch):
    published_october(office)
    doc = PublishedDocument.objects.get()
    no_rendering(monkeypatch)
    for user in (office, auditor):
        response = client_for(client, user).get(URL)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content == stored_file(doc).read_bytes()
        assert response["X-Document-SHA256"] == doc.sha256


def test_a_bulletin_published_before_pdfs_were_stored_is_stored_on_its_first_download(client, office):
    b = published_october(office)
    first = stored_file(PublishedDocument.objects.get()).read_bytes()
    PublishedDocument.objects.all().delete()
    response = client_for(client, office).get(URL)
    assert response.content == first
    assert PublishedDocument.objects.get(key="bulletin-2023-10").sha256 == hashlib.sha256(first).hexdigest()
    assert b.pk == Bulletin.objects.get().pk


def test_a_stored_file_changed_on_disk_is_refused_in_chinese(client, office):
    published_october(office)
    path = stored_file(PublishedDocument.objects.get())
    path.write_bytes(path.read_bytes() + b"\n% altered")
    response = client_for(client, office).get(URL)
    assert response.status_code == 503
    assert "SHA-256 不符" in response.content.decode()
    path.unlink()
    assert "文件缺失" in client_for(client, office).get(URL).content.decode()


def test_a_render_that_fails_publishes_nothing_and_says_why(office, monkeypatch):
    year = AssessmentYear.objects.get(year=2023)
    with frozen():
        b = services.bulletin_prepare(year=year, month=10, by=office)
        b = services.bulletin_save_text(bulletin=b, problems="问题。", next_steps="措施。", by=office)

    def broken(*args, **kwargs):
        raise ValueError("找不到静态文件 /static/reports/pdf.css")

    monkeypatch.setattr("reports.pdf.html_to_pdf", broken)
    with pytest.raises(BulletinError, match="PDF 生成失败，本次未发布：找不到静态文件"):
        services.bulletin_publish(bulletin=b, by=office)
    b.refresh_from_db()
    assert b.state == "draft" and not PublishedDocument.objects.exists()


def draft_october(office):
    with frozen():
        return services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)


def test_the_draft_button_waits_for_the_render_then_opens_the_file(client, office, monkeypatch):
    draft_october(office)
    c = client_for(client, office)
    page = c.get("/reports/bulletins/2023/10/").content.decode()
    assert (
        'hx-get="/reports/bulletins/2023/10/bulletin.pdf"' in page and "正在生成…" in page and "htmx-indicator" in page
    )
    response = c.get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    target = response["HX-Redirect"]
    assert target.startswith(URL + "?draft=")
    no_rendering(monkeypatch)  # the browser's download is the file just made
    pdf = c.get(target)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert not PublishedDocument.objects.exists()


def test_a_draft_render_that_fails_says_so_in_chinese(client, office, monkeypatch):
    draft_october(office)
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("磁盘已满")))
    c = client_for(client, office)
    response = c.get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert "PDF 生成失败：磁盘已满" in response.content.decode()
    direct = c.get(URL)
    assert direct.status_code == 503 and "PDF 生成失败" in direct.content.decode()


def test_a_made_up_draft_token_renders_anew(client, office):
    draft_october(office)
    response = client_for(client, office).get(URL + "?draft=../../etc/passwd")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "page, publish, pdf_url, key",
    [
        (
            "/dashboards/ranking/2023/?as_of=2023-12-31",
            "/dashboards/ranking/2023/publish/",
            "/dashboards/ranking/2023/notice.pdf?as_of=2023-12-31",
            "notice-2023-20231231",
        ),
        (
            "/dashboards/review/2023/q3/",
            "/dashboards/review/2023/q3/publish/",
            "/dashboards/review/2023/q3/review.pdf",
            "review-2023-q3",
        ),
    ],
)
def test_a_published_notice_or_review_pack_is_the_file_stored_when_published(
    client, office, auditor, monkeypatch, page, publish, pdf_url, key
):
    assert "发布并存档 PDF" not in client_for(client, auditor).get(page).content.decode()  # the office publishes
    c = client_for(client, office)
    assert "发布并存档 PDF" in c.get(page).content.decode()
    response = c.post(publish, {"as_of": "2023-12-31"})
    assert response.status_code == 302
    doc = PublishedDocument.objects.get(key=key)
    assert AuditEvent.objects.get(action=f"{doc.kind}.publish").detail["sha256"] == doc.sha256
    assert "已发布" in c.get(page).content.decode()
    no_rendering(monkeypatch)
    pdf = client_for(client, auditor).get(pdf_url)
    assert pdf.content == stored_file(doc).read_bytes() and pdf["X-Document-SHA256"] == doc.sha256
    client_for(client, office).post(publish, {"as_of": "2023-12-31"})  # once only
    assert PublishedDocument.objects.filter(key=key).count() == 1
