"""What the library pages write: a project with its investor, credits and agreement; a draft with its first file."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.access import can
from projects.models import FROM_START, Investor, Project
from projects.services.evidence import evidence_attach
from projects.services.facts import (
    affected_years,
    changed,
    form_values,
    investor_locked,
    live_values,
    project_locked,
    proposal_save,
)
from projects.services.projects import (
    VERSIONED_FIELDS,
    check_credits,
    investor_save,
    project_create,
    project_set_credits,
    project_update,
)
from projects.services.records import record_create
from projects.services.versions import ensure_initial_versions, record_project_version, source_for
from targets.services import ensure_years_open


def _check_joint(*, credits, agreement, project=None) -> None:
    if len(credits) > 1 and agreement is None:
        if project is None or not project.evidence.active().exists():
            raise ValidationError({"agreement": "联合招商（两个及以上单位）须上传各方书面分成协议作为佐证"})


def _check_own_unit(*, by, credits) -> None:
    if not can(by, "records.audit") and by.unit_id not in {u.pk for u, _ in credits}:
        raise ValidationError({"credits": "本单位须是该项目的招商单位之一"})


def _investor_fields(*, by, investor: dict, project=None) -> tuple[dict, list | None]:
    """What of the investor form ``by`` may write directly, and the tags it may only propose (None: none)."""
    fields = dict(investor)
    tags = fields.pop("tags", None)
    if can(by, "records.audit"):
        return {**fields, "tags": tags}, None
    existing = Investor.objects.filter(name=(fields.get("name") or "").strip()).first()
    if existing is not None and not access_investor_is_own(by, existing):
        # another unit's enterprise: its credit code and contact are not theirs to see (a mismatch message would
        # show the code) or to overwrite
        fields["contact"], fields["credit_code"] = None, ""
    if existing is not None and investor_locked(existing):
        # naming an enterprise anew (a new project, another investor) with no tags ticked means "not given"
        naming = project is None or project.investor_id != existing.pk
        return fields, (None if naming and not tags else tags)
    return {**fields, "tags": tags}, None


def access_investor_is_own(by, investor) -> bool:
    """Every project of the investor is credited to ``by``'s unit (the form may show its contact details)."""
    unit_id = getattr(by, "unit_id", None)
    if unit_id is None:
        return False
    return not investor.projects.exclude(credits__unit_id=unit_id).exists()


@transaction.atomic
def project_register(
    *, by, investor: dict, credits: list[tuple], agreement=None, tag_proof=None, fact_reason="", **fields
) -> Project:
    """A project typed in the library page: its investor (found or created), its credited units and, for a joint
    project, the written agreement on the shares. Tags of an enterprise already confirmed on a submitted project are
    not overwritten: different tags become a draft proposal on the new project."""
    fields.pop("effective_on", None)
    check_credits(credits)
    _check_own_unit(by=by, credits=credits)
    _check_joint(credits=credits, agreement=agreement)
    if Project.objects.filter(code=fields.get("code")).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    direct, proposed_tags = _investor_fields(by=by, investor=investor)
    investor_obj = investor_save(by=by, **direct)
    project = project_create(by=by, credits=credits, agreement=agreement, investor=investor_obj, **fields)
    # an empty tag list on a new project means "not given": it never clears what the center confirmed
    if proposed_tags:
        project = Project.objects.get(pk=project.pk)
        values = form_values(
            project=project, investor=investor_obj, fields={}, labels=None, tags=proposed_tags, credits=None
        )
        if changed(live_values(project), values):
            proposal_save(
                project=project,
                by=by,
                values=values,
                reason=fact_reason or "新入库项目填写的企业标签与已认定的不同",
                tag_proof=tag_proof,
            )
    return project


@transaction.atomic
def project_edit(
    *,
    project: Project,
    by,
    investor: dict,
    credits: list[tuple] | None,
    agreement=None,
    tag_proof=None,
    fact_reason: str = "",
    effective_on=None,
    **fields,
):
    """Change a project from the library page. ``credits`` None leaves the shares as they are.

    The center changes everything directly (a version in force from ``effective_on``, else from the start). A filer
    does too until anything on the project has been submitted; after that its change of a score-relevant fact is a
    draft proposal (returned), and only the other fields change at once. Returns (project, proposal or None)."""
    center = can(by, "records.audit")
    if credits is not None:
        check_credits(credits)
        _check_own_unit(by=by, credits=credits)
    if Project.objects.filter(code=fields.get("code")).exclude(pk=project.pk).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    direct, proposed_tags = _investor_fields(by=by, investor=investor, project=project)
    if not center and project_locked(project):
        investor_obj = investor_save(by=by, **{**direct, "tags": None})
        labels = fields.pop("labels", None)
        facts = {name: fields.pop(name) for name in list(fields) if name in VERSIONED_FIELDS}
        tags = direct.get("tags") if direct.get("tags") is not None else proposed_tags
        values = form_values(
            project=project, investor=investor_obj, fields=facts, labels=labels, tags=tags, credits=credits
        )
        project_update(project=project, by=by, **fields)
        proposal = proposal_save(
            project=project,
            by=by,
            values=values,
            effective_on=effective_on,
            reason=fact_reason,
            agreement=agreement,
            tag_proof=tag_proof,
        )
        return project, proposal
    if credits is not None:
        _check_joint(credits=credits, agreement=agreement, project=project)
    investor_obj = investor_save(by=by, reason=fact_reason, **direct)
    ensure_initial_versions(project)
    before = live_values(project)
    project_update(project=project, by=by, investor=investor_obj, versioned=False, **fields)
    if credits is not None:
        project_set_credits(project=project, by=by, credits=credits, versioned=False)
    if agreement is not None:
        evidence_attach(record=project, file=agreement, by=by, description="联合招商分成协议")
    after = live_values(project)
    if changed(before, after) and [n for n in changed(before, after) if n != "investor_tags"]:
        if effective_on:
            ensure_years_open(affected_years(project, before, after, effective_on), "项目的计分信息")
        record_project_version(
            project=project,
            source=source_for(by),
            by=by,
            reason=fact_reason,
            effective_on=effective_on or FROM_START,
        )
    proposal = None
    if proposed_tags is not None:
        values = form_values(
            project=project, investor=investor_obj, fields={}, labels=None, tags=proposed_tags, credits=None
        )
        proposal = proposal_save(
            project=project, by=by, values=values, effective_on=effective_on, reason=fact_reason, tag_proof=tag_proof
        )
    return project, proposal


@transaction.atomic
def record_file(*, record_type: str, unit, by, evidence=None, **fields):
    """A new draft filed from a page, with its first evidence file when one was chosen."""
    record = record_create(record_type=record_type, unit=unit, by=by, **fields)
    if evidence is not None and not record.repeated:
        evidence_attach(record=record, file=evidence, by=by)
    return record
