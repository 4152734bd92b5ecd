"""The quarterly review pack (季点评): page, PDF and .xlsx from the same data. The office may publish a quarter's
pack: its PDF is then rendered once and every download sends that file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.xlsx import xlsx_response
from reports import documents, services
from reports.bulletin.figures import BulletinError
from reports.models import PublishedDocument
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


def review_key(year, quarter: int) -> str:
    return f"review-{year.year}-q{quarter}"


def _context(year, quarter: int) -> dict:
    pack = review.review_pack(year, quarter)
    tables = review.review_tables(pack)
    return {"year": year, "p": pack, "tables": tables, "charts": review.review_charts(pack), "quarters": range(1, 5)}


def _name(year, context) -> str:
    return f"{year.year}年第{context['p']['quarter_name']}季度招商引资工作点评"


def review_pdf(year, quarter: int) -> tuple[bytes, str]:
    context = _context(year, quarter)
    context["document"] = review.review_document(context["p"])
    pdf = render_pdf("reports/review/pack_pdf.html", context, identifier=review_key(year, quarter))
    return pdf, f"{_name(year, context)}.pdf"


@requires("review.view")
def review_pack(request, year, quarter, fmt="html"):
    if quarter not in (1, 2, 3, 4):
        raise Http404("季度应为1—4")
    year = year_or_404(year)
    published = documents.stored_document(review_key(year, quarter))
    if fmt == "pdf" and published is not None:
        try:
            return documents.document_response(request, published)
        except documents.DocumentError as e:
            return render(request, "reports/bulletin/unavailable.html", {"message": str(e)}, status=503)
    if fmt == "pdf":
        pdf, filename = review_pdf(year, quarter)
        return pdf_response(pdf, filename, inline=True)
    context = _context(year, quarter)
    if fmt == "xlsx":
        return xlsx_response(list(context["tables"].values()), f"{_name(year, context)}.xlsx")
    context |= {"published": published, "publisher": can(request.user, "bulletin.publish")}
    return render(request, "reports/review/pack.html", context)


@require_POST
@requires("bulletin.publish")
def review_publish(request, year, quarter):
    if quarter not in (1, 2, 3, 4):
        raise Http404("季度应为1—4")
    year = year_or_404(year)
    try:
        services.document_publish(
            kind=PublishedDocument.Kind.REVIEW,
            key=review_key(year, quarter),
            render=lambda: review_pdf(year, quarter),
            by=request.user,
        )
        messages.success(request, f"已发布{year.year}年第{quarter}季度点评，PDF 已存档")
    except BulletinError as e:
        messages.error(request, str(e))
    return redirect("dashboards:review", year.year, quarter)
