"""The pipeline in headless Chromium: the center imports a chain and a list of targets; a unit records a visit to one
and converts it to a project; the chain map and the key list show it. Screenshots go to var/screenshots/targets_*.png,
and the chain map's PDF page to var/screenshots/targets_chain_pdf-1.png."""

import datetime as dt
import importlib
import subprocess

import pytest
from django.utils import timezone

from enterprises.models import TargetEnterprise, TargetStage
from projects.models import Activity, Project
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.enterprises.helpers import CHAIN, targets_rows, workbook_bytes


@pytest.fixture
def seeded_tags():
    """The enterprise tags the migrations seed: a live-server test before this one on the worker flushed them."""
    from django.apps import apps

    for module in (
        "projects.migrations.0002_seed_tags_and_labels",
        "enterprises.migrations.0002_seed_tags_and_categories",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.mark.django_db(transaction=True)
def test_the_pipeline_in_a_browser(browser, live_server, screenshot, seeded_tags, filer, auditor, tmp_path):
    book = tmp_path / "目标企业.xlsx"
    book.write_bytes(workbook_bytes(CHAIN, targets_rows()))
    center = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    unit = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})

    # 1. The center uploads the chain and the targets, previews and imports.
    sign_in(center, live_server, auditor)
    center.goto(f"{live_server.url}/enterprises/import/")
    center.set_input_files("#id_file", str(book))
    center.click("#upload-preview")
    center.wait_for_load_state("networkidle")
    assert "目标企业新增 4 个" in center.content()
    screenshot(center, "targets_01_import_preview")
    center.click("#import-confirm")
    center.wait_for_load_state("networkidle")
    assert TargetEnterprise.objects.count() == 4
    screenshot(center, "targets_02_list_after_import")

    # 2. The unit opens its target, records a visit, converts it to a project.
    target = TargetEnterprise.objects.get(name="华侨城集团有限公司")
    sign_in(unit, live_server, filer)
    unit.goto(f"{live_server.url}/enterprises/{target.pk}/")
    unit.select_option("#id_kind", "visit")
    unit.fill("#id_occurred_on", (timezone.localdate() - dt.timedelta(days=2)).isoformat())
    unit.fill("#id_title", "赴深圳拜访华侨城集团洽谈度假酒店")
    unit.fill("#id_place", "深圳")
    unit.click("button[name=record_contact]")
    unit.wait_for_load_state("networkidle")
    assert "赴深圳拜访华侨城集团" in unit.locator("#target-contacts").inner_text()
    assert Activity.objects.get().target_enterprises.get() == target
    screenshot(unit, "targets_03_visit_recorded")
    unit.click("text=转化为项目")
    unit.fill("#id_code", "WH-2023-088")
    unit.fill("#id_name", "华侨城巫山度假酒店项目")
    unit.fill("#id_total_investment", "30")
    screenshot(unit, "targets_04_convert_form")
    unit.click("#convert-submit")
    unit.wait_for_load_state("networkidle")
    project = Project.objects.get(code="WH-2023-088")
    assert unit.locator("#project-target").inner_text() == "华侨城集团有限公司"
    screenshot(unit, "targets_05_project_from_target")
    target.refresh_from_db()
    assert target.stage == TargetStage.CONVERTED and target.project == project

    # 3. The chain map and the key list show it.
    unit.goto(f"{live_server.url}/enterprises/chains/{target.sector_id}/")
    chain = unit.locator("#chain-map").inner_html()
    assert "高端酒店民宿" in chain and "转化1" in chain and "WH-2023-088" in chain
    screenshot(unit, "targets_06_chain_map")
    center.goto(f"{live_server.url}/enterprises/key-list/")
    key_list = center.locator("#key-list").inner_text()
    assert "WH-2023-088" in key_list and "外出拜访" in key_list
    screenshot(center, "targets_07_key_list")
    center.goto(f"{live_server.url}/enterprises/distribution/")
    screenshot(center, "targets_08_distribution")

    # 4. The chain map's PDF, as a picture to look at.
    response = center.request.get(f"{live_server.url}/enterprises/chains/{target.sector_id}/pdf/")
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "chain.pdf"
    pdf.write_bytes(response.body())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(SCREENSHOTS / "targets_chain_pdf")],
        check=True,
    )
    for page in (center, unit):
        page.goto("about:blank")
        page.close()
