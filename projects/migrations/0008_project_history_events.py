"""The project page's history comes from the project's own events (``RecordEvent`` rows on the project), no longer
from the audit trail (which only the audit admin reads and the retention purge shortens): copy what the trail still
holds of each project — its entry, its edits, its shares — into those events, with their original times."""

from django.db import migrations

ACTIONS = {"project.create": "create", "project.update": "edit", "project.credits": "edit"}


def _shares(mapping: dict) -> str:
    return "；".join(f"{unit} {share}%" for unit, share in (mapping or {}).items())


def copy_project_history(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    RecordEvent = apps.get_model("projects", "RecordEvent")
    Project = apps.get_model("projects", "Project")
    User = apps.get_model("accounts", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    project_type, _ = ContentType.objects.get_or_create(app_label="projects", model="project")
    if RecordEvent.objects.filter(content_type=project_type).exists():
        return
    projects = set(Project.objects.values_list("pk", flat=True))
    users = set(User.objects.values_list("pk", flat=True))
    for event in AuditEvent.objects.filter(object_type="projects.project", action__in=list(ACTIONS)).order_by(
        "at", "id"
    ):
        try:
            pk = int(event.object_id)
        except (TypeError, ValueError):
            continue
        if pk not in projects or event.user_id not in users:
            continue
        detail = event.detail or {}
        if event.action == "project.create":
            changes = {"units": ["", _shares(detail.get("credits"))]}
        elif event.action == "project.credits":
            changes = {"units": [_shares(detail.get("before")), _shares(detail.get("after"))]}
        else:
            changes = detail.get("changes") or {}
        row = RecordEvent.objects.create(
            content_type=project_type, object_id=pk, action=ACTIONS[event.action], by_id=event.user_id, changes=changes
        )
        RecordEvent.objects.filter(pk=row.pk).update(at=event.at)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_project_fact_versions"),
        ("audit", "0003_append_only_trigger"),
        ("accounts", "0003_account_manager_creates_admins"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_project_history, migrations.RunPython.noop)]
