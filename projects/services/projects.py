"""Projects in the library and their investors: credited units and shares, the stage that confirmed records prove."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from core.formatting import plain
from projects.models import (
    ContractKind,
    FactSource,
    IndustryLabel,
    Investor,
    Project,
    ProjectCredit,
    RecordEvent,
    Stage,
    Status,
)
from projects.services.common import add_event, ensure_project_years_open, ensure_years_open, project_years, shown
from projects.services.evidence import evidence_attach
from projects.services.versions import (
    ensure_initial_tag_version,
    ensure_initial_versions,
    record_project_version,
    record_tag_version,
    source_for,
)
from projects.validators import check_credit_code

# The project facts scoring reads (bonus points, contract and funds credit); a closed year's values do not change.
SCORE_FIELDS = {"investor", "kind", "is_major", "sector", "in_fai_statistics", "total_investment", "year"}
# Of those, the ones kept as confirmed versions (projects.services.facts); the library year is not versioned.
VERSIONED_FIELDS = SCORE_FIELDS - {"year"}
STAGE_ORDER = [Stage.RESERVE, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]
HUNDRED = Decimal("100")


def check_credits(credits: list[tuple]) -> None:
    """Shares of a project's credited units: each above 0, no unit twice, summing to exactly 100 %."""
    if not credits:
        raise ValidationError({"credits": "至少要有一个招商单位"})
    units = [unit for unit, _ in credits]
    if len(set(units)) != len(units):
        raise ValidationError({"credits": "同一单位不能重复列出"})
    if any(share <= 0 for _, share in credits):
        raise ValidationError({"credits": "每个单位的分成比例必须大于0"})
    total = sum((Decimal(share) for _, share in credits), Decimal("0"))
    if total != HUNDRED:
        raise ValidationError({"credits": f"联合招商各单位分成比例之和必须为100%，现为{plain(total)}%"})


def investor_identity(name: str, credit_code: str = "") -> tuple[str, str]:
    """An investor's name and credit code as saved (trimmed, the code upper-case), refused when empty or invalid."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"investor_name": "请填写投资企业名称"})
    credit_code = (credit_code or "").strip().upper()
    if credit_code:
        try:
            check_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.messages}) from None
    return name, credit_code


def check_investor(*, name: str, credit_code: str, named, holder) -> None:
    """``investor_save``'s refusals once the investors are looked up: ``named`` the investor of that name (or None),
    ``holder`` another investor holding the credit code (or None). Reads attributes only, so the ledger's preview
    checks against what it has in hand without writing."""
    if credit_code:
        if holder:
            raise ValidationError({"credit_code": f"该统一社会信用代码已登记为“{holder.name}”，请核对企业名称"})
        if named and named.credit_code and named.credit_code != credit_code:
            raise ValidationError(
                {"credit_code": f"“{name}”已登记的统一社会信用代码为 {named.credit_code}，与填写的不一致"}
            )


def ensure_investor_tags_open(investor_name: str, years) -> None:
    """Tags earn bonus points: a change is refused while a year its projects count for is closed."""
    ensure_years_open(years, f"投资企业“{investor_name}”的企业类型标签")


def tags_differ(codes, tags) -> bool:
    """Whether ``tags`` would change an investor's tags, ``codes`` those it holds. None is "not given" (an empty
    ledger cell, an enterprise named anew with no tags ticked): it never changes, never clears, what is held."""
    return tags is not None and sorted(codes) != sorted({t.code for t in tags})


@transaction.atomic
def investor_save(
    *,
    by,
    name: str,
    credit_code: str = "",
    tags=None,
    contact: str | None = None,
    reason: str = "",
    source: str | None = None,
) -> Investor:
    """The investor of that name (or that credit code), created if new; its credit code, tags and contact set.
    Tags earn bonus points, so every change is audited and kept as a confirmed version, of ``source`` (default: as
    ``by`` may change them, the center or a filer before submission; the ledger's import says its own). The caller
    decides whether ``by`` may set the tags directly (projects.services.library: a filer proposes once they are
    confirmed facts)."""
    name, credit_code = investor_identity(name, credit_code)
    investor = Investor.objects.filter(name=name).first()
    holder = None
    if credit_code:
        holder = Investor.objects.filter(credit_code=credit_code).exclude(pk=getattr(investor, "pk", None)).first()
    check_investor(name=name, credit_code=credit_code, named=investor, holder=holder)
    created = investor is None
    if created:
        investor = Investor.objects.create(name=name, credit_code=credit_code, contact=contact or "")
        audit_log(action="investor.create", by=by, obj=investor, detail={"credit_code": credit_code})
    else:
        update = {}
        if credit_code and not investor.credit_code:
            update["credit_code"] = credit_code
        if contact is not None and contact != investor.contact:
            update["contact"] = contact
        if update:
            for field, value in update.items():
                setattr(investor, field, value)
            investor.save(update_fields=list(update))
            audit_log(action="investor.update", by=by, obj=investor, detail={"changes": update})
    if tags is not None:
        before = sorted(investor.tags.values_list("code", flat=True))
        if tags_differ(before, tags):
            after = sorted({t.code for t in tags})
            years = set()
            for project in investor.projects.all():
                years |= project_years(project)
            ensure_investor_tags_open(investor.name, years)
            ensure_initial_tag_version(investor, by=by)
            investor.tags.set(tags)
            record_tag_version(investor=investor, source=source or source_for(by), by=by, reason=reason)
            audit_log(action="investor.tags", by=by, obj=investor, detail={"before": before, "after": after})
    return investor


def credits_text(credits) -> str:
    """[(unit, share)] as the history reads it: 县文化旅游委 60%；县交通局 40%."""
    return "；".join(f"{u} {plain(Decimal(s))}%" for u, s in credits)


def stage_floor(project: Project) -> str:
    """The stage confirmed records prove: started with a confirmed start, signed with a confirmed formal contract."""
    if project.pk is None:
        return Stage.RESERVE
    if project.starts.filter(status=Status.CONFIRMED).exists():
        return Stage.STARTED
    if project.contracts.filter(status=Status.CONFIRMED, kind=ContractKind.FORMAL).exists():
        return Stage.SIGNED
    return Stage.RESERVE


def check_stage(project: Project, stage: str) -> None:
    """签约 and 开工 follow from confirmed records; people set 储备/在谈 before signing and 投产 after the start."""
    floor = stage_floor(project)
    if stage == project.stage and project.pk is not None:
        return
    if stage in (Stage.SIGNED, Stage.STARTED) and stage != floor:
        raise ValidationError({"stage": "“签约”“开工”阶段由审核认定的正式合同、开工记录自动确定，不能手工选择"})
    if STAGE_ORDER.index(stage) < STAGE_ORDER.index(floor):
        raise ValidationError({"stage": f"项目已有认定记录，阶段不能早于“{Stage(floor).label}”"})
    if stage == Stage.PRODUCING and floor != Stage.STARTED:
        raise ValidationError({"stage": "项目须先有认定的开工记录，才能标为“投产”"})


# The relations a new project names, checked by full_clean with a query each; the ledger resolves them from what it
# read in one query per table (so they exist), and its reader refuses a code twice in a file.
RELATIONS = ["investor", "year", "sector", "town", "responsible_leader", "created_by"]


def check_project(project: Project, credits: list[tuple], *, stage_given: bool = False, resolved: bool = False):
    """Everything ``project_create`` refuses, nothing written: the shares, every field, the stage. ``resolved``: the
    caller looked the relations up itself and knows the code is new (the ledger, previewing or importing 200 projects
    without 1,400 queries); the investor may then be one not saved yet (a preview's)."""
    check_credits(credits)
    if resolved:
        # Its one check constraint (total investment ≥ 0, a query each) is the field's own MinValueValidator, which
        # clean_fields runs; tests/projects/test_ledger_preview.py fails when another constraint is added.
        project.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    else:
        project.full_clean()
    if stage_given:
        check_stage(project, project.stage)


@transaction.atomic
def project_create(*, by, credits: list[tuple], agreement=None, resolved: bool = False, **fields) -> Project:
    """Register a project in the library with its credited units [(unit, share %), …] and, for a joint project,
    the written agreement on the shares as evidence. ``resolved``: as in ``check_project`` (the ledger checks its
    new projects so whether it previews or imports them)."""
    labels = fields.pop("labels", None)
    project = Project(created_by=by, **fields)
    check_project(project, credits, stage_given="stage" in fields, resolved=resolved)
    project.save()
    if labels is not None:
        project.labels.set(labels)
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.create",
        by=by,
        obj=project,
        detail={"credits": {str(u): plain(s) for u, s in credits}},
    )
    add_event(project, action=RecordEvent.Action.CREATE, by=by, changes={"units": ["", credits_text(credits)]})
    if agreement is not None:
        evidence_attach(record=project, file=agreement, by=by, description="联合招商分成协议")
    record_project_version(
        project=project, source=FactSource.INITIAL, by=by, reason="项目入库", labels=labels, credits=credits
    )
    ensure_initial_tag_version(project.investor, by=by)
    return project


@transaction.atomic
def project_update(*, project: Project, by, versioned: bool = True, reason: str = "", **fields) -> Project:
    """Change a project's fields. A change of a versioned fact writes a new version (``versioned`` False: the
    caller writes one version for several changes)."""
    labels = fields.pop("labels", None)
    if "stage" in fields:
        check_stage(project, fields["stage"])
    years_before = project_years(project) if SCORE_FIELDS & set(fields) else set()
    changes = {}
    for name, value in fields.items():
        old = getattr(project, name)
        if old != value:
            before = shown(project, name)
            setattr(project, name, value)
            changes[name] = [before, shown(project, name)]
    project.full_clean()
    if scored := [n for n in changes if n in SCORE_FIELDS]:
        names = "、".join(str(Project._meta.get_field(n).verbose_name) for n in scored)
        ensure_years_open(years_before | project_years(project), f"项目的计分信息（{names}）")
    if VERSIONED_FIELDS & set(changes) or labels is not None:
        ensure_initial_versions(project)
    if changes:
        project.save(update_fields=[*changes, "updated_at"])
    if labels is not None:
        before = sorted(project.labels.values_list("pk", flat=True))
        if before != sorted(label.pk for label in labels):
            project.labels.set(labels)
            changes["labels"] = [before, sorted(label.pk for label in labels)]
    if changes:
        audit_log(action="project.update", by=by, obj=project, detail={"changes": changes})
        named = dict(changes)
        if "labels" in named:
            names = dict(
                IndustryLabel.objects.filter(pk__in=[*named["labels"][0], *named["labels"][1]]).values_list(
                    "pk", "name"
                )
            )
            named["labels"] = ["、".join(names.get(pk, str(pk)) for pk in side) for side in named["labels"]]
        add_event(project, action=RecordEvent.Action.EDIT, by=by, reason=reason, changes=named)
    if versioned and (VERSIONED_FIELDS | {"labels"}) & set(changes):
        record_project_version(project=project, source=source_for(by), by=by, reason=reason)
    return project


@transaction.atomic
def project_set_credits(
    *, project: Project, by, credits: list[tuple], versioned: bool = True, reason: str = ""
) -> Project:
    """Replace a project's credited units and shares (联合招商, with the written agreement as evidence)."""
    check_credits(credits)
    before = {str(c.unit): plain(c.share) for c in project.credits.select_related("unit")}
    if {c.unit_id: c.share for c in project.credits.all()} == {u.pk: Decimal(s) for u, s in credits}:
        return project
    ensure_project_years_open(project, "项目的招商单位及分成比例")
    ensure_initial_versions(project)
    project.credits.all().delete()
    ProjectCredit.objects.bulk_create(ProjectCredit(project=project, unit=u, share=Decimal(s)) for u, s in credits)
    audit_log(
        action="project.credits",
        by=by,
        obj=project,
        detail={"before": before, "after": {str(u): plain(s) for u, s in credits}},
    )
    add_event(
        project,
        action=RecordEvent.Action.EDIT,
        by=by,
        reason=reason,
        changes={"units": ["；".join(f"{u} {s}%" for u, s in before.items()), credits_text(credits)]},
    )
    if versioned:
        record_project_version(project=project, source=source_for(by), by=by, reason=reason)
    return project


def advance_stage(project: Project, stage: str) -> None:
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(project.stage):
        Project.objects.filter(pk=project.pk).update(stage=stage, updated_at=timezone.now())
        project.stage = stage
