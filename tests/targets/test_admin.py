"""The Django admin is for the admin role: years (with sectors), units, leaders, breakdown rows and accounts."""

from decimal import Decimal

import pytest

from accounts.models import User
from audit.models import AuditEvent
from targets.models import AssessmentYear, Leader, TargetRow, Unit


@pytest.fixture
def as_admin(client, sysadmin):
    client.force_login(sysadmin)
    return client


def admin_pages(plan_2023, sysadmin):
    row = TargetRow.objects.get(year=plan_2023, unit__name="县文化旅游委")
    pages = ["/admin/", "/admin/targets/", "/admin/accounts/"]
    for model, obj in [
        ("targets/assessmentyear", plan_2023),
        ("targets/leader", Leader.objects.get(name="王军")),
        ("targets/unit", row.unit),
        ("targets/targetrow", row),
        ("accounts/user", sysadmin),
    ]:
        pages += [f"/admin/{model}/", f"/admin/{model}/add/", f"/admin/{model}/{obj.pk}/change/"]
    return pages


def test_every_admin_page_renders_for_the_admin_role(as_admin, plan_2023, sysadmin):
    for url in admin_pages(plan_2023, sysadmin):
        response = as_admin.get(url)
        assert response.status_code == 200, url
    page = as_admin.get(f"/admin/targets/targetrow/?year__id__exact={plan_2023.pk}").content.decode()
    assert page.count('name="_selected_action"') == 27
    assert "黄勇、水韦梁" in page


def test_the_year_page_edits_its_sectors_inline(as_admin, plan_2023):
    page = as_admin.get(f"/admin/targets/assessmentyear/{plan_2023.pk}/change/").content.decode()
    assert "生态旅游" in page and "sectors-TOTAL_FORMS" in page


def test_the_unit_autocomplete_works_for_the_admin(as_admin, plan_2023):
    response = as_admin.get(
        "/admin/autocomplete/",
        {"app_label": "targets", "model_name": "targetrow", "field_name": "unit", "term": "交通"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["县交通局"]


@pytest.mark.parametrize("role", ["filer", "auditor", "leader", "office", "audit_admin"])
def test_no_other_role_enters_the_admin_even_with_is_staff(client, personas, role):
    user = personas[role]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    for url in ["/admin/", "/admin/targets/targetrow/", "/admin/accounts/user/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_the_admin_login_form_refuses_other_roles(client, personas):
    User.objects.filter(pk=personas["auditor"].pk).update(is_staff=True)
    response = client.post("/admin/login/", {"username": "auditor", "password": "Test@pass2023"})
    assert response.status_code == 200 and "此账号没有后台管理权限" in response.content.decode()
    response = client.post("/admin/login/?next=/admin/", {"username": "sysadmin", "password": "Test@pass2023"})
    assert response.status_code == 302


def _row_form(row, **changes):
    data = {
        "year": row.year_id,
        "sector": row.sector_id or "",
        "unit": row.unit_id,
        "signed_target": str(row.signed_target),
        "funded_target": str(row.funded_target),
        "position": row.position,
        "leader_links-TOTAL_FORMS": "0",
        "leader_links-INITIAL_FORMS": "0",
        "leader_links-MIN_NUM_FORMS": "0",
        "leader_links-MAX_NUM_FORMS": "1000",
    }
    links = list(row.leader_links.all())
    data["leader_links-TOTAL_FORMS"] = data["leader_links-INITIAL_FORMS"] = str(len(links))
    for i, link in enumerate(links):
        data |= {
            f"leader_links-{i}-id": link.pk,
            f"leader_links-{i}-row": row.pk,
            f"leader_links-{i}-leader": link.leader_id,
            f"leader_links-{i}-position": link.position,
        }
    return data | changes


def test_an_admin_edit_of_a_row_keeps_the_county_totals_and_is_audited(as_admin, plan_2023):
    row = TargetRow.objects.get(year=plan_2023, unit__name="县交通局")
    assert "leader_links-TOTAL_FORMS" in as_admin.get(f"/admin/targets/targetrow/{row.pk}/change/").content.decode()
    data = _row_form(row, signed_target="51") | {
        "leader_links-TOTAL_FORMS": "2",
        "leader_links-1-leader": Leader.objects.get(name="王军").pk,
        "leader_links-1-position": "1",
    }
    response = as_admin.post(f"/admin/targets/targetrow/{row.pk}/change/", data)
    assert response.status_code == 302
    assert [leader.name for leader in TargetRow.objects.get(pk=row.pk).leader_list] == ["杨苹", "王军"]
    year = AssessmentYear.objects.get(year=2023)
    assert year.county_signed_target == Decimal("301")
    event = AuditEvent.objects.get(action="admin.targetrow.change")
    assert event.object_id == str(row.pk) and event.detail["changes"]


def test_the_admin_refuses_a_second_row_for_the_same_sector_and_unit(as_admin, plan_2023):
    row = TargetRow.objects.get(year=plan_2023, unit__name="县交通局")
    data = _row_form(row, position=99) | {"leader_links-TOTAL_FORMS": "0", "leader_links-INITIAL_FORMS": "0"}
    response = as_admin.post("/admin/targets/targetrow/add/", data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert TargetRow.objects.filter(year=plan_2023, unit=row.unit).count() == 1


def test_a_negative_target_is_refused_by_the_admin_form(as_admin, plan_2023):
    row = TargetRow.objects.get(year=plan_2023, unit__name="县交通局")
    response = as_admin.post(f"/admin/targets/targetrow/{row.pk}/change/", _row_form(row, funded_target="-1"))
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_rows_of_a_closed_year_are_read_only(as_admin, plan_2023):
    AssessmentYear.objects.filter(pk=plan_2023.pk).update(is_closed=True)
    row = TargetRow.objects.get(year=plan_2023, unit__name="县交通局")
    response = as_admin.post(f"/admin/targets/targetrow/{row.pk}/change/", _row_form(row, signed_target="1"))
    assert response.status_code == 403
    assert TargetRow.objects.get(pk=row.pk).signed_target == Decimal("50")


def test_a_filer_account_without_a_unit_is_a_form_error_not_a_crash(as_admin, plan_2023):
    response = as_admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "newfiler",
            "display_name": "新填报员",
            "role": "filer",
            "password1": "Wushan@2023x",
            "password2": "Wushan@2023x",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newfiler").exists()


def test_an_admin_can_add_a_unit_and_it_is_audited(as_admin, plan_2023):
    response = as_admin.post(
        "/admin/targets/unit/add/", {"name": "大昌镇", "kind": "town", "position": 50, "is_active": "on"}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="大昌镇")
    assert AuditEvent.objects.filter(action="admin.unit.add", object_id=str(unit.pk)).exists()
