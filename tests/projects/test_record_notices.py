"""提示 in the record forms: what is unusual but can be true is shown, and saved once the filer confirms it."""

from decimal import Decimal

import pytest

from projects.models import Contract, FundsInPlace
from tests.conftest import client_for

pytestmark = pytest.mark.usefixtures("in_2023")


def contract(**fields):
    return {"kind": "formal", "signed_on": "2023-06-10", "amount": "2.5", "title": "", "note": "", **fields}


def test_a_formal_contract_above_the_total_investment_asks_to_confirm_then_saves(client, filer, project):
    c = client_for(client, filer)
    response = c.post(f"/projects/{project.pk}/contract/new/", contract(amount="25"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "正式合同金额 25 亿元超过项目总投资 20 亿元" in page and 'name="confirm_notices"' in page
    assert not Contract.objects.exists()
    response = c.post(f"/projects/{project.pk}/contract/new/", contract(amount="25", confirm_notices="1"))
    assert response.status_code == 302
    assert Contract.objects.get().amount == Decimal("25")


def test_an_agreement_above_the_total_investment_saves_without_a_message(client, filer, project):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/contract/new/", contract(kind="framework", amount="50")
    )
    assert response.status_code == 302
    assert Contract.objects.get().amount == Decimal("50")


def test_a_statistics_figure_above_the_total_is_a_notice_a_bank_voucher_above_it_an_error(client, filer, project):
    c = client_for(client, filer)
    big = {"month": "2023-05", "amount": "21", "source": "statistics"}
    response = c.post(f"/projects/{project.pk}/funds/new/", big)
    assert "统计部门当月到位资金 21 亿元超过项目总投资 20 亿元" in response.content.decode()
    assert c.post(f"/projects/{project.pk}/funds/new/", {**big, "confirm_notices": "1"}).status_code == 302
    assert FundsInPlace.objects.get().amount == Decimal("21")
    response = c.post(f"/projects/{project.pk}/funds/new/", {"month": "2023-04", "amount": "21", "source": "bank"})
    assert "超过项目总投资" in response.context["form"].errors["amount"][0]


def test_a_bank_voucher_on_a_project_in_fai_statistics_is_flagged_to_the_filer(client, filer, project):
    project.in_fai_statistics = True
    project.save(update_fields=["in_fai_statistics"])
    c = client_for(client, filer)
    response = c.post(f"/projects/{project.pk}/funds/new/", {"month": "2023-05", "amount": "1", "source": "bank"})
    assert "纳入固定资产投资统计" in response.content.decode() and not FundsInPlace.objects.exists()
    response = c.post(
        f"/projects/{project.pk}/funds/new/",
        {"month": "2023-05", "amount": "1", "source": "bank", "confirm_notices": "1"},
    )
    assert response.status_code == 302 and FundsInPlace.objects.count() == 1


def test_the_auditor_sees_a_bank_voucher_on_an_fai_project_flagged_in_the_queue(client, filer, auditor, project):
    from tests.helpers import pdf_file

    project.in_fai_statistics = True
    project.save(update_fields=["in_fai_statistics"])
    c = client_for(client, filer)
    data = {"month": "2023-05", "amount": "1", "source": "bank", "confirm_notices": "1", "submit": "1"}
    response = c.post(f"/projects/{project.pk}/funds/new/", {**data, "ev-file": pdf_file()})
    record = FundsInPlace.objects.get()
    assert response.status_code == 302 and record.status == "submitted"
    assert 'id="fai-voucher"' in c.get(record.get_absolute_url()).content.decode()
    queue = client_for(client, auditor).get("/audit-queue/").content.decode()
    assert "固投项目·银行凭证" in queue


def test_a_total_investment_above_the_years_ceiling_asks_to_confirm(client, filer):
    from projects.models import Project
    from targets.models import AssessmentYear
    from tests.projects.test_project_library import project_form

    c = client_for(client, filer)
    response = c.post("/projects/new/", project_form(total_investment="50000"))
    assert response.status_code == 200
    assert "项目总投资 50000 亿元超过 300 亿元" in response.content.decode()
    assert not Project.objects.exists()
    assert c.post("/projects/new/", project_form(total_investment="50000", confirm_notices="1")).status_code == 302
    assert Project.objects.get().total_investment == Decimal("50000")
    # the ceiling is a setting of the year
    AssessmentYear.objects.filter(year=2023).update(investment_ceiling=Decimal("60000"))
    data = project_form(code="WS-NEW2", total_investment="50000", investor_name="另一家公司")
    assert c.post("/projects/new/", data).status_code == 302
