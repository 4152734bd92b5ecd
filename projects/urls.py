from django.urls import path

from projects.views import events, evidence, facts, ledger, library, queue, records, sheet, status

app_name = "projects"

urlpatterns = [
    path("projects/", library.project_list, name="list"),
    path("projects/new/", library.project_create, name="create"),
    path("projects/<int:pk>/", library.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", library.project_edit, name="edit"),
    path("projects/<int:pk>/evidence/", library.project_evidence, name="project_evidence"),
    path("fact-proposals/<int:pk>/submit/", facts.proposal_submit, name="proposal_submit"),
    path("fact-proposals/<int:pk>/confirm/", facts.proposal_confirm, name="proposal_confirm"),
    path("fact-proposals/<int:pk>/return/", facts.proposal_return, name="proposal_return"),
    path("projects/<int:project_pk>/<str:kind>/new/", records.record_new, name="record_new"),
    path("filing/", records.record_list, name="records"),
    path("filing/sheet/", sheet.sheet_default, name="sheet_default"),
    path("filing/sheet/<str:month>/", sheet.sheet, name="sheet"),
    path("filing/sheet/<str:month>/rows/<int:project_pk>/", sheet.sheet_row, name="sheet_row"),
    path("filing/sheet/<str:month>/add/", sheet.sheet_add, name="sheet_add"),
    path("filing/<str:kind>/new/", records.record_new, name="unit_record_new"),
    path("filing/<str:kind>/<int:pk>/", records.record_detail, name="record"),
    path("filing/<str:kind>/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("filing/<str:kind>/<int:pk>/evidence/", records.record_evidence, name="record_evidence"),
    path("filing/<str:kind>/<int:pk>/submit/", records.record_submit, name="record_submit"),
    path("filing/<str:kind>/<int:pk>/correct/", records.record_correct, name="record_correct"),
    path("filing/<str:kind>/<int:pk>/return/", records.record_return, name="record_return"),
    path("filing/<str:kind>/<int:pk>/confirm/", records.record_confirm, name="record_confirm"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence"),
    path("evidence/<int:pk>/preview/", evidence.evidence_preview, name="evidence_preview"),
    path("evidence/<int:pk>/remove/", evidence.evidence_remove, name="evidence_remove"),
    path("audit-queue/", queue.queue, name="queue"),
    path("audit-queue/confirm/", queue.queue_confirm, name="queue_confirm"),
    path("required-events/", events.event_list, name="events"),
    path("required-events/new/", events.event_edit, name="event_create"),
    path("required-events/<int:pk>/", events.event_detail, name="event"),
    path("required-events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("filing-status/", status.matrix, name="matrix"),
    path("reminders/", status.reminders, name="reminders"),
    path("ledger-import/", ledger.ledger_upload, name="ledger"),
    path("ledger-import/confirm/", ledger.ledger_import, name="ledger_confirm"),
    path("ledger-import/template.xlsx", ledger.ledger_template, name="ledger_template"),
]
