"""Issue 10: the ranking notice (公示) and the quarterly review pack (季点评) are published snapshots like the monthly
bulletin — dated, versioned, frozen, reproducible byte for byte. A published version's page, PDF and workbook read
its snapshot whatever is confirmed later; a correction (更正) is a new version with its reason, the old one kept."""

import datetime as dt
import hashlib
import io
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from audit.labels import action_label
from audit.models import AuditEvent
from projects.selectors import confirmations_since
from reports import services, snapshots
from reports.bulletin.figures import BulletinError
from reports.models import PublishedDocument, QuarterlyReview
from reports.ranking.snapshot import NoticeView
from reports.ranking.views import snapshot_pdf as notice_snapshot_pdf
from reports.review.views import snapshot_pdf as review_snapshot_pdf
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.helpers import confirmed_contract, make_project
from tests.reports.dashboard_kit import TOURISM, frozen, hand_year, pdf_text  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")

NOTICE = "/dashboards/ranking/2023/"
CUT = "?as_of=2023-10-31"
REVIEW = "/dashboards/review/2023/q3/"
DAY_PUBLISHED, DAY_AFTER, DAY_CORRECTED = dt.date(2023, 11, 5), dt.date(2023, 11, 6), dt.date(2023, 11, 7)


def stored_bytes(doc: PublishedDocument) -> bytes:
    return (Path(settings.MEDIA_ROOT) / "evidence" / doc.path).read_bytes()


def later_contract(filer, auditor, *, signed_on="2023-09-20", amount="3", day=DAY_AFTER):
    """文旅 signs 3 亿 more (C 7 → 10), confirmed the day after the publication."""
    with frozen(day):
        p = make_project(by=filer, code=f"L{amount}", credits=[(TOURISM, 100)])
        confirmed_contract(p, filer=filer, auditor=auditor, amount=amount, signed_on=signed_on)


def get(client, user, url, day=DAY_AFTER):
    with frozen(day):
        return client_for(client, user).get(url)


def post(client, user, url, data=None, day=DAY_PUBLISHED):
    with frozen(day):
        return client_for(client, user).post(url, data or {}, follow=True)


def tourism_row(xlsx: bytes, sheet: str):
    book = load_workbook(io.BytesIO(xlsx))
    return next(r for r in book[sheet].iter_rows(values_only=True) if TOURISM in r)


# --- the ranking notice ---------------------------------------------------------------------------------------------


def publish_notice(client, office):
    response = post(client, office, f"{NOTICE}publish/", {"as_of": "2023-10-31"})
    assert "已发布截至2023年10月31日的考核结果公示" in response.content.decode()
    return PublishedDocument.objects.get(key="notice-2023-20231031")


def test_a_published_notice_keeps_its_figures_after_new_confirmations(client, office, filer, auditor):
    doc = publish_notice(client, office)
    assert doc.series == doc.key and doc.version == 1 and doc.issued_on == DAY_PUBLISHED
    snap = doc.snapshot
    assert snap["as_of"] == "2023-10-31" and snap["issued_on"] == "2023-11-05" and snap["version"] == 1
    assert snap["computed_at"].startswith("2023-11-05T") and snap["scheme"]["label"] == "2023 (v1)"
    tourism = next(x for x in snap["ranking"] if x["name"] == TOURISM)
    assert isinstance(tourism["total"], str) and "正式合同额 7/30×20 = 4.67 分" in tourism["arithmetic"]
    xlsx_before = get(client, office, f"{NOTICE}notice.xlsx{CUT}").content

    later_contract(filer, auditor)
    page = get(client, office, NOTICE + CUT).content.decode()
    assert "正式合同额 7/30×20 = 4.67 分" in page and "10/30×20" not in page  # the published figures
    assert "本页为第1版（2023年11月5日印发，" in page and "发布时的快照" in page
    assert "又认定了 1 条记录，未计入本版" in page  # the hint: information only
    xlsx = get(client, office, f"{NOTICE}notice.xlsx{CUT}", day=DAY_CORRECTED).content
    assert xlsx == xlsx_before  # byte for byte, another day
    view = NoticeView(PublishedDocument.objects.get(pk=doc.pk).snapshot)
    assert snapshots.xlsx_bytes(view.tables.values(), view.computed_at) == xlsx  # from the snapshot alone
    assert tourism_row(xlsx, "得分排名") == tourism_row(xlsx_before, "得分排名")
    assert Decimal(str(tourism_row(xlsx, "得分排名")[2])) == Decimal(tourism["total"])
    pdf = get(client, auditor, f"{NOTICE}notice.pdf{CUT}")
    assert pdf.content == stored_bytes(doc) and "7/30×20" in pdf_text(pdf.content)
    # re-rendered from its snapshot alone, after the new confirmation: the very bytes stored
    again, filename = notice_snapshot_pdf(PublishedDocument.objects.get(pk=doc.pk).snapshot)
    assert hashlib.sha256(again).hexdigest() == doc.sha256 and filename == doc.filename
    # a cut-off not published stays live
    assert "10/30×20" in get(client, office, f"{NOTICE}?as_of=2023-11-30").content.decode()


def test_a_notice_correction_is_a_new_version_with_its_reason_and_the_first_stays(client, office, filer, auditor):
    v1 = publish_notice(client, office)
    later_contract(filer, auditor)
    refused = post(client, office, f"{NOTICE}publish/", {"as_of": "2023-10-31"}, day=DAY_CORRECTED)
    assert "已发布第1版，不能重复发布" in refused.content.decode()
    assert PublishedDocument.objects.filter(series=v1.key).count() == 1
    ok = post(client, office, f"{NOTICE}publish/", {"as_of": "2023-10-31", "reason": "补录10月认定合同"},
              day=DAY_CORRECTED)  # fmt: skip
    assert "更正第2版，原版本保留" in ok.content.decode()
    v2 = PublishedDocument.objects.get(series=v1.key, version=2)
    assert v2.key == "notice-2023-20231031-v2" and v2.reason == "补录10月认定合同" and v2.issued_on == DAY_CORRECTED
    assert v2.filename == "2023年度招商引资考核结果公示（更正第2版）.pdf"
    event = AuditEvent.objects.get(action="notice.correct")
    assert event.detail["reason"] == "补录10月认定合同" and event.detail["version"] == 2
    assert action_label("notice.correct") == "发布考核结果公示更正版"

    latest = get(client, auditor, NOTICE + CUT, day=DAY_CORRECTED).content.decode()
    assert (
        "10/30×20" in latest
        and "本页为第2版（2023年11月7日印发，office发布）" in latest
        and "更正原因：补录10月认定合同</div>" in latest
    )
    assert "全部版本：" in latest and "version=1" in latest
    first = get(client, auditor, f"{NOTICE}{CUT}&version=1", day=DAY_CORRECTED).content.decode()
    assert "7/30×20" in first and "10/30×20" not in first and "本页为第1版" in first
    pdf1 = get(client, auditor, f"{NOTICE}notice.pdf{CUT}&version=1", day=DAY_CORRECTED)
    pdf2 = get(client, auditor, f"{NOTICE}notice.pdf{CUT}", day=DAY_CORRECTED)
    assert pdf1.content == stored_bytes(v1) and pdf2.content == stored_bytes(v2)
    assert "更正第2版，更正原因：补录10月认定合同" in pdf_text(pdf2.content)
    assert notice_snapshot_pdf(v2.snapshot)[0] == pdf2.content
    xlsx1 = get(client, auditor, f"{NOTICE}notice.xlsx{CUT}&version=1", day=DAY_CORRECTED).content
    assert tourism_row(xlsx1, "得分排名")[3].startswith("正式合同额 7/30×20")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"as_of": "2023-10-31", "reason": "坏\x0b字符"}, "更正原因"),
        ({"as_of": "2023-10-31", "reason": "长" * 501}, "更正原因不能超过500字"),
        ({"as_of": "2023-10-31", "reason": "   "}, "已发布第1版，不能重复发布"),
    ],
)
def test_a_bad_correction_is_refused_in_chinese_and_changes_nothing(client, office, data, message):
    v1 = publish_notice(client, office)
    response = post(client, office, f"{NOTICE}publish/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert list(PublishedDocument.objects.values_list("key", flat=True)) == [v1.key]
    assert not AuditEvent.objects.filter(action="notice.correct").exists()


def test_notice_refusals_bad_version_unpublished_correction_and_other_roles(client, office, auditor, filer):
    first = post(client, office, f"{NOTICE}publish/", {"as_of": "2023-10-31", "reason": "无"})
    assert "尚未发布，无需更正" in first.content.decode() and not PublishedDocument.objects.exists()
    forged = post(client, office, f"{NOTICE}publish/", {"as_of": "not-a-date"})
    assert forged.status_code == 200 and not PublishedDocument.objects.exists()
    for user in (auditor, filer):
        with frozen():
            assert client_for(Client(), user).post(f"{NOTICE}publish/", {"as_of": "2023-10-31"}).status_code == 403
    assert not PublishedDocument.objects.exists()
    publish_notice(client, office)
    for bad in ("abc", "9", "-1", "1;drop"):
        response = get(client, office, f"{NOTICE}{CUT}&version={bad}")
        assert response.status_code == 404 and ("版本号应为正整数" in response.content.decode()
                                                or "没有第9版" in response.content.decode())  # fmt: skip
        assert get(client, office, f"{NOTICE}notice.pdf{CUT}&version={bad}").status_code == 404


def test_a_notice_stored_before_snapshots_were_kept_is_still_served_and_can_be_corrected(client, office):
    """A document published before this change: no snapshot; its stored PDF is still served, its page computed now,
    and a correction makes version 2 with a snapshot."""
    doc = publish_notice(client, office)
    PublishedDocument.objects.filter(pk=doc.pk).update(snapshot={}, computed_at=None, issued_on=None)
    assert get(client, office, f"{NOTICE}notice.pdf{CUT}").content == stored_bytes(doc)
    assert "本页为第1版" in get(client, office, NOTICE + CUT).content.decode()
    post(client, office, f"{NOTICE}publish/", {"as_of": "2023-10-31", "reason": "补存快照"}, day=DAY_AFTER)
    assert PublishedDocument.objects.get(series=doc.key, version=2).snapshot["version"] == 2


def test_two_notice_publishers_racing_for_one_version_publish_once(office, monkeypatch):
    """The check and the insert are apart: a publisher that lost the race is told so in Chinese, nothing stored."""
    year = AssessmentYear.objects.get(year=2023)
    as_of = dt.date(2023, 10, 31)
    from reports.ranking.snapshot import notice_snapshot
    from reports.ranking.views import notice_key

    def publish(build=None):
        return services.snapshot_publish(
            kind="notice",
            series=notice_key(year, as_of),
            build=build or (lambda: notice_snapshot(year, as_of, DAY_PUBLISHED)),
            render=notice_snapshot_pdf,
            by=office,
        )

    def rival_first():  # the rival publishes between our check and our insert
        with frozen():
            publish()
        return notice_snapshot(year, as_of, DAY_PUBLISHED)

    with frozen(), pytest.raises(BulletinError, match="已由他人发布，本次发布未生效"):
        publish(rival_first)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_two_offices_publishing_a_notice_at_once_publish_once(office):
    from tests.conftest import make_user

    other = make_user("office2", "office")
    year = AssessmentYear.objects.get(year=2023)
    as_of = dt.date(2023, 10, 31)
    from reports.ranking.snapshot import notice_snapshot

    results, barrier = [], threading.Barrier(2)

    def publish(user):
        from django.db import connection as conn

        try:
            snap = notice_snapshot(year, as_of, DAY_PUBLISHED)
            barrier.wait()
            services.snapshot_publish(
                kind="notice", series="notice-2023-20231031", build=lambda: snap, render=notice_snapshot_pdf, by=user
            )
            results.append("ok")
        except BulletinError as e:
            results.append(str(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=publish, args=(u,)) for u in (office, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results.count("ok") == 1, results
    assert any("已发布" in r or "未生效" in r for r in results if r != "ok")
    assert PublishedDocument.objects.filter(series="notice-2023-20231031").count() == 1
    assert AuditEvent.objects.filter(action="notice.publish").count() == 1


# --- the quarterly review pack --------------------------------------------------------------------------------------


def publish_review(client, office, day=dt.date(2023, 10, 9)):
    response = post(client, office, f"{REVIEW}publish/", day=day)
    assert "已发布2023年第3季度点评" in response.content.decode()
    return PublishedDocument.objects.get(key="review-2023-q3")


def test_a_published_review_pack_keeps_its_figures_after_new_confirmations(client, office, filer, auditor):
    with frozen(dt.date(2023, 10, 8)):
        client_for(client, office).post(f"{REVIEW}text/", {"number": "巫山招商办〔2023〕7号", "issued_on": "",
                                                            "problems": "转化慢。", "next_steps": "督办。"})  # fmt: skip
    doc = publish_review(client, office)
    snap = doc.snapshot
    assert snap["quarter"] == 3 and snap["as_of"] == "2023-09-30" and snap["issued_on"] == "2023-10-09"
    assert Decimal(snap["county"]["contract"]["actual"]) == 9 and snap["text"]["number"] == "巫山招商办〔2023〕7号"
    assert snap["charts"]["funds"].startswith("<svg")
    day = dt.date(2023, 10, 10)
    xlsx_before = get(client, office, f"{REVIEW}review.xlsx", day=day).content
    since = confirmations_since(doc.computed_at)

    later_contract(filer, auditor, day=day)
    page = get(client, office, REVIEW, day=day).content.decode()
    assert "本页为第1版（2023年10月9日印发，" in page
    # the hand-made year's own records were confirmed on 5 November, after this pack's cut-off day: one more now
    assert f"又认定了 {since + 1} 条记录，未计入本版" in page
    assert "巫山招商办〔2023〕7号" in page and "转化慢。" in page
    xlsx = get(client, office, f"{REVIEW}review.xlsx", day=dt.date(2023, 10, 11)).content
    assert xlsx == xlsx_before  # byte for byte, another day
    book, before = load_workbook(io.BytesIO(xlsx)), load_workbook(io.BytesIO(xlsx_before))
    for sheet in book.sheetnames:
        assert list(book[sheet].iter_rows(values_only=True)) == list(before[sheet].iter_rows(values_only=True))
    county = next(r for r in book["全县"].iter_rows(values_only=True) if r[0] == "正式合同额")
    assert Decimal(str(county[2])) == Decimal("9")
    pdf = get(client, auditor, f"{REVIEW}review.pdf", day=day)
    assert pdf.content == stored_bytes(doc)
    again, _ = review_snapshot_pdf(PublishedDocument.objects.get(pk=doc.pk).snapshot)
    assert hashlib.sha256(again).hexdigest() == doc.sha256
    # the live figures did move: a correction would show 12
    from reports.review import pack as review

    assert review.review_pack(AssessmentYear.objects.get(year=2023), 3)["county"]["contract"].actual == Decimal("12")


def test_a_review_correction_is_a_new_version_with_its_reason_and_the_first_stays(client, office, filer, auditor):
    v1 = publish_review(client, office)
    later_contract(filer, auditor, day=dt.date(2023, 10, 10))
    day = dt.date(2023, 10, 12)
    refused = post(client, office, f"{REVIEW}publish/", day=day).content.decode()
    assert "已发布第1版，不能重复发布" in refused
    assert "更正第2版" in post(client, office, f"{REVIEW}publish/", {"reason": "补录9月合同"}, day=day).content.decode()
    v2 = PublishedDocument.objects.get(series="review-2023-q3", version=2)
    assert (
        v2.key == "review-2023-q3-v2"
        and v2.issued_on == day
        and Decimal(v2.snapshot["county"]["contract"]["actual"]) == 12
    )
    assert QuarterlyReview.objects.get(year__year=2023, quarter=3).issued_on == dt.date(2023, 10, 9)  # v1's date
    assert AuditEvent.objects.get(action="review.correct").detail["reason"] == "补录9月合同"
    assert action_label("review.correct") == "发布季点评更正版"
    latest = get(client, auditor, REVIEW, day=day).content.decode()
    assert (
        "本页为第2版（2023年10月12日印发，office发布）" in latest
        and "更正原因：补录9月合同</div>" in latest
        and "version=1" in latest
    )
    first = get(client, auditor, f"{REVIEW}?version=1", day=day).content.decode()
    assert "本页为第1版" in first
    assert get(client, auditor, f"{REVIEW}review.pdf?version=1", day=day).content == stored_bytes(v1)
    pdf2 = get(client, auditor, f"{REVIEW}review.pdf", day=day).content
    assert pdf2 == stored_bytes(v2) == review_snapshot_pdf(v2.snapshot)[0]
    assert "更正第2版，更正原因：补录9月合同" in pdf_text(pdf2)
    x1 = load_workbook(io.BytesIO(get(client, auditor, f"{REVIEW}review.xlsx?version=1", day=day).content))
    x2 = load_workbook(io.BytesIO(get(client, auditor, f"{REVIEW}review.xlsx?version=2", day=day).content))
    row = {
        k: next(r for r in x["全县"].iter_rows(values_only=True) if r[0] == "正式合同额")
        for k, x in (("1", x1), ("2", x2))
    }  # noqa: E501
    assert Decimal(str(row["1"][2])) == Decimal("9") and Decimal(str(row["2"][2])) == Decimal("12")


def test_review_refusals(client, office, auditor, filer):
    assert "尚未发布，无需更正" in post(client, office, f"{REVIEW}publish/", {"reason": "x"}).content.decode()
    assert not PublishedDocument.objects.exists()
    for user in (auditor, filer):
        with frozen():
            assert client_for(Client(), user).post(f"{REVIEW}publish/", {"reason": "x"}).status_code == 403
    with frozen():
        assert client_for(Client(), office).post("/dashboards/review/2023/q5/publish/").status_code == 404
    publish_review(client, office)
    bad = post(client, office, f"{REVIEW}publish/", {"reason": "坏\x00字"}, day=dt.date(2023, 10, 12))
    assert bad.status_code == 200 and "更正原因" in bad.content.decode()
    assert PublishedDocument.objects.count() == 1
    assert get(client, office, f"{REVIEW}?version=x", day=dt.date(2023, 10, 12)).status_code == 404


def test_a_notice_published_before_snapshots_says_its_page_is_live(client, office):
    """A document stored before this change has its PDF but no snapshot: the page says it reads today's records and
    that the stored PDF is the document, instead of passing live figures off as the published ones."""
    from reports import documents

    documents.document_store(
        kind=PublishedDocument.Kind.NOTICE, key="notice-2023-20231031", pdf=b"%PDF-1.7 legacy", filename="公示.pdf"
    )
    page = get(client, office, f"{NOTICE}{CUT}").content.decode()
    assert "本页为第1版" in page and "未存数据快照：页面和 Excel 按当前已认定记录计算，以存档 PDF 为准" in page
    assert "均为发布时的快照" not in page
