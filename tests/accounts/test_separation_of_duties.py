"""三员分立: the system admin administers, the audit admin reads the trail, and nobody else does either."""

import pytest
from django.core.checks import run_checks
from django.urls import NoReverseMatch, reverse

from accounts.access import AA, AD, AU, CAPABILITIES, can, separation_of_duties_problems
from accounts.models import User
from audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user


def test_the_capability_table_keeps_the_three_duties_apart():
    assert separation_of_duties_problems() == []
    assert not [e for e in run_checks() if e.id == "accounts.E001"]


@pytest.mark.parametrize(
    "table, complaint",
    [
        ({"records.file": {AD}}, "系统管理员不能修改业务数据"),
        ({"reports.view": {AA}}, "审计管理员只能查阅审计日志"),
        ({"auditlog.view": {AA, AD}}, "只能授予审计管理员"),
        ({"auditlog.view": {AA, AU}}, "只能授予审计管理员"),
    ],
)
def test_a_table_that_mixes_the_duties_is_refused(table, complaint):
    problems = separation_of_duties_problems(table)
    assert len(problems) == 1 and complaint in problems[0]


def test_the_audit_admin_holds_the_audit_capability_and_nothing_else(audit_admin):
    assert [c for c in CAPABILITIES if can(audit_admin, c)] == ["auditlog.view"]


def test_the_system_admin_manages_accounts_but_not_the_trail(sysadmin):
    assert can(sysadmin, "accounts.manage")
    assert not can(sysadmin, "auditlog.view")
    assert not any(can(sysadmin, c) for c in ("records.file", "records.audit", "projects.manage", "bulletin.publish"))


def test_the_admin_site_has_no_page_for_the_audit_trail():
    with pytest.raises(NoReverseMatch):
        reverse("admin:audit_auditevent_changelist")


def test_the_audit_admin_cannot_enter_the_admin_site(client, audit_admin):
    client.force_login(audit_admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_system_admin_can_list_accounts(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get("/admin/accounts/user/").status_code == 200


def test_an_account_change_in_the_admin_site_is_audited(client, sysadmin, auditor):
    client.force_login(sysadmin)
    url = f"/admin/accounts/user/{auditor.pk}/change/"
    response = client.post(
        url,
        {
            "username": "auditor",
            "display_name": "新名字",
            "email": "",
            "phone": "",
            "role": "auditor",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.user.change")
    assert event.user == sysadmin and event.object_id == str(auditor.pk)
    assert event.detail["model"] == "accounts.user"


def test_the_system_admin_cannot_change_their_own_role(client, sysadmin):
    client.force_login(sysadmin)
    client.post(
        f"/admin/accounts/user/{sysadmin.pk}/change/",
        {"username": "sysadmin", "display_name": "x", "email": "", "phone": "", "role": "audit_admin"},
    )
    sysadmin.refresh_from_db()
    assert sysadmin.role == "admin" and sysadmin.is_active


def test_accounts_cannot_be_deleted_only_disabled(client, sysadmin, auditor):
    client.force_login(sysadmin)
    assert client.get(f"/admin/accounts/user/{auditor.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=auditor.pk).exists()


def test_the_admin_unlocks_a_locked_account_and_it_is_audited(client, sysadmin, auditor):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "auditor", "password": "wrong-Pass1"})
    assert client.post("/accounts/login/", {"username": "auditor", "password": PASSWORD}).status_code == 429
    client.force_login(sysadmin)
    client.post("/admin/accounts/user/", {"action": "unlock", "_selected_action": [auditor.pk]})
    client.logout()
    assert client.post("/accounts/login/", {"username": "auditor", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="account.unlock", user=sysadmin, object_id=str(auditor.pk)).exists()


def test_a_new_admin_account_created_in_the_admin_site_is_audited(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "auditor2",
            "display_name": "审核员二",
            "role": "auditor",
            "password1": "Strong#Pass9",
            "password2": "Strong#Pass9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="auditor2")
    assert created.password_changed_at is not None
    assert AuditEvent.objects.filter(action="admin.user.add", object_id=str(created.pk)).exists()


def test_a_weak_password_is_refused_in_the_admin_site_too(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "weak", "role": "auditor", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_make_user_helper_still_gives_usable_personas(db, plan_2023):
    assert make_user("someone", "office").check_password(PASSWORD)
