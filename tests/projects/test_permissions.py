"""Who may open and do what on the filing pages: a filer only their own unit's projects, records and evidence (404
for the rest), leaders and the office read but never write, only auditors confirm or return."""

import datetime as dt

import pytest
from django.db import transaction

from projects import services
from tests.conftest import client_for
from tests.helpers import make_project, pdf_file

PERSONAS = ["filer", "other_filer", "auditor", "leader", "office", "admin", "audit_admin", "anonymous"]
R, W = "read", "write"


@pytest.fixture
def world(personas):
    filer, auditor = personas["filer"], personas["auditor"]
    project = make_project(by=filer, code="P-1", credits=[("县文化旅游委", 100)])
    draft = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=1
    )
    evidence = services.evidence_attach(record=draft, file=pdf_file(), by=filer)
    submitted = services.record_create(
        record_type="funds", unit=filer.unit, by=filer, project=project, month=dt.date(2023, 3, 1), amount=1
    )
    services.evidence_attach(record=submitted, file=pdf_file(), by=filer)
    services.record_submit(record=submitted, by=filer)
    event = services.required_event_save(
        by=auditor,
        units=[filer.unit],
        year=project.year,
        kind="training",
        title="招商培训",
        held_on=dt.date(2023, 3, 9),
    )
    return {"p": project.pk, "d": draft.pk, "e": evidence.pk, "s": submitted.pk, "ev": event.pk}


def expect(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


# (method, url, data, expected status per persona); 302 for the anonymous means "to the sign-in page".
CASES = [
    ("get", "/projects/", {}, expect(200, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/projects/{p}/", {}, expect(200, other_filer=404, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/projects/new/", {}, expect(403, filer=200, other_filer=200, auditor=200, anonymous=302)),
    ("get", "/projects/{p}/edit/", {}, expect(403, filer=200, other_filer=404, auditor=200, anonymous=302)),
    ("get", "/projects/{p}/contract/new/", {}, expect(403, filer=200, other_filer=404, anonymous=302)),
    ("get", "/filing/", {}, expect(200, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/filing/contract/{d}/", {}, expect(200, other_filer=404, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/filing/contract/{d}/edit/", {}, expect(403, filer=200, other_filer=404, anonymous=302)),
    ("post", "/filing/contract/{d}/submit/", {}, expect(403, filer=302, other_filer=404, anonymous=302)),
    ("post", "/filing/contract/{d}/evidence/", {"file": "pdf"}, expect(403, filer=302, other_filer=404, anonymous=302)),
    ("post", "/filing/funds/{s}/confirm/", {}, expect(403, auditor=302, anonymous=302)),
    ("post", "/filing/funds/{s}/return/", {"reason": "缺凭证"}, expect(403, auditor=302, anonymous=302)),
    ("get", "/evidence/{e}/", {}, expect(200, other_filer=404, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/evidence/{e}/preview/", {}, expect(200, other_filer=404, admin=403, audit_admin=403, anonymous=302)),
    ("post", "/evidence/{e}/remove/", {}, expect(403, filer=302, other_filer=404, admin=403, anonymous=302)),
    ("get", "/audit-queue/", {}, expect(403, auditor=200, anonymous=302)),
    ("post", "/audit-queue/confirm/", {"pick": "funds:{s}:2"}, expect(403, auditor=302, anonymous=302)),
    ("get", "/filing-status/", {}, expect(403, auditor=200, leader=200, office=200, anonymous=302)),
    ("get", "/ledger-import/", {}, expect(403, auditor=200, anonymous=302)),
    ("get", "/required-events/", {}, expect(200, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/required-events/{ev}/", {}, expect(200, other_filer=404, admin=403, audit_admin=403, anonymous=302)),
    ("get", "/required-events/new/", {}, expect(403, auditor=200, anonymous=302)),
    ("post", "/required-events/{ev}/", {}, expect(403, auditor=302, filer=403, other_filer=404, anonymous=302)),
    ("get", "/reminders/", {}, expect(200, admin=403, audit_admin=403, anonymous=302)),
]


@pytest.mark.parametrize("method, url, data, expected", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_permission_matrix(client, personas, world, method, url, data, expected):
    url = url.format(**world)
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client_for(client, personas[persona])
        payload = {k: (pdf_file() if v == "pdf" else v.format(**world)) for k, v in data.items()}
        with transaction.atomic():
            response = getattr(client, method)(url, payload)
            transaction.set_rollback(True)
        assert response.status_code == expected[persona], f"{persona} {method} {url}"
        if persona == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


def test_filer_list_pages_never_show_another_units_data(client, personas, world):
    other = personas["other_filer"]
    client_for(client, other)
    assert "P-1" not in client.get("/projects/").content.decode()
    assert not client.get("/filing/?kind=contract").context["page"].object_list
    assert not client.get("/filing/?kind=funds").context["page"].object_list


def test_leader_and_office_see_no_write_buttons(client, personas, world):
    for persona in ("leader", "office"):
        client_for(client, personas[persona])
        page = client.get(f"/filing/funds/{world['s']}/").content.decode()
        assert "认定</button>" not in page and "提交审核" not in page and "发起更正" not in page
        page = client.get(f"/projects/{world['p']}/").content.decode()
        assert "修改项目" not in page and "填报签约合同" not in page
