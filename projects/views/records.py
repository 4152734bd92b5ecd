"""Records per kind (contract, start, funds, activity, monthly report): file, edit, evidence, submit, correct,
and the center's confirm/return, each with its full history."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.http import next_or
from projects import access, services
from projects.forms import (
    RECORD_FORMS,
    ConfirmForm,
    EvidenceForm,
    MonthField,
    RecordListForm,
    ReturnForm,
    apply_errors,
    correction_form,
    initial_of,
)
from projects.forms.pending import KeptEvidenceForm
from projects.models import Evidence, Status
from projects.notices import record_notices
from projects.views.common import already_done, redirect_done, remember_done
from targets.access import visible_units

PROJECT_KINDS = ("contract", "start", "funds")
KIND_LABELS = {kind: model._meta.verbose_name for kind, model in services.RECORD_MODELS.items()}


def _form_kwargs(request, kind):
    if kind == "activity":
        return {"projects": access.visible_projects(request.user).order_by("-created_at")}
    return {}


def _notices_to_confirm(request, kind, record, fields) -> list[str]:
    """The 提示 of what is about to be saved (projects.notices), until the filer ticks 已核实 and saves again."""
    probe = copy.copy(record) if record is not None else services.RECORD_MODELS[kind]()
    for name, value in fields.items():
        if name != "leaders":
            setattr(probe, name, value)
    return [] if request.POST.get("confirm_notices") else record_notices(kind, probe)


def _linked_month(request, kind) -> dict:
    """The month a link from the monthly calendar names (``?month=2023-10``), filled in for a funds record or a work
    report; anything else in the query is ignored."""
    if request.method != "GET" or "month" not in RECORD_FORMS[kind].base_fields:
        return {}
    try:
        return {"month": MonthField().clean(request.GET.get("month", ""))}
    except ValidationError:
        return {}


@requires("records.file")
def record_new(request, kind, project_pk=None):
    if kind not in services.RECORD_MODELS or (kind in PROJECT_KINDS) != (project_pk is not None):
        raise Http404
    project = access.get_project_or_404(request.user, project_pk) if project_pk else None
    if project is not None and not access.may_file_on_project(request.user, project):
        raise PermissionDenied("只能在本单位参与招商的项目上填报")
    if not request.user.unit_id:
        raise PermissionDenied("账号未绑定单位，不能填报")
    if request.method == "POST" and (done := already_done(request)):
        return redirect_done(request, done)
    form = RECORD_FORMS[kind](request.POST or None, initial=_linked_month(request, kind), **_form_kwargs(request, kind))
    upload = _upload_form(request)
    valid = request.method == "POST" and form.is_valid() & upload.is_valid()
    extra = {"project": project} if project else {}
    notices = _notices_to_confirm(request, kind, None, {**extra, **form.record_fields()}) if valid else []
    if valid and not notices:
        try:
            record = services.record_file(
                record_type=kind,
                unit=request.user.unit,
                by=request.user,
                evidence=upload.cleaned_data.get("file"),
                submit_token=form.cleaned_data.get("form_token"),
                **extra,
                **form.record_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            upload.taken()
            if record.repeated:
                return redirect_done(request, record.get_absolute_url())
            remember_done(request, form, record.get_absolute_url())
            return _after_save(request, record)
    if request.method == "POST":
        upload.keep()
    context = {"form": form, "upload": upload, "kind": kind, "kind_label": KIND_LABELS[kind], "project": project}
    context["next"] = _next_path(request)
    return render(request, "projects/record_form.html", {**context, "notices": notices})


def _upload_form(request):
    """The evidence field of a record form; a file chosen before an error is kept (projects/pending.py)."""
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    upload = KeptEvidenceForm(data, files, prefix="ev", use_required_attribute=False, user=request.user)
    upload.fields["file"].required = False
    return upload


def _next_path(request) -> str:
    """A page on this site to return to after saving (the monthly sheet names itself), else ''."""
    return next_or(request, "")


def _after_save(request, record):
    """Saved as a draft; when the filer pressed “保存并提交”, submit it too (a refused submit keeps the draft). Back to
    the page the form came from when it names one (``next``, the monthly sheet), else to the record."""
    back = next_or(request, record.get_absolute_url())
    if "submit" not in request.POST:
        messages.success(
            request, "已保存为草稿。" + ("上传佐证材料后即可提交。" if services.needs_evidence(record) else "")
        )
        return redirect(back)
    try:
        services.record_submit(record=record, by=request.user)
    except (ValidationError, services.WorkflowError) as exc:
        messages.warning(request, f"已保存为草稿，但未能提交：{_message(exc)}")
    else:
        messages.success(
            request, "已提交县招商投资事务中心审核。" + ("（已超过报送截止日，记为逾期报送）" if record.is_late else "")
        )
    return redirect(back)


def _message(exc) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


@requires("records.view")
def record_detail(request, kind, pk):
    record = access.get_record_or_404(request.user, kind, pk)
    user = request.user
    may_write = access.may_write_record(user, record)
    corrections = type(record).objects.filter(supersedes=record).order_by("pk")
    if record.status not in (Status.CONFIRMED, Status.SUPERSEDED):  # only a confirmed record is ever corrected
        corrections = corrections.none()
    files = list(record.evidence.select_related("uploaded_by", "removed_by"))  # in use and taken down: one query
    context = {
        "record": record,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "evidence": [e for e in files if e.removed_at is None],
        "removed_evidence": [e for e in files if e.removed_at is not None],
        "events": record.events.select_related("by__unit").order_by("at", "id"),
        "corrections": access.visible_records(user, type(record)).filter(pk__in=corrections.values("pk")),
        "can_edit": may_write and record.is_editable,
        "can_submit": may_write and record.is_editable,
        "can_correct": may_write
        and record.status == Status.CONFIRMED
        and not corrections.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]).exists(),
        "can_audit": can(user, "records.audit") and record.status == Status.SUBMITTED,
        "needs_evidence": services.needs_evidence(record),
        "evidence_form": EvidenceForm(),
        "return_form": ReturnForm(initial={"revision": record.revision}),
        "next": request.GET.get("next", ""),
    }
    return render(request, "projects/record_detail.html", context)


def _writable(request, kind, pk):
    record = access.get_record_or_404(request.user, kind, pk)
    if not access.may_write_record(request.user, record):
        raise PermissionDenied("只有填报单位可以修改该记录")
    return record


@requires("records.file")
def record_edit(request, kind, pk):
    record = _writable(request, kind, pk)
    if not record.is_editable:
        messages.error(request, f"记录状态为“{record.get_status_display()}”，不能修改。")
        return redirect(record)
    form_class = RECORD_FORMS[kind]
    form = form_class(request.POST or None, initial=initial_of(record, form_class), **_form_kwargs(request, kind))
    upload = _upload_form(request)
    valid = request.method == "POST" and form.is_valid() & upload.is_valid()
    notices = _notices_to_confirm(request, kind, record, form.record_fields()) if valid else []
    if valid and not notices:
        fields = form.record_fields()
        try:
            services.record_update(record=record, by=request.user, leaders=fields.pop("leaders", None), **fields)
            if upload.cleaned_data.get("file"):
                services.evidence_attach(record=record, file=upload.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect(record)
        else:
            upload.taken()
            return _after_save(request, record)
    if request.method == "POST":
        upload.keep()
    context = {"form": form, "upload": upload, "kind": kind, "kind_label": KIND_LABELS[kind], "record": record}
    context["next"] = _next_path(request)
    context["project"] = getattr(record, "project", None) if kind in PROJECT_KINDS else None
    return render(request, "projects/record_form.html", {**context, "notices": notices})


@require_POST
@requires("records.file")
def record_evidence(request, kind, pk):
    record = _writable(request, kind, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_attach(
                record=record,
                file=form.cleaned_data["file"],
                by=request.user,
                description=form.cleaned_data["description"],
            )
        except (ValidationError, services.WorkflowError) as exc:
            messages.error(request, f"上传失败：{_message(exc)}")
        else:
            messages.success(request, "佐证材料已上传。")
    else:
        for error in [*form.errors.get("file", []), *form.errors.get("description", [])]:
            messages.error(request, f"上传失败：{error}")
    return redirect(record)


@require_POST
@requires("records.file")
def record_submit(request, kind, pk):
    record = _writable(request, kind, pk)
    try:
        services.record_submit(record=record, by=request.user)
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, f"未能提交：{_message(exc)}")
    else:
        messages.success(
            request, "已提交县招商投资事务中心审核。" + ("（已超过报送截止日，记为逾期报送）" if record.is_late else "")
        )
    return redirect(record)


@requires("records.file")
def record_correct(request, kind, pk):
    record = _writable(request, kind, pk)
    if record.status != Status.CONFIRMED:
        messages.error(request, "只有已认定的记录需要更正；未认定的记录可直接修改。")
        return redirect(record)
    if request.method == "POST" and (done := already_done(request)):
        return redirect_done(request, done)
    form_class = correction_form(kind)
    form = form_class(request.POST or None, initial=initial_of(record, form_class), **_form_kwargs(request, kind))
    if request.method == "POST" and form.is_valid():
        fields = form.record_fields()
        try:
            copy = services.record_correct(
                record=record,
                by=request.user,
                reason=form.cleaned_data["reason"],
                submit_token=form.cleaned_data.get("form_token"),
                **fields,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect(record)
        else:
            if copy.repeated:
                return redirect_done(request, copy.get_absolute_url())
            remember_done(request, form, copy.get_absolute_url())
            messages.success(request, "已生成更正版本（草稿）。提交并经审核认定后，将取代原记录。")
            return redirect(copy)
    context = {"form": form, "kind": kind, "kind_label": KIND_LABELS[kind], "record": record, "correcting": True}
    context["project"] = getattr(record, "project", None) if kind in PROJECT_KINDS else None
    return render(request, "projects/record_form.html", context)


@require_POST
@requires("records.audit")
def record_return(request, kind, pk):
    record = access.get_record_or_404(request.user, kind, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回时必须填写退回原因。")
        return redirect(record)
    try:
        services.record_return(
            record=record,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_revision=form.cleaned_data["revision"],
        )
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, _message(exc))
        return redirect(record)
    messages.success(request, f"已退回：{record}。")
    return redirect(next_or(request, record.get_absolute_url()))


@require_POST
@requires("records.audit")
def record_confirm(request, kind, pk):
    record = access.get_record_or_404(request.user, kind, pk)
    form = ConfirmForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        services.record_confirm(record=record, by=request.user, expected_revision=revision)
    except (ValidationError, services.WorkflowError) as exc:
        messages.error(request, _message(exc))
        return redirect(record)
    messages.success(request, f"已认定：{record}。")
    return redirect(next_or(request, record.get_absolute_url()))


@requires("records.view")
def record_list(request):
    """The records a user may see, one kind at a time, filtered by status and month: a filer's own filings."""
    form = RecordListForm(request.GET or None, units=visible_units(request.user))
    kind = form.cleaned_data.get("kind") if form.is_valid() else None
    kind = kind or "contract"
    records = access.visible_records(request.user, services.RECORD_MODELS[kind]).select_related("unit")
    if kind in PROJECT_KINDS:
        records = records.select_related("project")
    if form.is_valid():
        records = form.apply(records, kind)
    records = records.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.active(), to_attr="active_evidence")
    )
    page = Paginator(records.order_by("-pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "kind": kind, "kind_label": KIND_LABELS[kind], "page": page, "query": query.urlencode()}
    context["kinds"] = KIND_LABELS
    context["can_file"] = can(request.user, "records.file") and bool(request.user.unit_id)
    return render(request, "projects/records.html", context)
