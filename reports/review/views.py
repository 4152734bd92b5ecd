"""The quarterly review pack (季点评): page, PDF and .xlsx from the same data."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import requires
from core.xlsx import xlsx_response
from reports.pdf import pdf_response, render_pdf
from reports.review import pack as review
from scoring.views.common import year_or_404
from targets.selectors import current_year


@requires("review.view")
def review_current(request):
    """The last quarter that has ended (or the first quarter of a year that has not reached its end yet)."""
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    today = timezone.localdate()
    ended = [q for q in range(1, 5) if review.quarter_end(year.year, q) < today]
    return redirect("dashboards:review", year.year, ended[-1] if ended else 1)


@requires("review.view")
def review_pack(request, year, quarter, fmt="html"):
    if quarter not in (1, 2, 3, 4):
        raise Http404("季度应为1—4")
    year = year_or_404(year)
    pack = review.review_pack(year, quarter)
    tables = review.review_tables(pack)
    name = f"{year.year}年第{pack['quarter_name']}季度招商引资工作点评"
    if fmt == "xlsx":
        return xlsx_response(list(tables.values()), f"{name}.xlsx")
    context = {"year": year, "p": pack, "tables": tables, "charts": review.review_charts(pack), "quarters": range(1, 5)}
    if fmt == "pdf":
        context["document"] = review.review_document(pack)
        pdf = render_pdf("reports/review/pack_pdf.html", context, identifier=f"review-{year.year}-q{quarter}")
        return pdf_response(pdf, f"{name}.pdf", inline=True)
    return render(request, "reports/review/pack.html", context)
