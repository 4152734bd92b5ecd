"""The auditor's queue: submitted records by unit, kind and month, evidence beside the figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import requires
from core.http import next_or
from projects import access, selectors, services
from projects.forms import RecordFilterForm
from projects.models import Evidence, Status
from projects.views.facts import pending_proposals
from projects.views.records import KIND_LABELS

QUEUE_BATCH = 100  # per kind: the oldest first; confirming them brings up the next (a month-end queue holds thousands)


def pending(form, user):
    """(kind, label, records, count) for each kind the filter leaves: the oldest QUEUE_BATCH submissions and how many
    wait in all."""
    kinds = [form.cleaned_data["kind"]] if form.is_valid() and form.cleaned_data.get("kind") else services.RECORD_MODELS
    groups = []
    for kind in kinds:
        records = access.visible_records(user, services.RECORD_MODELS[kind]).filter(status=Status.SUBMITTED)
        if form.is_valid():
            records = form.apply(records, kind)
        related = ["unit", "created_by", "supersedes"] + (["project"] if kind in ("contract", "start", "funds") else [])
        records = records.select_related(*related).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence")
        )
        batch = list(records.order_by("submitted_at", "pk")[:QUEUE_BATCH])
        warnings = selectors.queue_warnings(kind, batch)
        for record in batch:
            record.warnings = warnings.get(record.pk, [])
        count = len(batch) if len(batch) < QUEUE_BATCH else records.count()
        groups.append((kind, KIND_LABELS[kind], batch, count))
    return groups


@requires("records.audit")
def queue(request):
    form = RecordFilterForm(request.GET or None)
    groups = pending(form, request.user)
    proposals = pending_proposals(request.user)
    for proposal in proposals:
        proposal.may_audit = True
    return render(
        request,
        "projects/queue.html",
        {
            "form": form,
            "groups": groups,
            "total": sum(g[3] for g in groups) + len(proposals),
            "proposals": proposals,
            "batch": QUEUE_BATCH,
            "here": request.get_full_path(),
        },
    )


@require_POST
@requires("records.audit")
def queue_confirm(request):
    """Confirm the ticked records, each on its own: one already handled by someone else does not stop the rest."""
    done, skipped = [], []
    for pick in request.POST.getlist("pick"):
        try:
            kind, pk, revision = pick.split(":")
            record = access.get_record_or_404(request.user, kind, int(pk))
            services.record_confirm(record=record, by=request.user, expected_revision=int(revision))
        except (ValueError, Http404):
            skipped.append(f"无效的选择 {pick}")
        except (services.WorkflowError, ValidationError) as exc:
            skipped.append(
                f"{KIND_LABELS.get(kind, '')} #{pk}：{exc if isinstance(exc, services.WorkflowError) else '；'.join(exc.messages)}"
            )
        else:
            done.append(record)
    if done:
        messages.success(request, f"已认定 {len(done)} 条记录。")
    for message in skipped:
        messages.warning(request, message)
    if not done and not skipped:
        messages.info(request, "请先勾选要认定的记录。")
    return redirect(next_or(request, "projects:queue"))
