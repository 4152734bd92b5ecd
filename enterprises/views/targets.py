"""目标企业库: the list, an enterprise's page, create/edit, stage changes, contacts and the conversion to a project."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from audit.models import AuditEvent
from enterprises import access, selectors, services
from enterprises.forms import ContactForm, ConvertForm, LinkActivityForm, StageForm, TargetFilterForm, TargetForm
from enterprises.models import TargetStage
from projects.forms import apply_errors
from targets import access as targets_access
from targets.selectors import current_year


def _decorate(targets):
    for target in targets:
        target.untouched = selectors.is_untouched(target)
        target.last_contact = target.contact_list[0] if target.contact_list else None
    return targets


ACTIONS = {
    "target.create": "登记",
    "target.update": "修改",
    "target.tags": "修改企业标签",
    "target.stage": "调整阶段",
    "target.contact": "记录对接",
    "target.convert": "转化为项目",
}


@requires("enterprises.view")
def target_list(request):
    year = current_year()
    visible = access.visible_targets(request.user)
    form = TargetFilterForm(request.GET or None, year=year, units=targets_access.visible_units(request.user))
    targets = selectors.filter_targets(selectors.targets_with_contacts(visible), **form.filters())
    page = Paginator(targets, 50).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.stage_counts(visible),
            "stages": TargetStage.choices,
            "days": selectors.untouched_since(),
            "can_create": can(request.user, "enterprises.manage"),
            "can_import": can(request.user, "enterprises.import"),
        },
    )


@requires("enterprises.view")
def target_detail(request, pk):
    target = access.get_target_or_404(request.user, pk)
    target = selectors.targets_with_contacts(type(target).objects.filter(pk=target.pk)).get()
    target.untouched = selectors.is_untouched(target)
    may_edit = access.may_edit_target(request.user, target)
    history = AuditEvent.objects.filter(object_type="enterprises.targetenterprise", object_id=str(target.pk))
    return render(
        request,
        "enterprises/detail.html",
        {
            "target": target,
            "may_edit": may_edit,
            "may_see_contact": access.may_see_contact(request.user, target),
            "may_convert": may_edit and target.stage != TargetStage.CONVERTED,
            "stage_form": StageForm(initial={"stage": target.stage, "reason": target.pause_reason}),
            "contact_form": ContactForm(),
            "link_form": LinkActivityForm(target=target) if may_edit else None,
            "history": [(e, ACTIONS.get(e.action, e.action)) for e in history.order_by("-at", "-id")[:30]],
        },
    )


def _target_fields(data) -> dict:
    fields = {
        k: data[k]
        for k in (
            "name",
            "credit_code",
            "industry",
            "sector",
            "link",
            "unit",
            "leader",
            "expected_amount",
            "contact",
            "note",
        )
    }
    return fields


@requires("enterprises.manage")
def target_create(request):
    year = current_year()
    form = TargetForm(request.POST or None, year=year, units=targets_access.visible_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can(request.user, "records.audit") and data["unit"].pk != request.user.unit_id:
            raise PermissionDenied
        try:
            target = services.target_save(
                by=request.user, tags=list(data["tags"]), region=data["region"], **_target_fields(data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记目标企业“{target.name}”。")
            return redirect(target)
    if not request.user.is_superuser and request.user.unit_id and not form.is_bound:
        form.initial["unit"] = request.user.unit_id
    return render(request, "enterprises/form.html", {"form": form, "target": None})


@requires("enterprises.manage")
def target_edit(request, pk):
    target = access.get_target_or_404(request.user, pk)
    if not access.may_edit_target(request.user, target):
        raise PermissionDenied
    initial = {
        "name": target.name, "credit_code": target.credit_code, "region": target.region, "industry": target.industry,
        "tags": list(target.tags.all()), "sector": target.sector, "link": target.link, "unit": target.unit,
        "leader": target.leader, "expected_amount": target.expected_amount, "contact": target.contact,
        "note": target.note,
    }  # fmt: skip
    form = TargetForm(
        request.POST or None,
        initial=initial,
        year=target.sector.year,
        units=targets_access.visible_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can(request.user, "records.audit") and data["unit"].pk != request.user.unit_id:
            form.add_error("unit", "只能登记本单位负责的目标企业")
        else:
            try:
                services.target_save(
                    by=request.user,
                    target=target,
                    tags=list(data["tags"]),
                    region=data["region"],
                    **_target_fields(data),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect(target)
    return render(request, "enterprises/form.html", {"form": form, "target": target})


def _editable_target(request, pk):
    target = access.get_target_or_404(request.user, pk)
    if not access.may_edit_target(request.user, target):
        raise PermissionDenied
    return target


@require_POST
@requires("enterprises.manage")
def target_stage(request, pk):
    target = _editable_target(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(m for ms in form.errors.values() for m in ms))
        return redirect(target)
    try:
        services.target_set_stage(
            target=target, stage=form.cleaned_data["stage"], reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"阶段已改为“{target.get_stage_display()}”。")
    return redirect(target)


@require_POST
@requires("enterprises.manage")
def target_contact(request, pk):
    """A unit records a visit (reception, event) with the enterprise: filed as its activity and submitted."""
    target = _editable_target(request, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, "对接记录未保存：" + "；".join(m for ms in form.errors.values() for m in ms))
        return redirect(target)
    try:
        activity = services.target_record_contact(target=target, by=request.user, unit=target.unit, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "对接记录未保存：" + "；".join(exc.messages))
    else:
        messages.success(
            request,
            f"已记录{activity.get_kind_display()}（{activity.occurred_on:%Y-%m-%d}），并提交县招商投资事务中心审核。",
        )
    return redirect(target)


@require_POST
@requires("enterprises.manage")
def target_link_activity(request, pk):
    target = _editable_target(request, pk)
    form = LinkActivityForm(request.POST, target=target)
    if not form.is_valid():
        messages.error(request, "未关联：" + "；".join(m for ms in form.errors.values() for m in ms))
        return redirect(target)
    services.target_link_activity(target=target, activity=form.cleaned_data["activity"], by=request.user)
    messages.success(request, "已关联该活动。")
    return redirect(target)


@requires("enterprises.manage")
def target_convert(request, pk):
    """已转化: the enterprise's project registered in the library, credited to its unit, linked both ways."""
    target = _editable_target(request, pk)
    if target.project_id:
        messages.info(request, "该目标企业已转化为项目。")
        return redirect(target)
    form = ConvertForm(
        request.POST or None, initial={"name": f"{target.name}投资项目", "total_investment": target.expected_amount}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                project = services.target_convert(target=target, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已转化为项目“{project.code} {project.name}”，请在项目库中继续填报。")
            return redirect(project)
    return render(request, "enterprises/convert.html", {"form": form, "target": target})
