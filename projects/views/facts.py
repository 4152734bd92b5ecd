"""Proposals to change a project's score-relevant facts: the filer submits, the center confirms or returns."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.http import next_or
from projects import access, services
from projects.forms import ConfirmForm, ReturnForm
from projects.models import FROM_START, Evidence, FactProposal, Status
from projects.services.facts import AGREEMENT, TAG_PROOF, diff_rows, names_for, shares_changed, tags_added


def _message(exc) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def annotate(proposal, names=None) -> FactProposal:
    """What the auditor reads beside a proposal: the changed facts and the evidence each needs."""
    files = getattr(proposal, "active_evidence", None)
    if files is None:
        files = list(proposal.evidence.active())
    proposal.files = files
    proposal.diff = diff_rows(proposal.before, proposal.values, names)
    needs = []
    if shares_changed(proposal.before, proposal.values):
        needs.append((AGREEMENT, any(f.description == AGREEMENT for f in files)))
    if tags_added(proposal.before, proposal.values):
        needs.append((TAG_PROOF, any(f.description == TAG_PROOF for f in files)))
    proposal.needs = needs
    return proposal


def proposal_rows(user, project) -> list[FactProposal]:
    rows = (
        access.visible_proposals(user, project)
        .select_related("unit", "created_by", "confirmed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence"))
        .order_by("-created_at", "-id")
    )
    unit_id = getattr(user, "unit_id", None)
    rows = list(rows)
    names = names_for(*[p.before for p in rows], *[p.values for p in rows]) if rows else None
    out = []
    for proposal in rows:
        annotate(proposal, names)
        proposal.may_submit = proposal.is_editable and unit_id is not None and proposal.unit_id == unit_id
        proposal.may_audit = proposal.status == Status.SUBMITTED and can(user, "records.audit")
        out.append(proposal)
    return out


def pending_proposals(user) -> list[FactProposal]:
    """Submitted proposals, oldest first, for the auditor's queue."""
    rows = (
        FactProposal.objects.filter(status=Status.SUBMITTED, project__in=access.visible_projects(user))
        .select_related("project", "unit", "created_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence"))
        .order_by("submitted_at", "pk")
    )
    rows = list(rows[:100])
    names = names_for(*[p.before for p in rows], *[p.values for p in rows]) if rows else None
    return [annotate(p, names) for p in rows]


@require_POST
@requires("records.file")
def proposal_submit(request, pk):
    proposal = access.get_proposal_or_404(request.user, pk)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, f"提交失败：{_message(exc)}")
    else:
        messages.success(request, f"变更申请 #{proposal.pk} 已提交，待县招商投资事务中心认定。")
    return redirect(proposal.get_absolute_url())


@require_POST
@requires("records.audit")
def proposal_confirm(request, pk):
    proposal = access.get_proposal_or_404(request.user, pk)
    form = ConfirmForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        services.proposal_confirm(proposal=proposal, by=request.user, expected_revision=revision)
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, f"认定失败：{_message(exc)}")
        return redirect(proposal.get_absolute_url())
    messages.success(request, f"已认定变更申请 #{proposal.pk}，新的计分信息{_from(proposal)}生效。")
    return redirect(next_or(request, proposal.get_absolute_url()))


@require_POST
@requires("records.audit")
def proposal_return(request, pk):
    proposal = access.get_proposal_or_404(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回时必须填写退回原因。")
        return redirect(proposal.get_absolute_url())
    try:
        services.proposal_return(
            proposal=proposal,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_revision=form.cleaned_data["revision"],
        )
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, f"退回失败：{_message(exc)}")
        return redirect(proposal.get_absolute_url())
    messages.success(request, f"已退回变更申请 #{proposal.pk}。")
    return redirect(next_or(request, proposal.get_absolute_url()))


def _from(proposal) -> str:
    return "自始" if proposal.effective_on == FROM_START else f"自{proposal.effective_on:%Y年%m月%d日}起"
