"""Issue 10: the project page's history comes from the project's own events — its entry, edits, shares, files and
its fact proposals — not from the audit trail, which only the audit admin reads and the retention purge shortens."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from projects import services
from projects.models import Project
from projects.selectors import project_history
from targets.models import Unit
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, make_project
from tests.projects.conftest import upload
from tests.projects.test_fact_proposals import edit_form


def test_the_history_is_the_projects_own_not_the_audit_trail(client, filer, auditor, plan_2023):
    project = make_project(by=filer, code="H-1", credits=[("县文化旅游委", 100)], total_investment="12")
    c = client_for(client, filer)
    assert (
        c.post(f"/projects/{project.pk}/edit/", edit_form(project, total_investment="15", name="新名称")).status_code
        == 302
    )
    services.evidence_attach(record=project, file=upload("现场照片.pdf", PDF_BYTES, "application/pdf"), by=filer)
    services.project_set_credits(
        project=Project.objects.get(pk=project.pk),
        by=auditor,
        credits=[
            (filer.unit, 60),
            (Unit.objects.get(name="县交通局"), 40),
        ],
        reason="补签分成协议",
    )
    events = project_history(project)
    assert [e.action for e in events] == ["create", "edit", "attach", "edit"]
    assert events[0].changes == {"units": ["", "县文化旅游委 100%"]}
    assert events[1].changes["total_investment"] == ["12", "15"] and events[1].by == filer
    assert events[3].changes["units"] == ["县文化旅游委 100%", "县文化旅游委 60%；县交通局 40%"]
    assert events[3].reason == "补签分成协议"

    assert AuditEvent.objects.filter(object_type="projects.project").exists()  # the trail has them too, but
    with CaptureQueriesContext(connection) as queries:  # the page never reads it (the purge may shorten it)
        page = c.get(f"/projects/{project.pk}/").content.decode()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert reads and not any("audit_auditevent" in sql for sql in reads)
    assert page.count('class="mb-2 project-event"') == 4
    assert "总投资（亿元）：12 → 15" in page and "项目名称：项目H-1 → 新名称" in page
    assert "招商单位：县文化旅游委 100% → 县文化旅游委 60%；县交通局 40%" in page and "补签分成协议" in page
    assert "现场照片.pdf" in page


def test_an_edit_that_changes_nothing_writes_no_event(client, filer, plan_2023):
    project = make_project(by=filer, code="H-2", credits=[("县文化旅游委", 100)])
    client_for(client, filer).post(f"/projects/{project.pk}/edit/", edit_form(project))
    assert project.events.filter(action="edit").count() == 0
