"""The monthly cycle end to end in headless Chromium: a filer files a formal contract with a PDF and submits; the
auditor returns it with a reason; the filer corrects and resubmits; the auditor confirms; the project shows as
signed. A screenshot of each step goes to var/screenshots/filing_*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from projects.models import Contract, Status
from tests.browser.conftest import sign_in
from tests.helpers import make_project


@pytest.fixture
def contract_pdf(tmp_path):
    import weasyprint

    path = tmp_path / "正式合同.pdf"
    html = "<h1>投资合同 Investment Contract</h1><p>甲方：巫山县文化和旅游发展委员会</p><p>合同金额：2.5 亿元</p>"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


@pytest.mark.django_db(transaction=True)
def test_the_monthly_cycle_in_a_browser(browser, live_server, screenshot, filer, auditor, contract_pdf):
    project = make_project(
        by=filer, code="WS-2023-018", name="巫山神女景区索道提升项目", credits=[("县文化旅游委", 100)]
    )
    signed_on = timezone.localdate() - dt.timedelta(days=3)
    filer_page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    auditor_page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})

    # 1. The filer files a formal contract with its PDF and submits it.
    sign_in(filer_page, live_server, filer)
    filer_page.goto(f"{live_server.url}/projects/{project.pk}/")
    filer_page.click("text=填报签约合同")
    filer_page.select_option("#id_kind", "formal")
    filer_page.fill("#id_title", "神女景区索道提升项目投资合同")
    filer_page.fill("#id_signed_on", signed_on.isoformat())
    filer_page.fill("#id_amount", "2.6")
    filer_page.set_input_files("#id_ev-file", str(contract_pdf))
    screenshot(filer_page, "filing_01_contract_form")
    filer_page.click("button[name=submit]")
    filer_page.wait_for_load_state("networkidle")
    assert "已提交县招商投资事务中心审核" in filer_page.content()
    assert filer_page.locator("#record-status").inner_text().startswith("待审核")
    screenshot(filer_page, "filing_02_submitted")
    contract = Contract.objects.get()
    assert contract.evidence.get().original_name == "正式合同.pdf"

    # 2. The auditor finds it in the queue, the PDF beside the figures, and returns it with a reason.
    sign_in(auditor_page, live_server, auditor)
    auditor_page.goto(f"{live_server.url}/audit-queue/")
    assert "神女景区索道提升项目" in auditor_page.content() and "正式合同.pdf" in auditor_page.content()
    screenshot(auditor_page, "filing_03_queue")
    auditor_page.click(f"a.btn[href^='/filing/contract/{contract.pk}/']")
    auditor_page.wait_for_load_state("networkidle")
    auditor_page.fill("#id_reason", "合同金额与扫描件不符（扫描件为2.5亿元），请核实后重报")
    screenshot(auditor_page, "filing_04_auditor_reviews")
    auditor_page.click("#return-record")
    auditor_page.wait_for_load_state("networkidle")
    assert "已退回" in auditor_page.content()

    # 3. The filer sees the reason, corrects the amount and resubmits.
    filer_page.goto(f"{live_server.url}/filing/contract/{contract.pk}/")
    assert "合同金额与扫描件不符" in filer_page.content()
    screenshot(filer_page, "filing_05_returned_seen_by_filer")
    filer_page.click(f"a[href='/filing/contract/{contract.pk}/edit/']")
    filer_page.fill("#id_amount", "2.5")
    filer_page.click("button[name=submit]")
    filer_page.wait_for_load_state("networkidle")
    assert filer_page.locator("#record-status").inner_text().startswith("待审核")
    screenshot(filer_page, "filing_06_resubmitted")

    # 4. The auditor confirms.
    auditor_page.goto(f"{live_server.url}/filing/contract/{contract.pk}/")
    auditor_page.click("#confirm-record")
    auditor_page.wait_for_load_state("networkidle")
    assert auditor_page.locator("#record-status").inner_text().startswith("已认定")
    screenshot(auditor_page, "filing_07_confirmed")
    contract.refresh_from_db()
    assert (contract.status, str(contract.amount)) == (Status.CONFIRMED, "2.5000")

    # 5. The project shows as signed, with the whole history on the record.
    filer_page.goto(f"{live_server.url}/projects/{project.pk}/")
    assert filer_page.locator("#project-stage").inner_text() == "签约"
    screenshot(filer_page, "filing_08_project_signed")
    filer_page.goto(f"{live_server.url}/filing/contract/{contract.pk}/")
    history = filer_page.content()
    for step in ("创建", "上传佐证", "提交", "退回", "修改", "认定"):
        assert step in history
    filer_page.wait_for_load_state("networkidle")
    screenshot(filer_page, "filing_09_history")
    # No request (the inline PDF preview, say) may still be running in the live server when the database goes away.
    for page in (filer_page, auditor_page):
        page.goto("about:blank")
        page.close()
