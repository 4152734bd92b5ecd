"""The target-enterprise pages over HTTP, as each persona: units keep their own targets, everyone sees every chain map,
contact details only to those who work the enterprise."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from enterprises import services
from enterprises.models import TargetEnterprise, TargetStage
from projects.models import Activity, Project, Status
from targets.models import Sector, Unit
from tests.enterprises.helpers import CHAIN, targets_rows, workbook_bytes


@pytest.fixture
def chain(plan_2023, auditor):
    sector = Sector.objects.get(year=plan_2023, name="生态旅游")
    link = services.chain_link_save(sector=sector, name="高端酒店民宿", segment="中游", role="gap", by=auditor)
    services.chain_link_save(sector=sector, name="旅游资源开发", segment="上游", role="strength", by=auditor)
    return sector, link


@pytest.fixture
def targets(chain, auditor):
    sector, link = chain
    own = services.target_save(
        by=auditor, name="华侨城集团有限公司", sector=sector, link=link, unit=Unit.objects.get(name="县文化旅游委"),
        region="广东省深圳市", contact="李经理 13900000000", expected_amount=Decimal("30"), stage="negotiating",
    )  # fmt: skip
    other = services.target_save(
        by=auditor, name="交通目标企业", sector=sector, unit=Unit.objects.get(name="县交通局"), region="湖北省武汉市"
    )
    return own, other


def test_a_unit_lists_only_its_own_targets_and_cannot_open_anothers(client, filer, targets):
    own, other = targets
    client.force_login(filer)
    page = client.get("/enterprises/").content.decode()
    assert own.name in page and other.name not in page
    assert client.get(f"/enterprises/{other.pk}/").status_code == 404


def test_leaders_see_every_target_but_not_the_contact_details(client, leader_user, filer, targets):
    own, other = targets
    client.force_login(leader_user)
    page = client.get("/enterprises/").content.decode()
    assert own.name in page and other.name in page
    assert "13900000000" not in client.get(f"/enterprises/{own.pk}/").content.decode()
    client.force_login(filer)
    assert "13900000000" in client.get(f"/enterprises/{own.pk}/").content.decode()


def test_a_unit_registers_a_target_for_itself_only(client, filer, chain):
    sector, link = chain
    client.force_login(filer)
    data = {"name": "新目标企业", "sector": sector.pk, "link": link.pk, "unit": filer.unit_id, "region": "上海市"}
    response = client.post("/enterprises/new/", data)
    assert response.status_code == 302
    target = TargetEnterprise.objects.get(name="新目标企业")
    assert target.unit == filer.unit and target.created_by == filer and target.province == "上海市"
    other = Unit.objects.get(name="县交通局")
    response = client.post("/enterprises/new/", {**data, "name": "别人的企业", "unit": other.pk})
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not TargetEnterprise.objects.filter(name="别人的企业").exists()


def test_a_bad_credit_code_on_the_form_is_refused_in_chinese(client, filer, chain):
    sector, _ = chain
    client.force_login(filer)
    data = {"name": "企业", "sector": sector.pk, "unit": filer.unit_id, "credit_code": "91330100716105852A"}
    response = client.post("/enterprises/new/", data)
    assert "校验位不正确" in response.context["form"].errors["credit_code"][0]
    assert not TargetEnterprise.objects.exists()


def test_a_pause_needs_a_reason(client, filer, targets):
    own, _ = targets
    client.force_login(filer)
    response = client.post(f"/enterprises/{own.pk}/stage/", {"stage": "paused", "reason": ""}, follow=True)
    assert "暂停须写明原因" in response.content.decode()
    own.refresh_from_db()
    assert own.stage == TargetStage.NEGOTIATING
    client.post(f"/enterprises/{own.pk}/stage/", {"stage": "paused", "reason": "企业年内无投资计划"})
    own.refresh_from_db()
    assert (own.stage, own.pause_reason) == (TargetStage.PAUSED, "企业年内无投资计划")


def test_a_recorded_visit_is_the_units_activity_and_shows_as_the_last_contact(client, filer, auditor, targets):
    own, _ = targets
    client.force_login(filer)
    visit = {"kind": "visit", "occurred_on": "2026-11-20", "title": "赴深圳拜访华侨城", "place": "深圳"}
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=timezone.get_current_timezone()), tick=False):
        response = client.post(f"/enterprises/{own.pk}/contact/", visit)
        assert response.status_code == 302
        activity = Activity.objects.get()
        assert activity.unit == filer.unit and activity.status == Status.SUBMITTED and activity.enterprise_count == 1
        assert list(own.activities.all()) == [activity]
        page = client.get("/enterprises/").content.decode()
    assert "2026-11-20 外出拜访" in page


def test_an_enterprise_untouched_for_the_set_days_is_flagged(client, filer, targets, settings):
    settings.TARGET_UNTOUCHED_DAYS = 30
    client.force_login(filer)
    assert "久未对接</span>" not in client.get("/enterprises/").content.decode()
    TargetEnterprise.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    page = client.get("/enterprises/?untouched=on").content.decode()
    assert "久未对接</span>" in page and "华侨城集团有限公司" in page


def test_converting_a_target_registers_its_project_linked_both_ways(client, filer, targets):
    own, _ = targets
    client.force_login(filer)
    data = {"code": "WH-2023-050", "name": "华侨城度假酒店项目", "kind": "other", "total_investment": "30"}
    response = client.post(f"/enterprises/{own.pk}/convert/", data)
    project = Project.objects.get(code="WH-2023-050")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    own.refresh_from_db()
    assert own.stage == TargetStage.CONVERTED and own.project == project
    assert project.investor.name == own.name and project.sector == own.sector
    assert [c.unit for c in project.credits.all()] == [filer.unit]
    assert own.name in client.get(project.get_absolute_url()).content.decode()


def test_a_target_cannot_be_linked_to_a_project_of_another_unit(auditor, targets):
    from django.core.exceptions import ValidationError

    from tests.helpers import make_project

    own, _ = targets
    project = make_project(by=auditor, code="JT-2023-001", credits=[("县交通局", 100)])
    with pytest.raises(ValidationError, match="招商单位中没有县文化旅游委"):
        services.target_link_project(target=own, project=project, by=auditor)
    own.refresh_from_db()
    assert own.project is None and own.stage == TargetStage.NEGOTIATING


def test_every_unit_sees_every_chain_map_with_counts_and_gaps(client, other_filer, targets, chain):
    sector, _ = chain
    client.force_login(other_filer)
    page = client.get(f"/enterprises/chains/{sector.pk}/").content.decode()
    assert "高端酒店民宿" in page and "补链" in page and "目标企业 1家" in page and "洽谈1" in page


def test_the_chain_map_pdf_is_the_same_picture_with_chinese_text(client, filer, targets, chain, tmp_path):
    sector, _ = chain
    client.force_login(filer)
    response = client.get(f"/enterprises/chains/{sector.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "chain.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "生态旅游产业链图" in text and "高端酒店民宿" in text


def test_the_key_list_downloads_as_xlsx_with_the_filters(client, leader_user, targets, chain):
    sector, link = chain
    client.force_login(leader_user)
    response = client.get(f"/enterprises/key-list.xlsx?link={link.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[4] for row in sheet.iter_rows(values_only=True)]
    assert "华侨城集团有限公司" in names and "交通目标企业" not in names


def test_the_distribution_ranks_provinces_without_a_map(client, office, targets):
    client.force_login(office)
    page = client.get("/enterprises/distribution/").content.decode()
    assert "广东省" in page and "湖北省" in page and "审图号" in page


def test_the_list_stays_within_a_few_queries(client, auditor, targets, django_assert_max_num_queries):
    client.force_login(auditor)
    with django_assert_max_num_queries(20):
        assert client.get("/enterprises/").status_code == 200


def test_the_upload_page_previews_errors_and_imports_nothing(client, auditor, plan_2023):
    client.force_login(auditor)
    rows = targets_rows()
    rows[0][6] = "县月球局"
    upload = io.BytesIO(workbook_bytes(CHAIN, rows))
    upload.name = "targets.xlsx"
    page = client.post("/enterprises/import/", {"file": upload}).content.decode()
    assert "未知的单位“县月球局”" in page and "import-confirm" not in page
    assert not TargetEnterprise.objects.exists()


def test_the_upload_page_imports_after_the_preview(client, auditor, plan_2023):
    client.force_login(auditor)
    upload = io.BytesIO(workbook_bytes(CHAIN, targets_rows()))
    upload.name = "targets.xlsx"
    response = client.post("/enterprises/import/", {"file": upload})
    assert "目标企业新增 4 个" in response.content.decode() and not TargetEnterprise.objects.exists()
    token = response.context["token"]
    assert client.post("/enterprises/import/confirm/", {"token": "forged"}).status_code == 302
    assert not TargetEnterprise.objects.exists()
    assert client.post("/enterprises/import/confirm/", {"token": token}).status_code == 302
    assert TargetEnterprise.objects.count() == 4
    client.post("/enterprises/import/confirm/", {"token": token})  # replayed: the preview is gone
    assert TargetEnterprise.objects.count() == 4


def test_the_center_edits_the_chain_and_the_ecosystem_units_only_read_them(client, auditor, filer, chain):
    sector, link = chain
    client.force_login(auditor)
    client.post(f"/enterprises/chains/{sector.pk}/links/", {"segment": "下游", "name": "文创商品", "role": "gap"})
    assert sector.chain_links.get(name="文创商品").role == "gap"
    from enterprises.models import EcosystemCategory, EcosystemNode

    park = EcosystemCategory.objects.get(code="enterprise")
    data = {"category": park.pk, "name": "巫山旅游集团", "link": link.pk, "note": ""}
    assert client.post(f"/enterprises/ecosystem/{sector.pk}/", data).status_code == 302
    assert "本地企业 1家：巫山旅游集团" in client.get(f"/enterprises/chains/{sector.pk}/").content.decode()
    client.force_login(filer)
    assert client.post(f"/enterprises/ecosystem/{sector.pk}/", {**data, "name": "别的"}).status_code == 403
    assert client.post(f"/enterprises/chains/{sector.pk}/links/", {"segment": "下游", "name": "x"}).status_code == 403
    assert EcosystemNode.objects.count() == 1 and not sector.chain_links.filter(name="x").exists()
    assert "巫山旅游集团" in client.get(f"/enterprises/ecosystem/{sector.pk}/").content.decode()


def test_a_link_with_targets_is_not_deleted(client, auditor, targets, chain):
    _, link = chain
    client.force_login(auditor)
    response = client.post(f"/enterprises/links/{link.pk}/delete/", follow=True)
    assert "下还有目标企业" in response.content.decode()
    link.refresh_from_db()


def test_the_chain_map_and_key_list_stay_within_a_few_queries(
    client, auditor, targets, chain, django_assert_max_num_queries
):
    sector, _ = chain
    client.force_login(auditor)
    with django_assert_max_num_queries(15):
        assert client.get(f"/enterprises/chains/{sector.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/enterprises/key-list/").status_code == 200
