from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from targets import access, breakdown, uploads
from targets.forms import PlanUploadForm
from targets.importing import ParseResult, parse_file
from targets.models import AssessmentYear
from targets.selectors import (
    current_year,
    entries_for_breakdown,
    plan_changes,
    rows_for_leader_page,
    rows_for_unit_page,
    unit_kinds_on_file,
    year_numbers,
)
from targets.services import PlanError, plan_import
from targets.tables import BreakdownTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 200


@requires("targets.view")
def breakdown_current(request):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect("targets:breakdown", year.year)


@requires("targets.view")
def breakdown_page(request, year):
    year = get_object_or_404(AssessmentYear, year=year)
    entries = entries_for_breakdown(year)
    table = BreakdownTable(
        breakdown.lines(entries),
        link_units=lambda unit_id: access.may_view_unit(request.user, unit_id),
        link_leaders=access.may_view_leaders(request.user),
    )
    return render(
        request,
        "targets/breakdown.html",
        {
            "year": year,
            "year_links": [(y, reverse("targets:breakdown", args=[y])) for y in year_numbers()],
            "table": table,
            "summary": breakdown.summary(entries),
            "can_export": can(request.user, "targets.export"),
            "can_import": can(request.user, "targets.import"),
        },
    )


@requires("targets.export")
def breakdown_export(request, year):
    from targets.exporting import plan_xlsx, title_for  # openpyxl on the first export, not at start-up

    year = get_object_or_404(AssessmentYear, year=year)
    response = HttpResponse(plan_xlsx(year.year, entries_for_breakdown(year)), content_type=XLSX)
    filename = f"{title_for(year.year)}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"targets_{year.year}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@requires("targets.view")
def unit_detail(request, pk):
    unit = access.get_unit_or_404(request.user, pk)
    rows = list(rows_for_unit_page(unit))
    years = {}
    for row in rows:
        years.setdefault(row.year, []).append(row)
    accounts = unit.accounts.order_by("role", "username") if can(request.user, "units.view_accounts") else None
    return render(
        request,
        "targets/unit.html",
        {
            "unit": unit,
            "years": [(year, year_rows, _totals(year_rows)) for year, year_rows in years.items()],
            "accounts": accounts,
            "link_leaders": access.may_view_leaders(request.user),
        },
    )


@requires("targets.view")
def leader_detail(request, pk):
    leader = access.get_leader_or_404(request.user, pk)
    year = _year_from_query(request)
    rows = list(rows_for_leader_page(leader, year)) if year else []
    return render(
        request,
        "targets/leader.html",
        {
            "leader": leader,
            "year": year,
            "year_links": [(y, f"{leader.get_absolute_url()}?year={y}") for y in year_numbers()],
            "rows": rows,
            "totals": _totals(rows),
            "unit_count": len({row.unit_id for row in rows}),
        },
    )


def _year_from_query(request) -> AssessmentYear | None:
    wanted = request.GET.get("year", "")
    if wanted.isdigit():
        return get_object_or_404(AssessmentYear, year=int(wanted))
    return current_year()


def _totals(rows) -> dict:
    return {
        "signed": sum((row.signed_target for row in rows), breakdown.ZERO),
        "funded": sum((row.funded_target for row in rows), breakdown.ZERO),
    }


# --- upload, preview, confirm ----------------------------------------------------------------------------------


@requires("targets.import")
def import_upload(request):
    default_year = getattr(current_year(), "year", timezone.localdate().year)
    form = PlanUploadForm(request.POST or None, request.FILES or None, initial={"year": default_year})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        uploads.pending_store(request, name=upload.name, data=upload.read(), year=form.cleaned_data["year"])
        return redirect("targets:import_preview")
    return render(request, "targets/import_upload.html", {"form": form, "pending": uploads.pending_load(request)})


@requires("targets.import")
def import_preview(request):
    pending = uploads.pending_load(request)
    if pending is None:
        messages.info(request, "没有待确认的导入文件，请先上传。")
        return redirect("targets:import")
    parsed = _parse(pending)
    entries = breakdown.entries_from_plan(parsed.rows)
    return render(
        request,
        "targets/import_preview.html",
        {
            "pending": pending,
            "parsed": parsed,
            "errors": parsed.errors[:ERRORS_SHOWN],
            "errors_hidden": max(0, len(parsed.errors) - ERRORS_SHOWN),
            "table": BreakdownTable(breakdown.lines(entries), show_kinds=True) if entries else None,
            "summary": breakdown.summary(entries),
            "changes": plan_changes(pending.year, parsed) if parsed.ok else [],
        },
    )


@requires("targets.import")
@require_POST
def import_confirm(request):
    pending = uploads.pending_load(request)
    if pending is None or request.POST.get("token") != pending.token:
        messages.error(request, "此预览已失效（可能在其他窗口上传了新文件），请重新上传。")
        return redirect("targets:import")
    parsed = _parse(pending)
    if not parsed.ok:
        return redirect("targets:import_preview")
    try:
        summary = plan_import(year=pending.year, parsed=parsed, by=request.user, source=pending.name)
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("targets:import_preview")
    uploads.pending_discard(request)
    messages.success(
        request,
        f"已导入 {pending.year} 年目标任务分解表：共 {summary['rows']} 行，新增或变更 {summary['changed']} 行，"
        f"删除 {summary['removed']} 行。",
    )
    return redirect("targets:breakdown", pending.year)


@requires("targets.import")
@require_POST
def import_cancel(request):
    uploads.pending_discard(request)
    messages.info(request, "已取消导入，数据库未作任何修改。")
    return redirect("targets:import")


def _parse(pending: uploads.PendingUpload) -> ParseResult:
    data = pending.read() or b""
    return parse_file(pending.name, data, year=pending.year, known_kinds=unit_kinds_on_file())
