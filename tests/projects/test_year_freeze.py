"""Closing a year freezes what its scores read: records, the score-relevant project facts, shares, investor tags,
the scheme and the breakdown table. Only an admin re-opening it with a reason (audited, a banner on every page until
it is closed again) lets them change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from projects import services
from projects.models import Contract, InvestorTag, Status
from scoring import services as scoring_services
from targets.importing import parse_csv
from targets.models import AssessmentYear, Unit
from targets.services import PlanError, YearClosed, plan_import, year_close, year_reopen
from tests.conftest import PLAN_2023, client_for
from tests.helpers import confirmed_contract, pdf_file
from tests.projects.test_project_library import project_form
from tests.projects.test_record_pages import contract_form

pytestmark = pytest.mark.django_db

CLOSED = "2023年度已关闭"


def close(auditor):
    return year_close(year=AssessmentYear.objects.get(year=2023), by=auditor)


def draft(filer, project, **fields):
    values = dict(project=project, signed_on=dt.date(2023, 3, 1), amount=Decimal("2"))
    values.update(fields)
    return services.record_create(record_type="contract", unit=filer.unit, by=filer, **values)


def submitted(filer, project, **fields):
    record = draft(filer, project, **fields)
    services.evidence_attach(record=record, file=pdf_file(), by=filer)
    services.record_submit(record=record, by=filer)
    return record


def test_closing_is_audited(auditor):
    year = close(auditor)
    assert year.is_closed
    assert AuditEvent.objects.filter(action="year.close", object_id=str(year.pk)).count() == 1


def test_no_record_of_a_closed_year_is_filed_changed_or_handled(filer, auditor, project):
    pending = submitted(filer, project)
    waiting = draft(filer, project, amount=Decimal("1"))
    confirmed = confirmed_contract(project, filer=filer, auditor=auditor, amount=3, signed_on="2023-04-01")
    close(auditor)
    with pytest.raises(YearClosed, match=CLOSED):
        draft(filer, project)
    with pytest.raises(YearClosed, match=CLOSED):
        services.record_update(record=waiting, by=filer, amount=Decimal("5"))
    with pytest.raises(YearClosed, match=CLOSED):
        services.evidence_attach(record=waiting, file=pdf_file(), by=filer)
        services.record_submit(record=waiting, by=filer)
    with pytest.raises(YearClosed, match=CLOSED):
        services.record_confirm(record=pending, by=auditor)
    with pytest.raises(YearClosed, match=CLOSED):
        services.record_return(record=pending, by=auditor, reason="凭证不清")
    with pytest.raises(YearClosed, match=CLOSED):
        services.record_correct(record=confirmed, by=filer, reason="改金额", amount=Decimal("1"))
    assert Contract.objects.count() == 3
    assert Contract.objects.get(pk=pending.pk).status == Status.SUBMITTED
    assert Contract.objects.get(pk=waiting.pk).amount == Decimal("1")


def test_a_record_dated_in_an_open_year_is_still_filed(filer, auditor, project):
    AssessmentYear.objects.create(year=2024)
    close(auditor)
    assert draft(filer, project, signed_on=dt.date(2024, 1, 5)).pk


def test_closed_year_pages_say_so_and_save_nothing(client, filer, auditor, project, in_2023):
    pending = submitted(filer, project)
    close(auditor)
    response = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", contract_form(), follow=True)
    assert response.status_code == 200 and CLOSED in response.content.decode()
    response = client_for(client, auditor).post(
        f"/filing/contract/{pending.pk}/confirm/", {"revision": pending.revision}, follow=True
    )
    assert response.status_code == 200 and CLOSED in response.content.decode()
    response = client.post(
        "/audit-queue/confirm/", {"pick": [f"contract:{pending.pk}:{pending.revision}"]}, follow=True
    )
    assert response.status_code == 200 and CLOSED in response.content.decode()
    assert Contract.objects.count() == 1 and Contract.objects.get().status == Status.SUBMITTED


def test_project_facts_shares_and_tags_of_a_closed_year_do_not_change(filer, auditor, project):
    confirmed_contract(project, filer=filer, auditor=auditor, amount=2, signed_on="2023-03-01")
    close(auditor)
    for change in ({"is_major": True}, {"kind": "producer_service"}, {"total_investment": Decimal("50")}):
        with pytest.raises(YearClosed, match="项目的计分信息"):
            services.project_update(project=project, by=auditor, **change)
    with pytest.raises(YearClosed, match="分成比例"):
        services.project_set_credits(
            project=project,
            by=auditor,
            credits=[(filer.unit, Decimal("60")), (Unit.objects.get(name="县交通局"), Decimal("40"))],
        )
    with pytest.raises(YearClosed, match="企业类型标签"):
        services.investor_save(
            by=auditor, name=project.investor.name, tags=list(InvestorTag.objects.filter(code="global500"))
        )
    project.refresh_from_db()
    assert (project.is_major, project.total_investment) == (False, Decimal("20"))
    assert [(c.unit_id, c.share) for c in project.credits.all()] == [(filer.unit_id, Decimal("100"))]
    assert not project.investor.tags.exists()
    # what no score reads still changes
    services.project_update(project=project, by=auditor, description="补充项目简介")


def test_the_project_edit_page_refuses_a_shares_change_on_a_closed_year(client, filer, auditor, project):
    confirmed_contract(project, filer=filer, auditor=auditor, amount=2, signed_on="2023-03-01")
    close(auditor)
    credits = (("县文化旅游委", "70"), ("旅发集团", "30"))
    response = client_for(client, auditor).post(
        f"/projects/{project.pk}/edit/",
        project_form(
            code=project.code,
            name=project.name,
            kind=project.kind,
            total_investment="20",
            investor_name=project.investor.name,
            stage="signed",
            credits=credits,
            agreement=pdf_file("协议.pdf"),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and CLOSED in page and "分成比例" in page
    assert [c.share for c in project.credits.all()] == [Decimal("100")]


def test_scheme_and_breakdown_table_of_a_closed_year_do_not_change(auditor):
    year = close(auditor)
    with pytest.raises(scoring_services.SchemeFrozen, match="已关闭"):
        scoring_services.scheme_update(year=year, by=auditor, reason="调整", values={})
    with pytest.raises(PlanError, match="已关闭"):
        plan_import(year=2023, parsed=parse_csv(PLAN_2023.read_bytes(), year=2023), by=auditor)


def test_reopening_needs_a_reason_is_audited_and_shown_on_every_page(client, filer, auditor, sysadmin, project):
    year = close(auditor)
    with pytest.raises(ValidationError):
        year_reopen(year=year, by=sysadmin, reason="  ")
    year = year_reopen(year=year, by=sysadmin, reason="审计发现合同金额录入错误")
    event = AuditEvent.objects.get(action="year.reopen")
    assert event.detail["reason"] == "审计发现合同金额录入错误"
    for url in ("/", "/projects/", f"/projects/{project.pk}/"):
        page = client_for(client, filer).get(url).content.decode()
        assert "2023年度已重新开放" in page and "审计发现合同金额录入错误" in page
    assert draft(filer, project).pk  # open again: filing works
    close(auditor)
    assert "已重新开放" not in client.get("/").content.decode()


def test_the_admin_reopens_only_with_a_reason(client, sysadmin, auditor):
    year = close(auditor)
    client_for(client, sysadmin)
    url = f"/admin/targets/assessmentyear/{year.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "is_closed": "",
        "reopen_reason_input": "",
        "sectors-TOTAL_FORMS": "0",
        "sectors-INITIAL_FORMS": "0",
        "sectors-MIN_NUM_FORMS": "0",
        "sectors-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 200 and "必须说明原因" in response.content.decode()
    assert AssessmentYear.objects.get(pk=year.pk).is_closed
    client.post(url, dict(form, reopen_reason_input="补录漏报的到位资金"))
    year.refresh_from_db()
    assert not year.is_closed and year.reopen_reason == "补录漏报的到位资金"
    assert AuditEvent.objects.filter(action="year.reopen").count() == 1
