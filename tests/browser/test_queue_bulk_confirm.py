"""The auditor's bulk 认定所选记录 counts the picked records and asks once, naming how many."""

import datetime as dt

import pytest

from projects import services
from projects.models import Contract, Status
from tests.browser.conftest import sign_in
from tests.helpers import make_project, pdf_file


@pytest.mark.django_db(transaction=True)
def test_bulk_confirmation_asks_once_with_the_number_of_records(browser, live_server, screenshot, filer, auditor):
    project = make_project(by=filer, code="WS-2023-031", credits=[("县文化旅游委", 100)])
    for day in (3, 4, 5):
        record = services.record_create(
            record_type="contract",
            unit=filer.unit,
            by=filer,
            project=project,
            signed_on=dt.date(2023, 3, day),
            amount=1,
        )
        services.evidence_attach(record=record, file=pdf_file(), by=filer)
        services.record_submit(record=record, by=filer)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    sign_in(page, live_server, auditor)
    page.goto(f"{live_server.url}/audit-queue/")
    page.check("[data-check-all=contract]")
    assert page.locator("[data-picked-count]").inner_text() == "3"
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    screenshot(page, "queue_bulk_confirm")
    page.click("text=认定所选记录")
    page.wait_for_load_state("networkidle")
    assert len(questions) == 1 and "3 条记录" in questions[0]
    assert Contract.objects.filter(status=Status.CONFIRMED).count() == 3
