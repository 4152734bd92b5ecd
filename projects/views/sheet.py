"""The monthly filing sheet (月度填报表): a unit's month on one page. Each row saves as a draft as the filer goes
(htmx, one row per request); the whole form saves every row too, so the page works without JavaScript; one
提交审核 sends all the sheet's drafts. Writes through projects/services/sheet.py (the record services)."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import requires
from core.validators import earliest_year
from projects import access, calendar
from projects.forms import MonthField, apply_errors
from projects.forms.sheet import SheetRowForm
from projects.notices import record_notices
from projects.services.common import WorkflowError
from projects.services.sheet import sheet_open_records, sheet_row_save, sheet_submit
from projects.sheet import default_month, row_of, sheet_of


@dataclass
class RowView:
    """A row as the page shows it: the row read from the database, its form, what just happened to it."""

    row: object
    form: SheetRowForm | None
    saved: bool = False
    notices: list = field(default_factory=list)
    problem: str = ""


def _filer(request):
    if not access.may_file_sheet(request.user):
        raise PermissionDenied("账号未绑定单位，不能填报")


def _month(text: str) -> dt.date:
    try:
        month = MonthField().clean(text)
    except ValidationError:
        raise Http404("月份不正确") from None
    if month is None or month.year < earliest_year():
        raise Http404("月份不正确")
    return month


def _sheet_url(month: dt.date) -> str:
    return reverse("projects:sheet", args=[f"{month:%Y-%m}"])


@require_GET
@requires("records.file")
def sheet_default(request):
    """“填报本月”: the month whose funds are being filed now, or the month picked (``?month=2023-05``)."""
    _filer(request)
    picked = request.GET.get("month", "")
    if picked:
        try:
            month = MonthField().clean(picked)
        except ValidationError:
            month = None
        if month is not None and month.year >= earliest_year():
            return redirect(_sheet_url(month))
        messages.error(request, "月份格式不正确，请按“2023-03”选择月份。")
    return redirect(_sheet_url(default_month(request.user.unit, timezone.localdate())))


def _row_view(request, row, *, bound: bool) -> RowView:
    if not row.editable:
        return RowView(row=row, form=None)
    if bound:
        form = SheetRowForm(request.POST, request.FILES, row=row, user=request.user)
    else:
        form = SheetRowForm(row=row, user=request.user)
    return RowView(row=row, form=form)


def _save_row(request, view: RowView, month: dt.date, *, nil: bool = False) -> bool:
    """Validate and save one bound row; errors stay on its form (and its chosen file is kept). True when nothing
    went wrong (saved, or nothing to save)."""
    form = view.form
    if not form.is_valid():
        form.keep()
        return False
    if not form.typed and not nil and view.row.record is None:
        return True
    fields = form.save_fields()
    if nil and not form.typed:
        fields.update(nil=True, amount=None)
    try:
        record = sheet_row_save(
            unit=request.user.unit, by=request.user, project=view.row.project, month=month, **fields
        )
    except ValidationError as exc:
        apply_errors(form, exc, rename={"month": "amount", "evidence": "file"})
        form.mark_invalid()
        form.keep()
        return False
    except WorkflowError as exc:
        form.add_error(None, str(exc))
        form.keep()
        return False
    form.taken()
    view.saved = record is not None
    if record is not None:
        view.notices = record_notices("funds", record)
    return True


def _page(request, month: dt.date, views: dict | None = None, *, status: int = 200):
    sheet = sheet_of(request.user, month)
    views = views or {}
    rows = []
    for row in sheet.rows:
        kept = views.get(row.project.pk)
        if kept is not None and kept.form is not None and kept.form.errors:
            kept.row = row
            if not row.editable:
                kept.form = None
            rows.append(kept)
        else:
            view = _row_view(request, row, bound=False)
            if kept is not None:
                view.saved, view.notices = kept.saved, kept.notices
            rows.append(view)
    today = timezone.localdate()
    projects = access.visible_projects(request.user).filter(credits__unit_id=request.user.unit_id).order_by("code")
    context = {
        "sheet": sheet,
        "rows": rows,
        "month": month,
        "month_text": f"{month:%Y-%m}",
        "future": month > calendar.month_start(today),
        "is_current": month == calendar.month_start(today),
        "contract_projects": projects,
        "open_count": len(sheet_open_records(request.user.unit, month, [r.project.pk for r in sheet.rows])),
        "sheet_url": _sheet_url(month),
    }
    return render(request, "projects/sheet.html", context, status=status)


@requires("records.file")
def sheet(request, month):
    _filer(request)
    month = _month(month)
    today = timezone.localdate()
    if month > calendar.month_start(today):
        messages.info(request, "不能填报未来月份，已打开本月的填报表。")
        return redirect(_sheet_url(calendar.month_start(today)))
    if request.method != "POST":
        return _page(request, month)
    action = request.POST.get("action", "save")
    if action not in ("save", "submit", "nil_all"):
        action = "save"
    current = sheet_of(request.user, month)
    if current.frozen:
        messages.error(request, f"{month.year}年度已关闭，该月不能再填报或修改。")
        return redirect(_sheet_url(month))
    views, failed = {}, 0
    for row in current.rows:
        view = _row_view(request, row, bound=True)
        if view.form is None:
            continue
        views[row.project.pk] = view
        if not _save_row(request, view, month, nil=action == "nil_all"):
            failed += 1
    if failed:
        messages.error(
            request,
            f"有 {failed} 个项目需要修改（见标红的行），其余已保存为草稿"
            + ("，尚未提交审核。" if action != "save" else "。"),
        )
        return _page(request, month, views)
    saved = sum(1 for v in views.values() if v.saved)
    for view in views.values():
        for notice in view.notices:
            messages.warning(request, f"提示（{view.row.project.code} {view.row.project.name}）：{notice}")
    if action == "save":
        messages.success(request, f"已保存草稿（{saved} 个项目）。" if saved else "没有需要保存的内容。")
        return redirect(_sheet_url(month))
    fresh = sheet_of(request.user, month)
    records = sheet_open_records(request.user.unit, month, [r.project.pk for r in fresh.rows])
    submitted, refused = sheet_submit(records=records, by=request.user)
    if submitted:
        late = sum(1 for r in submitted if r.is_late)
        messages.success(
            request,
            f"已提交县招商投资事务中心审核：{len(submitted)} 条记录"
            + (f"（其中 {late} 条已超过报送截止日，记为逾期报送）" if late else "")
            + "。",
        )
    for record, reason in refused.items():
        where = getattr(record, "project", None)
        messages.warning(request, f"未能提交 {where.code if where else ''} {record}：{reason}")
    if not submitted and not refused:
        messages.info(request, "本表没有待提交的草稿。")
    return redirect(_sheet_url(month))


@require_POST
@requires("records.file")
def sheet_row(request, month, project_pk):
    """One row saved as a draft (htmx): answers with the row. Without htmx, back to the sheet."""
    _filer(request)
    month = _month(month)
    row = row_of(request.user, month, project_pk)
    if row is None:
        raise Http404
    if not request.htmx:
        return redirect(_sheet_url(month) + f"#row-{project_pk}")
    view = _row_view(request, row, bound=True)
    if view.form is None:
        view.problem = "该行不能修改（已提交、已认定、他单位填报或年度已关闭）"
    elif _save_row(request, view, month):
        fresh = row_of(request.user, month, project_pk)
        saved, notices = view.saved, view.notices
        view = _row_view(request, fresh, bound=False)
        view.saved, view.notices = saved, notices
    # the sheet's counts follow the row (out-of-band swaps of the page's counters)
    current = sheet_of(request.user, month)
    context = {"v": view, "month_text": f"{month:%Y-%m}", "month": month, "row_counts": current.counts}
    context["row_open_count"] = len(sheet_open_records(request.user.unit, month, [r.project.pk for r in current.rows]))
    return render(request, "projects/_sheet_row.html", context)


@require_GET
@requires("records.file")
def sheet_add(request, month):
    """添加本月签约/开工: the existing record form of the project picked, returning to the sheet."""
    _filer(request)
    month = _month(month)
    kind = request.GET.get("kind")
    pk = request.GET.get("project", "")
    if kind not in ("contract", "start") or not pk.isdigit():
        messages.error(request, "请先选择项目。")
        return redirect(_sheet_url(month))
    project = access.get_project_or_404(request.user, int(pk))
    if not access.may_file_on_project(request.user, project):
        raise PermissionDenied("只能在本单位参与招商的项目上填报")
    url = reverse("projects:record_new", args=[project.pk, kind])
    return redirect(f"{url}?next={_sheet_url(month)}")
