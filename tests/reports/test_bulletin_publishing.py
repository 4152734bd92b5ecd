"""Drafts are recomputed; a published bulletin is frozen (figures, text, PDF bytes) whatever is confirmed later."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from audit.models import AuditEvent
from reports import services
from reports.bulletin.figures import BulletinError
from reports.bulletin.render import bulletin_pdf
from reports.bulletin.snapshot import BulletinView
from reports.models import Bulletin
from targets.models import AssessmentYear
from tests.helpers import confirmed_contract, make_project
from tests.reports.bulletin_kit import published_october
from tests.reports.dashboard_kit import TOURISM, frozen, hand_year  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")


def later_contract(filer, auditor, amount="3"):
    with frozen():
        p = make_project(by=filer, code=f"L{amount}", credits=[(TOURISM, 100)])
        confirmed_contract(p, filer=filer, auditor=auditor, amount=amount, signed_on="2023-10-20")


def test_publishing_freezes_figures_while_a_draft_follows_new_records(office, filer, auditor):
    b = published_october(office)
    assert b.state == "published" and b.issued_at and b.published_by == office
    pdf = bulletin_pdf(b.snapshot, problems=b.problems, next_steps=b.next_steps, state="published")
    later_contract(filer, auditor)  # confirmed after publication, signed within October
    b.refresh_from_db()
    assert BulletinView(b.snapshot).contract.actual == Decimal("9")
    assert bulletin_pdf(b.snapshot, problems=b.problems, next_steps=b.next_steps, state="published") == pdf
    with frozen(), pytest.raises(BulletinError, match="已发布"):
        services.bulletin_recompute(bulletin=b, by=office)
    with pytest.raises(BulletinError, match="已发布"):
        services.bulletin_save_text(bulletin=b, problems="改", next_steps="改", by=office)
    with pytest.raises(BulletinError, match="已发布"):
        services.bulletin_publish(bulletin=b, by=office)
    # a draft of another month follows the records
    with frozen(dt.date(2023, 12, 5)):
        nov = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=11, by=office)
    assert BulletinView(nov.snapshot).contract.actual == Decimal("12")


def test_recomputing_a_draft_takes_the_records_confirmed_since(office, filer, auditor):
    with frozen():
        b = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
    later_contract(filer, auditor, "2")
    assert BulletinView(b.snapshot).contract.actual == Decimal("9")
    with frozen():
        b = services.bulletin_recompute(bulletin=b, by=office)
    assert BulletinView(b.snapshot).contract.actual == Decimal("11")
    actions = set(AuditEvent.objects.filter(action__startswith="bulletin.").values_list("action", flat=True))
    assert actions == {"bulletin.prepare", "bulletin.recompute"}


def test_publishing_needs_the_text_and_refuses_a_draft_recomputed_meanwhile(office):
    with frozen():
        b = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
        with pytest.raises(BulletinError, match="存在问题"):
            services.bulletin_publish(bulletin=b, by=office)
        b = services.bulletin_save_text(bulletin=b, problems="问题", next_steps="措施", by=office)
        seen = b.computed_at.isoformat()
    with frozen(dt.date(2023, 11, 6)):
        services.bulletin_recompute(bulletin=b, by=office)
        with pytest.raises(BulletinError, match="重新计算"):
            services.bulletin_publish(bulletin=b, by=office, seen_computed_at=seen)
    assert Bulletin.objects.get(pk=b.pk).state == "draft"


def test_text_longer_than_allowed_is_refused_in_chinese(office):
    with frozen():
        b = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
    with pytest.raises(BulletinError, match="不能超过"):
        services.bulletin_save_text(bulletin=b, problems="字" * (services.MAX_TEXT + 1), next_steps="", by=office)


def test_bad_month_and_year_without_plan_are_refused(office):
    with pytest.raises(BulletinError, match="1—12"):
        services.bulletin_prepare(year=2023, month=13, by=office)
    with pytest.raises(BulletinError, match="没有目标任务分解表"):
        services.bulletin_prepare(year=2031, month=1, by=office)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_two_offices_publishing_at_once_publish_once(office):
    from tests.conftest import make_user

    other = make_user("office2", "office")
    with frozen():
        b = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
        services.bulletin_save_text(bulletin=b, problems="问题", next_steps="措施", by=office)
    results, barrier = [], threading.Barrier(2)

    def publish(user):
        from django.db import connection as conn

        barrier.wait()
        try:
            services.bulletin_publish(bulletin=b, by=user)
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
    assert len(results) == 2 and results.count("ok") == 1
    assert any("已发布" in r or "未生效" in r for r in results if r != "ok")
    assert AuditEvent.objects.filter(action="bulletin.publish").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")
def test_the_database_refuses_to_change_a_published_bulletin(office):
    from django.db import DatabaseError, transaction

    b = published_october(office)
    with pytest.raises(DatabaseError), transaction.atomic():
        Bulletin.objects.filter(pk=b.pk).update(problems="改")
    with pytest.raises(DatabaseError), transaction.atomic():
        Bulletin.objects.filter(pk=b.pk).delete()
    assert Bulletin.objects.get(pk=b.pk).problems == "个别单位到位资金滞后。"


def test_a_draft_says_when_it_was_computed_and_how_many_confirmations_came_after(client, office, filer, auditor):
    """Issue 10: a draft computed before new confirmations showed the old figures with no hint."""
    from tests.conftest import client_for

    with frozen():
        services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
    c = client_for(client, office)
    with frozen(dt.date(2023, 11, 6)):
        page = c.get("/reports/bulletins/2023/10/").content.decode()
        assert "本草稿数据计算于 <strong>2023年11月5日 10:00</strong>" in page and "此后没有新认定的记录" in page
        p = make_project(by=filer, code="L9", credits=[(TOURISM, 100)])
        confirmed_contract(p, filer=filer, auditor=auditor, amount="2", signed_on="2023-10-20")
        page = c.get("/reports/bulletins/2023/10/").content.decode()
    assert "此后又认定了 <strong>1</strong> 条记录" in page and "重新计算</button>" in page
    with frozen(dt.date(2023, 11, 7)):
        c = client_for(client, office)  # a new day, a new sign-in (the idle timeout)
        assert c.post("/reports/bulletins/2023/10/recompute/").status_code == 302
        response = c.get("/reports/bulletins/2023/10/")
        assert response.status_code == 200, response
        page = response.content.decode()
    assert "此后没有新认定的记录" in page and "2023年11月7日 10:00" in page
