"""Which projects, records, evidence files and required events a user may see or change: one helper per model,
404 for what is not theirs (nobody learns that another unit's record exists)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import F, can, sees_all_units
from projects.models import Evidence, FactProposal, Project, RequiredEvent
from projects.services import RECORD_MODELS


def _unit_id(user):
    return getattr(user, "unit_id", None) if getattr(user, "role", None) == F and not user.is_superuser else None


def visible_projects(user):
    """Projects the user may read: staff readers all; a filer those credited to their unit."""
    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return Project.objects.all()
    if can(user, "records.view") and _unit_id(user):
        return Project.objects.filter(credits__unit_id=user.unit_id).distinct()
    return Project.objects.none()


def get_project_or_404(user, pk):
    return get_object_or_404(visible_projects(user), pk=pk)


def _credited(user, project) -> bool:
    """The user's unit holds a share of the project: from the project's prefetched credits when it has them (the
    project page asks twice), else one query."""
    credits = getattr(project, "_prefetched_objects_cache", {}).get("credits")
    if credits is not None:
        return any(c.unit_id == user.unit_id for c in credits)
    return project.credits.filter(unit_id=user.unit_id).exists()


def may_edit_project(user, project) -> bool:
    """Auditors keep the whole library; a filer edits the projects credited to their unit."""
    if can(user, "records.audit") and can(user, "projects.manage"):
        return True
    if not can(user, "projects.manage"):
        return False
    return _credited(user, project)


def may_change_credits(user, project) -> bool:
    """Shares decide other units' scores: once anything on the project is submitted a filer's change of them is a
    proposal the center confirms with the agreement (projects.services.facts); the form shows them to both."""
    return may_edit_project(user, project)


def visible_proposals(user, project):
    """A project's fact proposals: all its readers see them (both partners of a joint project)."""
    return project.fact_proposals.all()


def get_proposal_or_404(user, pk):
    proposal = get_object_or_404(FactProposal.objects.select_related("project", "unit"), pk=pk)
    if not visible_projects(user).filter(pk=proposal.project_id).exists():
        raise Http404
    return proposal


def may_file_on_project(user, project) -> bool:
    """A filer files contracts, starts and funds only on projects credited to their unit."""
    return can(user, "records.file") and bool(user.unit_id) and _credited(user, project)


def visible_records(user, model):
    """Records of one kind the user may read: staff readers all; a filer their unit's and those on projects credited
    to their unit (a joint project's records decide both units' figures)."""
    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return model.objects.all()
    unit_id = _unit_id(user)
    if not (can(user, "records.view") and unit_id):
        return model.objects.none()
    if any(f.name == "project" for f in model._meta.fields):
        ids = model.objects.filter(Q(unit_id=unit_id) | Q(project__credits__unit_id=unit_id)).values("pk")
        return model.objects.filter(pk__in=ids)
    return model.objects.filter(unit_id=unit_id)


def get_record_or_404(user, kind, pk):
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404("没有这种记录")
    # the record's page and every write name its unit and project: one query, not three
    related = ["unit"] + (["project"] if any(f.name == "project" for f in model._meta.fields) else [])
    return get_object_or_404(visible_records(user, model).select_related(*related), pk=pk)


def may_write_record(user, record) -> bool:
    """Only the filing unit's filers change, submit or correct a record."""
    return can(user, "records.file") and bool(user.unit_id) and record.unit_id == user.unit_id


def get_evidence_or_404(user, pk):
    """An evidence file, if the user may see what it is attached to."""
    evidence = get_object_or_404(Evidence.objects.select_related("content_type"), pk=pk, removed_at__isnull=True)
    model = evidence.content_type.model_class()
    if model is Project:
        visible = visible_projects(user)
    elif model is FactProposal:
        visible = FactProposal.objects.filter(project__in=visible_projects(user))
    elif model in RECORD_MODELS.values():
        visible = visible_records(user, model)
    else:
        raise Http404
    if not visible.filter(pk=evidence.object_id).exists():
        raise Http404
    return evidence


def may_remove_evidence(user, evidence, target) -> bool:
    if isinstance(target, Project):
        return may_edit_project(user, target) and evidence.uploaded_by_id == user.pk
    if isinstance(target, FactProposal):
        return target.is_editable and target.unit_id is not None and target.unit_id == getattr(user, "unit_id", None)
    return may_write_record(user, target) and target.is_editable


def visible_required_events(user):
    if sees_all_units(user) or getattr(user, "is_superuser", False):
        return RequiredEvent.objects.all()
    unit_id = _unit_id(user)
    if can(user, "records.view") and unit_id:
        return RequiredEvent.objects.filter(attendance__unit_id=unit_id).distinct()
    return RequiredEvent.objects.none()


def get_required_event_or_404(user, pk):
    return get_object_or_404(visible_required_events(user), pk=pk)


def may_file_sheet(user) -> bool:
    """The monthly filing sheet is a filer's, for their own unit (its rows: the unit's projects, see projects.sheet)."""
    return can(user, "records.file") and bool(getattr(user, "unit_id", None))
