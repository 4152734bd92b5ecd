"""The project library (招商项目库): list, detail, create, edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from projects import access, services
from projects.filters import ProjectFilter
from projects.forms import CreditFormSet, EvidenceForm, ProjectForm, apply_errors, credit_initial
from projects.models import Project, ProjectCredit
from projects.notices import project_notices
from projects.selectors import project_history
from projects.views.common import already_done, redirect_done, remember_done
from projects.views.facts import proposal_rows
from targets.access import visible_units
from targets.selectors import current_year


@requires("records.view")
def project_list(request):
    projects = (
        access.visible_projects(request.user)
        .select_related("investor", "sector", "year")
        .prefetch_related(Prefetch("credits", ProjectCredit.objects.select_related("unit")), "investor__tags")
        .order_by("-created_at", "-id")
    )
    filters = ProjectFilter(request.GET or None, queryset=projects, units=visible_units(request.user))
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_create": can(request.user, "projects.manage"),
        },
    )


@requires("records.view")
def project_detail(request, pk):
    user = request.user
    project = get_object_or_404(
        access.visible_projects(user)
        .select_related("investor", "year", "sector", "town", "target_enterprise")
        .prefetch_related(
            "investor__tags", "labels", Prefetch("credits", ProjectCredit.objects.select_related("unit"))
        ),
        pk=pk,
    )
    active_evidence = Count("evidence", filter=Q(evidence__removed_at__isnull=True))  # the page shows how many
    records = {
        kind: access.visible_records(user, services.RECORD_MODELS[kind])
        .filter(project=project)
        .select_related("unit")
        .annotate(evidence_count=active_evidence)
        .order_by(*services.RECORD_MODELS[kind]._meta.ordering)  # an aggregate drops Meta.ordering
        for kind in ("contract", "start", "funds")
    }
    proposals = proposal_rows(user, project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "credits": project.credits.all(),
            "records": records,
            "activities": access.visible_records(user, services.RECORD_MODELS["activity"]).filter(project=project),
            "evidence": project.evidence.active().select_related("uploaded_by"),
            "history": project_history(project, proposals),
            "versions": services.version_history(project),
            "proposals": proposals,
            "show_investor_contact": can(user, "records.audit")
            or services.access_investor_is_own(user, project.investor),
            "can_edit": access.may_edit_project(user, project),
            "can_file": access.may_file_on_project(user, project),
            "evidence_form": EvidenceForm(),
        },
    )


def _save_project(request, form, credits, project=None):
    """Run the register/edit service; on a rule broken, put its message on the form and return None. A 提示
    (projects.notices) waits for the user to confirm it, and also returns None."""
    agreement = form.cleaned_data.get("agreement")
    year = form.cleaned_data.get("year") or getattr(project, "year", None)
    notices = project_notices(total_investment=form.cleaned_data.get("total_investment"), year=year) if year else []
    if notices and not request.POST.get("confirm_notices"):
        form.notices = notices
        return None
    try:
        if project is None:
            return services.project_register(
                by=request.user,
                investor=form.investor_fields(),
                credits=credits.credits() if credits else None,
                agreement=agreement,
                **form.project_fields(),
            )
        project, proposal = services.project_edit(
            project=project,
            by=request.user,
            investor=form.investor_fields(),
            credits=credits.credits() if credits else None,
            agreement=agreement,
            **form.project_fields(),
        )
        if proposal is not None:
            messages.info(
                request,
                f"计分信息的修改已保存为变更申请 #{proposal.pk}（草稿），提交并经县招商投资事务中心认定后才生效，"
                "认定前计分不变。",
            )
        return project
    except services.WorkflowError as exc:
        form.add_error(None, str(exc))
        return None
    except ValidationError as exc:
        errors = exc.message_dict
        for message in errors.pop("credits", []):
            if credits is not None:
                credits.non_form_errors().append(message)
            else:
                form.add_error(None, message)
        if errors:
            apply_errors(form, ValidationError(errors))
        return None


@requires("projects.manage")
def project_create(request):
    if request.method == "POST" and (done := already_done(request)):
        return redirect_done(request, done)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProjectForm(data, files, initial={"year": current_year()}, user=request.user)
    credits = CreditFormSet(data, prefix="credits", initial=credit_initial(unit=request.user.unit))
    if data is not None and form.is_valid() & credits.is_valid():
        project = _save_project(request, form, credits)
        if project is not None:
            remember_done(request, form, project.get_absolute_url())
            messages.success(request, f"项目“{project.name}”已入库。")
            return redirect(project)
    context = {"form": form, "credits": credits, "credits_editable": True, "notices": getattr(form, "notices", [])}
    return render(request, "projects/form.html", context)


@requires("projects.manage")
def project_edit(request, pk):
    project = access.get_project_or_404(request.user, pk)
    if not access.may_edit_project(request.user, project):
        raise PermissionDenied("只有招商单位或县招商投资事务中心可以修改该项目")
    credits_editable = access.may_change_credits(request.user, project)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProjectForm(data, files, instance=Project.objects.get(pk=project.pk), user=request.user)
    credits = CreditFormSet(data, prefix="credits", initial=credit_initial(project)) if credits_editable else None
    if data is not None and form.is_valid() & (credits is None or credits.is_valid()):
        if _save_project(request, form, credits, project=project) is not None:
            messages.success(request, "项目信息已保存。")
            return redirect(project)
    return render(
        request,
        "projects/form.html",
        {
            "form": form,
            "credits": credits,
            "credits_editable": credits_editable,
            "project": project,
            "locked": not can(request.user, "records.audit") and services.project_locked(project),
            "notices": getattr(form, "notices", []),
        },
    )


@require_POST
@requires("projects.manage")
def project_evidence(request, pk):
    project = access.get_project_or_404(request.user, pk)
    if not access.may_edit_project(request.user, project):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.evidence_attach(
            record=project,
            file=form.cleaned_data["file"],
            by=request.user,
            description=form.cleaned_data["description"],
        )
        messages.success(request, "佐证材料已上传。")
    else:
        for error in form.errors.get("file", []) + form.errors.get("description", []):
            messages.error(request, f"上传失败：{error}")
    return redirect(project)
