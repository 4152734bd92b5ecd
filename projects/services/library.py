"""What the library pages write: a project with its investor, credits and agreement; a draft with its first file."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.access import can
from projects.models import Project
from projects.services.evidence import evidence_attach
from projects.services.projects import check_credits, investor_save, project_create, project_set_credits, project_update
from projects.services.records import record_create


def _check_joint(*, credits, agreement, project=None) -> None:
    if len(credits) > 1 and agreement is None:
        if project is None or not project.evidence.active().exists():
            raise ValidationError({"agreement": "联合招商（两个及以上单位）须上传各方书面分成协议作为佐证"})


def _check_own_unit(*, by, credits) -> None:
    if not can(by, "records.audit") and by.unit_id not in {u.pk for u, _ in credits}:
        raise ValidationError({"credits": "本单位须是该项目的招商单位之一"})


@transaction.atomic
def project_register(*, by, investor: dict, credits: list[tuple], agreement=None, **fields) -> Project:
    """A project typed in the library page: its investor (found or created), its credited units and, for a joint
    project, the written agreement on the shares."""
    check_credits(credits)
    _check_own_unit(by=by, credits=credits)
    _check_joint(credits=credits, agreement=agreement)
    if Project.objects.filter(code=fields.get("code")).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    investor_obj = investor_save(by=by, **investor)
    return project_create(by=by, credits=credits, agreement=agreement, investor=investor_obj, **fields)


@transaction.atomic
def project_edit(*, project: Project, by, investor: dict, credits: list[tuple] | None, agreement=None, **fields):
    """Change a project from the library page. ``credits`` None leaves the shares as they are."""
    if credits is not None:
        check_credits(credits)
        _check_own_unit(by=by, credits=credits)
        _check_joint(credits=credits, agreement=agreement, project=project)
    if Project.objects.filter(code=fields.get("code")).exclude(pk=project.pk).exists():
        raise ValidationError({"code": f"项目编号“{fields.get('code')}”已存在"})
    investor_obj = investor_save(by=by, **investor)
    project_update(project=project, by=by, investor=investor_obj, **fields)
    if credits is not None:
        project_set_credits(project=project, by=by, credits=credits)
    if agreement is not None:
        evidence_attach(record=project, file=agreement, by=by, description="联合招商分成协议")
    return project


@transaction.atomic
def record_file(*, record_type: str, unit, by, evidence=None, **fields):
    """A new draft filed from a page, with its first evidence file when one was chosen."""
    record = record_create(record_type=record_type, unit=unit, by=by, **fields)
    if evidence is not None and not record.repeated:
        evidence_attach(record=record, file=evidence, by=by)
    return record
