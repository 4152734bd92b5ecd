"""The year-end ranking's public notice (公示): page, PDF in the government notice style, and .xlsx. The office may
publish a cut-off's notice: its PDF is then rendered once and every download sends that file."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.xlsx import xlsx_response
from reports import documents, services
from reports.bulletin.figures import BulletinError
from reports.models import PublishedDocument
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


def notice_key(year, as_of) -> str:
    return f"notice-{year.year}-{as_of:%Y%m%d}"


def _context(year, as_of, issued_on) -> dict:
    data = ranking.notice_data(year, as_of)
    return {
        "year": year,
        "as_of": as_of,
        "d": data,
        "tables": ranking.notice_tables(data),
        "issued_on": issued_on,
        "document": ranking.notice_document(data, issued_on),
        "month_ends": scoring_selectors.month_ends(year.year),
    }


def notice_pdf(year, as_of, issued_on) -> tuple[bytes, str]:
    pdf = render_pdf(
        "reports/ranking/notice_pdf.html", _context(year, as_of, issued_on), identifier=notice_key(year, as_of)
    )
    return pdf, f"{year.year}年度招商引资考核结果公示.pdf"


@requires("notice.view")
def notice(request, year, fmt="html"):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    published = documents.stored_document(notice_key(year, as_of))
    if fmt == "pdf" and published is not None:
        try:
            return documents.document_response(request, published)
        except documents.DocumentError as e:
            return render(request, "reports/bulletin/unavailable.html", {"message": str(e)}, status=503)
    if fmt == "pdf":
        pdf, filename = notice_pdf(year, as_of, timezone.localdate())
        return pdf_response(pdf, filename, inline=True)
    context = _context(year, as_of, timezone.localdate())
    if fmt == "xlsx":
        return xlsx_response(list(context["tables"].values()), f"{year.year}年度招商引资考核结果公示.xlsx")
    context |= {"published": published, "publisher": can(request.user, "bulletin.publish")}
    return render(request, "reports/ranking/notice.html", context)


@require_POST
@requires("bulletin.publish")
def notice_publish(request, year):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.POST.get("as_of"))
    if warning:
        messages.error(request, warning)
    else:
        try:
            services.document_publish(
                kind=PublishedDocument.Kind.NOTICE,
                key=notice_key(year, as_of),
                render=lambda: notice_pdf(year, as_of, timezone.localdate()),
                by=request.user,
            )
            messages.success(request, f"已发布截至{as_of:%Y年%m月%d日}的考核结果公示，PDF 已存档")
        except BulletinError as e:
            messages.error(request, str(e))
    return redirect(f"{reverse('dashboards:notice', args=[year.year])}?as_of={as_of:%Y-%m-%d}")
