"""The year-end ranking's public notice (公示): page, PDF in the government notice style, and .xlsx."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import requires
from core.xlsx import xlsx_response
from reports.pdf import pdf_response, render_pdf
from reports.ranking import notice as ranking
from scoring import selectors as scoring_selectors
from scoring.views.common import year_or_404
from targets.selectors import current_year


@requires("notice.view")
def notice_current(request):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect("dashboards:notice", year.year)


@requires("notice.view")
def notice(request, year, fmt="html"):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    data = ranking.notice_data(year, as_of)
    tables = ranking.notice_tables(data)
    name = f"{year.year}年度招商引资考核结果公示"
    if fmt == "xlsx":
        return xlsx_response(list(tables.values()), f"{name}.xlsx")
    issued_on = timezone.localdate()
    context = {"year": year, "as_of": as_of, "d": data, "tables": tables, "issued_on": issued_on}
    context |= {
        "document": ranking.notice_document(data, issued_on),
        "month_ends": scoring_selectors.month_ends(year.year),
    }
    if fmt == "pdf":
        pdf = render_pdf("reports/ranking/notice_pdf.html", context, identifier=f"notice-{year.year}-{as_of:%Y%m%d}")
        return pdf_response(pdf, f"{name}.pdf", inline=True)
    return render(request, "reports/ranking/notice.html", context)
