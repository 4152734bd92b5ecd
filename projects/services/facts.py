"""Score-relevant project facts as confirmed versions (issue 10, docs/integrity.md).

The facts scoring reads — the investor and its tags, the project kind and its labels (producer-service kinds), the
major flag, sector, in-FAI flag, total investment, the credited units and their shares — are kept as confirmed
versions (``ProjectFactVersion``, ``InvestorTagVersion``). Until anything on a project has been submitted its filer
edits them freely (each save a version); after that a filer's change is a ``FactProposal`` (draft → submitted →
confirmed / returned with a reason) that changes nothing until the center confirms it. The live fields of
``Project``, ``ProjectCredit`` and ``Investor.tags`` always hold the last confirmed values; scoring reads the version
in force at the cut-off.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.access import can
from audit.services import audit_log
from core.formatting import plain
from projects.models import (
    FROM_START,
    FactProposal,
    FactSource,
    IndustryLabel,
    Investor,
    InvestorTag,
    InvestorTagVersion,
    Project,
    ProjectCredit,
    ProjectKind,
    RecordEvent,
    Status,
)
from projects.services.common import WorkflowError, add_event, project_years
from projects.services.evidence import evidence_attach
from projects.services.projects import check_credits
from projects.services.versions import (
    ensure_initial_tag_version,
    ensure_initial_versions,
    record_project_version,
    record_tag_version,
)
from projects.services.workflow import return_reason, step
from targets.models import Sector, Unit
from targets.services import ensure_years_open

# The facts of a project row; labels, the investor's tags and the credits are kept beside them.
ROW_FACTS = ("investor", "kind", "is_major", "sector", "in_fai_statistics", "total_investment")
FACT_NAMES = {
    "investor": "投资企业",
    "kind": "项目类型",
    "is_major": "重大项目",
    "sector": "类别",
    "in_fai_statistics": "纳入固定资产投资统计",
    "total_investment": "总投资（亿元）",
    "labels": "产业标签",
    "investor_tags": "企业标签",
    "credits": "招商单位及分成",
}
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
AGREEMENT = "联合招商分成协议"
TAG_PROOF = "企业标签证明材料"


# --- reading the facts ------------------------------------------------------------------------------------------


def project_locked(project) -> bool:
    """Anything on the project has been submitted (a contract, start or funds record past its draft): from then on a
    filer's change of its facts is a proposal."""
    past_draft = Q(submitted_at__isnull=False) | ~Q(status=Status.DRAFT)
    return any(getattr(project, rel).filter(past_draft).exists() for rel in ("contracts", "starts", "funds"))


def investor_locked(investor) -> bool:
    """An investor's tags are confirmed facts once any of its projects is locked."""
    if investor is None or investor.pk is None:
        return False
    return any(project_locked(p) for p in investor.projects.all())


def _credits_value(pairs) -> list:
    return sorted([int(unit), plain(Decimal(share))] for unit, share in pairs)


def live_values(project) -> dict:
    """The facts the system holds now, as plain JSON values (ids, codes, plain decimals)."""
    return {
        "investor": project.investor_id,
        "kind": project.kind,
        "is_major": bool(project.is_major),
        "sector": project.sector_id,
        "in_fai_statistics": bool(project.in_fai_statistics),
        "total_investment": plain(project.total_investment),
        "labels": sorted(project.labels.values_list("pk", flat=True)),
        "investor_tags": sorted(Investor.objects.get(pk=project.investor_id).tags.values_list("code", flat=True)),
        "credits": _credits_value(project.credits.values_list("unit_id", "share")),
    }


def form_values(*, project, investor, fields: dict, labels, tags, credits) -> dict:
    """The facts a form proposes, in the shape of ``live_values``: what is not given keeps its live value."""
    values = live_values(project)
    values["investor"] = investor.pk
    for name in ROW_FACTS[1:]:
        if name in fields:
            value = fields[name]
            if name == "sector":
                value = value.pk if value is not None else None
            elif name == "total_investment":
                value = plain(value)
            elif name in ("is_major", "in_fai_statistics"):
                value = bool(value)
            values[name] = value
    if labels is not None:
        values["labels"] = sorted(label.pk for label in labels)
    if tags is not None:
        values["investor_tags"] = sorted(t.code for t in tags)
    elif investor.pk != project.investor_id:
        values["investor_tags"] = sorted(investor.tags.values_list("code", flat=True))
    if credits is not None:
        values["credits"] = _credits_value((u.pk, s) for u, s in credits)
    return values


def changed(before: dict, after: dict) -> list[str]:
    return [name for name in FACT_NAMES if before.get(name) != after.get(name)]


def shares_changed(before: dict, after: dict) -> bool:
    return before.get("credits") != after.get("credits")


def tags_added(before: dict, after: dict) -> list[str]:
    return sorted(set(after.get("investor_tags", [])) - set(before.get("investor_tags", [])))


def names_for(*values_list: dict) -> dict:
    """The names behind the ids of some values, in five queries whatever their number."""
    ids = {"investor": set(), "sector": set(), "units": set(), "labels": set()}
    for values in values_list:
        ids["investor"].add(values.get("investor"))
        ids["sector"].add(values.get("sector"))
        ids["units"].update(u for u, _ in values.get("credits", []))
        ids["labels"].update(values.get("labels", []))
    return {
        "investor": dict(Investor.objects.filter(pk__in=ids["investor"] - {None}).values_list("pk", "name")),
        "sector": {
            s.pk: f"{s.year.year}年 · {s.name}"
            for s in Sector.objects.filter(pk__in=ids["sector"] - {None}).select_related("year")
        },
        "units": dict(Unit.objects.filter(pk__in=ids["units"]).values_list("pk", "name")),
        "tags": dict(InvestorTag.objects.values_list("code", "name")),
        "labels": {label.pk: str(label) for label in IndustryLabel.objects.filter(pk__in=ids["labels"])},
    }


def describe(values: dict, names: dict | None = None) -> dict:
    """The values as people read them: names instead of ids, 是/否, labels of choices."""
    names = names or names_for(values)
    units, tags, labels = names["units"], names["tags"], names["labels"]
    kind = values.get("kind")
    return {
        "investor": names["investor"].get(values.get("investor"), ""),
        "kind": ProjectKind(kind).label if kind in ProjectKind.values else (kind or ""),
        "is_major": "是" if values.get("is_major") else "否",
        "sector": names["sector"].get(values.get("sector"), "") or "无",
        "in_fai_statistics": "是" if values.get("in_fai_statistics") else "否",
        "total_investment": values.get("total_investment", ""),
        "labels": "、".join(labels.get(pk, str(pk)) for pk in values.get("labels", [])) or "无",
        "investor_tags": "、".join(tags.get(code, code) for code in values.get("investor_tags", [])) or "无",
        "credits": "；".join(f"{units.get(u, u)} {s}%" for u, s in values.get("credits", [])),
    }


def diff_rows(before: dict, after: dict, names: dict | None = None) -> list[tuple[str, str, str]]:
    """(fact, before, after) of each changed fact, as people read them."""
    names = names or names_for(before, after)
    shown_before, shown_after = describe(before, names), describe(after, names)
    return [(FACT_NAMES[n], shown_before[n], shown_after[n]) for n in changed(before, after)]


# --- proposals --------------------------------------------------------------------------------------------------


def affected_years(project, values_before: dict, values_after: dict, effective_on: dt.date) -> set[int]:
    """The years whose scores a change from ``effective_on`` on would move: the project's years from that date (and
    those of the investor's other projects when its tags change), and the year of the date itself."""
    years = set(project_years(project))
    if values_before.get("investor_tags") != values_after.get("investor_tags"):
        investor = Investor.objects.filter(pk=values_after.get("investor")).first()
        for other in investor.projects.all() if investor else ():
            years |= project_years(other)
    years = {y for y in years if y >= effective_on.year}
    if effective_on != FROM_START:
        years.add(effective_on.year)
    return years


def _ensure_open(proposal_or_project, before, after, effective_on):
    project = getattr(proposal_or_project, "project", proposal_or_project)
    names = "、".join(FACT_NAMES[n] for n in changed(before, after)) or "项目计分信息"
    ensure_years_open(affected_years(project, before, after, effective_on), f"项目的计分信息（{names}）")


def _check_values(values: dict) -> None:
    check_credits([(unit, Decimal(share)) for unit, share in values.get("credits", [])])


def _has_file(proposal, description: str) -> bool:
    return proposal is not None and proposal.evidence.active().filter(description=description).exists()


def _check_evidence(proposal, before, after, *, agreement=None, tag_proof=None) -> None:
    """A shares change goes with the written agreement; a new tag with its proof."""
    if shares_changed(before, after) and agreement is None and not _has_file(proposal, AGREEMENT):
        raise ValidationError(
            {
                "agreement": "变更招商单位或分成比例须上传各方签字盖章的书面分成协议，协议经县招商投资事务中心认定后方生效"
            }
        )
    added = tags_added(before, after)
    if added and tag_proof is None and not _has_file(proposal, TAG_PROOF):
        names = "、".join(InvestorTag.objects.filter(code__in=added).values_list("name", flat=True))
        raise ValidationError({"tag_proof": f"新增企业标签（{names}）须上传证明材料（如名录、认定文件）"})


def may_propose(by, project) -> bool:
    """A filer of a unit credited with the project (now) proposes; the center changes facts directly."""
    unit_id = getattr(by, "unit_id", None)
    return bool(unit_id) and can(by, "projects.manage") and project.credits.filter(unit_id=unit_id).exists()


@transaction.atomic
def proposal_save(
    *,
    project,
    by,
    values: dict,
    effective_on: dt.date | None = None,
    reason: str = "",
    agreement=None,
    tag_proof=None,
) -> FactProposal | None:
    """Keep a filer's change of facts as a draft proposal (the open one of the project, else a new one). Nothing
    counts until the center confirms it. None when the values are those held now."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not may_propose(by, project):
        raise ValidationError({"__all__": "只有该项目的招商单位可以申请变更项目计分信息"})
    effective_on = effective_on or FROM_START
    before = live_values(project)
    _check_values(values)
    if not changed(before, values):
        return None
    proposal = project.fact_proposals.filter(status__in=OPEN).first()
    if proposal is not None and proposal.status == Status.SUBMITTED:
        raise WorkflowError("该项目已有一份待审核的计分信息变更申请，请等待审核结果（或由审核人员退回）后再修改")
    if proposal is not None and proposal.unit_id != by.unit_id:
        raise WorkflowError(f"合作单位“{proposal.unit}”已有一份未完成的计分信息变更申请，请与其协商后由其修改或撤回")
    _ensure_open(project, before, values, effective_on)
    _check_evidence(proposal, before, values, agreement=agreement, tag_proof=tag_proof)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"fact_reason": "请填写变更原因（审核人员据此核对）"})
    if proposal is None:
        proposal = FactProposal.objects.create(
            project=project,
            unit=by.unit,
            values=values,
            before=before,
            effective_on=effective_on,
            reason=reason,
            created_by=by,
        )
        action = RecordEvent.Action.CREATE
    else:
        proposal.values, proposal.before, proposal.effective_on, proposal.reason = values, before, effective_on, reason
        proposal.save(update_fields=["values", "before", "effective_on", "reason"])
        action = RecordEvent.Action.EDIT
    rows = diff_rows(before, values)
    add_event(proposal, action=action, by=by, to_status=proposal.status, changes={r[0]: [r[1], r[2]] for r in rows})
    for file, description in ((agreement, AGREEMENT), (tag_proof, TAG_PROOF)):
        if file is not None:
            evidence_attach(record=proposal, file=file, by=by, description=description)
    audit_log(action="facts.propose", by=by, obj=proposal, detail={"changes": {r[0]: [r[1], r[2]] for r in rows}})
    return proposal


PROPOSAL = "该变更申请"  # how a stale transition's message names a proposal


@transaction.atomic
def proposal_submit(*, proposal, by, now=None) -> FactProposal:
    """The proposing unit sends its draft (or returned) proposal to the center, with the evidence it needs."""
    if proposal.status not in (Status.DRAFT, Status.RETURNED):
        raise WorkflowError(f"变更申请状态为“{proposal.get_status_display()}”，不能提交")
    if by.unit_id is None or by.unit_id != proposal.unit_id or not can(by, "projects.manage"):
        raise WorkflowError("只有提出申请的单位可以提交该变更申请")
    before = live_values(proposal.project)
    _check_values(proposal.values)
    _ensure_open(proposal, before, proposal.values, proposal.effective_on)
    _check_evidence(proposal, before, proposal.values)
    step(proposal, "submit", by=by, what=PROPOSAL, submitted_at=now or timezone.now())
    audit_log(action="facts.submit", by=by, obj=proposal)
    return proposal


@transaction.atomic
def proposal_return(*, proposal, by, reason: str, expected_revision=None) -> FactProposal:
    reason = return_reason(reason)
    if not can(by, "records.audit"):
        raise WorkflowError("只有县招商投资事务中心可以退回变更申请")
    step(proposal, "return", by=by, reason=reason, expected_revision=expected_revision, what=PROPOSAL)
    audit_log(action="facts.return", by=by, obj=proposal, detail={"reason": reason})
    return proposal


def _apply(project, values: dict) -> bool:
    """Write the values to the live fields; True when the investor's tags changed."""
    project.investor = Investor.objects.get(pk=values["investor"])
    project.kind = values["kind"]
    project.is_major = values["is_major"]
    project.sector = Sector.objects.filter(pk=values["sector"]).first() if values["sector"] else None
    project.in_fai_statistics = values["in_fai_statistics"]
    project.total_investment = Decimal(values["total_investment"])
    project.full_clean()
    project.save(update_fields=[*ROW_FACTS, "updated_at"])
    project.labels.set(IndustryLabel.objects.filter(pk__in=values["labels"]))
    project.credits.all().delete()
    units = Unit.objects.in_bulk([u for u, _ in values["credits"]])
    ProjectCredit.objects.bulk_create(
        ProjectCredit(project=project, unit=units[u], share=Decimal(s)) for u, s in values["credits"]
    )
    investor = project.investor
    tags = sorted(investor.tags.values_list("code", flat=True))
    if tags != sorted(values["investor_tags"]):
        investor.tags.set(InvestorTag.objects.filter(code__in=values["investor_tags"]))
        return True
    return False


@transaction.atomic
def proposal_confirm(*, proposal, by, expected_revision=None, now=None) -> FactProposal:
    """The center confirms a proposal with its evidence: the values become a new version, in force from its date."""
    if not can(by, "records.audit"):
        raise WorkflowError("只有县招商投资事务中心可以认定变更申请")
    project = Project.objects.select_for_update().get(pk=proposal.project_id)
    if proposal.status != Status.SUBMITTED:
        raise WorkflowError(f"变更申请状态为“{proposal.get_status_display()}”，不能认定")
    before = live_values(project)
    if before != proposal.before:
        raise WorkflowError("项目的计分信息在申请提出后已有变化，请退回该申请，由填报单位按现有信息重新申请")
    _check_values(proposal.values)
    _ensure_open(project, before, proposal.values, proposal.effective_on)
    _check_evidence(proposal, before, proposal.values)
    now = now or timezone.now()
    step(proposal, "confirm", by=by, expected_revision=expected_revision, what=PROPOSAL, confirmed_at=now)
    ensure_initial_versions(project)
    if proposal.values["investor"] != project.investor_id:
        ensure_initial_tag_version(Investor.objects.get(pk=proposal.values["investor"]), by=by)
    tags_moved = _apply(project, proposal.values)
    common = {
        "by": proposal.created_by,
        "confirmed_by": by,
        "reason": proposal.reason,
        "effective_on": proposal.effective_on,
        "proposal": proposal,
        "now": now,
    }
    record_project_version(project=project, source=FactSource.PROPOSAL, **common)
    if tags_moved:
        record_tag_version(investor=project.investor, source=FactSource.PROPOSAL, **common)
    audit_log(action="facts.confirm", by=by, obj=proposal, detail={"changes": changed(before, proposal.values)})
    return proposal


# --- what the project page shows --------------------------------------------------------------------------------


def version_history(project) -> list[dict]:
    """Every confirmed version of the project's facts and of its investor's tags, oldest first, with who, when, why
    and what changed against the one before: a fixed number of queries."""
    versions = list(
        project.fact_versions.select_related("proposed_by", "confirmed_by")
        .prefetch_related("labels", "credits")
        .order_by("id")
    )
    values = [
        {
            "investor": v.investor_id,
            "kind": v.kind,
            "is_major": v.is_major,
            "sector": v.sector_id,
            "in_fai_statistics": v.in_fai_statistics,
            "total_investment": plain(v.total_investment),
            "labels": sorted(label.pk for label in v.labels.all()),
            "credits": _credits_value((c.unit_id, c.share) for c in v.credits.all()),
            "investor_tags": [],
        }
        for v in versions
    ]
    names = names_for(*values)
    rows = []
    for i, version in enumerate(versions):
        if i == 0:
            shown = describe(values[0], names)
            changes = [(FACT_NAMES[n], "", shown[n]) for n in FACT_NAMES if n != "investor_tags"]
        else:
            changes = diff_rows(values[i - 1], values[i], names)
        rows.append({"version": version, "what": "项目", "changes": changes})
    tag_versions = (
        InvestorTagVersion.objects.filter(investor_id=project.investor_id)
        .select_related("proposed_by", "confirmed_by")
        .prefetch_related("tags")
        .order_by("id")
    )
    before_tags = ""
    for version in tag_versions:
        shown = "、".join(t.name for t in version.tags.all()) or "无"
        rows.append({"version": version, "what": "企业标签", "changes": [("企业标签", before_tags, shown)]})
        before_tags = shown
    return sorted(rows, key=lambda row: (row["version"].confirmed_at, row["what"], row["version"].pk))
