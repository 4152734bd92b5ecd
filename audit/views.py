from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import requires
from audit import exports
from audit.forms import AuditSearchForm
from audit.labels import action_label, detail_lines
from audit.selectors import events_for_search
from audit.services import audit_log

PAGE_SIZE = 50


def _search(request):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters, events_for_search(**filters)


@requires("auditlog.view")
def search(request):
    """审计日志查询: the audit admin's page (and only theirs)."""
    form, filters, events = _search(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.action_label = action_label(event.action)
        event.detail_lines = detail_lines(event.detail, event.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(filters)}
    return render(request, "audit/search.html", context)


@requires("auditlog.view")
def export(request, fmt):
    form, filters, events = _search(request)
    audit_log(
        action="auditlog.export",
        by=request.user,
        request=request,
        detail={"format": fmt, "filters": {k: str(v) for k, v in filters.items() if v}},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(events), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(events),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = content_disposition_header(True, f"审计日志（导出于{stamp}）.{fmt}")
    return response
