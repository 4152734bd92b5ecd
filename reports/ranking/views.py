"""The year-end ranking's public notice (公示): page, PDF in the government notice style, and .xlsx. The office may
publish a cut-off's notice: every figure it shows is then kept (its snapshot, ``reports.ranking.snapshot``), its
PDF rendered from it once, and its page, PDF and workbook read that snapshot forever; a correction (更正) is a new
version with its reason, the earlier ones kept (``?version=1``)."""

from types import SimpleNamespace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.xlsx import xlsx_bytes_response, xlsx_response
from reports import documents, services, snapshots
from reports.bulletin.figures import BulletinError
from reports.models import PublishedDocument
from reports.pdf import pdf_response, render_pdf
from reports.ranking.snapshot import NoticeView, notice_snapshot
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
    """The series of a cut-off's notice; its first version's key (``PublishedDocument.key``, the PDF's /ID)."""
    return f"notice-{year.year}-{as_of:%Y%m%d}"


def _context(year, view: NoticeView) -> dict:
    return {
        "year": year,
        "as_of": view.as_of,
        "d": view.d,
        "tables": view.tables,
        "issued_on": view.issued_on,
        "document": view.document,
        "month_ends": scoring_selectors.month_ends(year.year),
        "snapshot": view,
    }


def snapshot_pdf(snap: dict) -> tuple[bytes, str]:
    """A published version's PDF from its snapshot alone: the same bytes as the file stored when it was published."""
    view = NoticeView(snap)
    year = SimpleNamespace(year=view.year)
    pdf = render_pdf(
        "reports/ranking/notice_pdf.html", _context(year, view), identifier=snap["key"], created=view.computed_at
    )
    return pdf, _filename(view)


def _filename(view: NoticeView, ext: str = "pdf") -> str:
    more = f"（更正第{view.version}版）" if view.version > 1 else ""
    return f"{view.year}年度招商引资考核结果公示{more}.{ext}"


@requires("notice.view")
def notice(request, year, fmt="html"):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    series = notice_key(year, as_of)
    try:
        published = services.document_version(series, request.GET.get("version"))
    except BulletinError as e:
        return documents.unavailable(request, str(e), 404)
    if fmt == "pdf" and published is not None:
        try:
            return documents.document_response(request, published)
        except documents.DocumentError as e:
            return documents.unavailable(request, str(e), 503)
    if published is not None and published.snapshot:  # a published version reads its snapshot, never scoring
        view = NoticeView(published.snapshot)
    else:  # a draft (or a notice published before snapshots were kept): computed now
        view = NoticeView(notice_snapshot(year, as_of, timezone.localdate()))
    if fmt == "pdf":
        pdf = render_pdf("reports/ranking/notice_pdf.html", _context(year, view), identifier=series)
        return pdf_response(pdf, _filename(view), inline=True)
    if fmt == "xlsx" and published is not None and published.snapshot:
        return xlsx_bytes_response(
            snapshots.xlsx_bytes(view.tables.values(), view.computed_at), _filename(view, "xlsx")
        )
    if fmt == "xlsx":
        return xlsx_response(list(view.tables.values()), _filename(view, "xlsx"))
    cut = f"?as_of={as_of:%Y-%m-%d}&"
    context = (
        _context(year, view)
        | documents.versions_context(
            published,
            series,
            page_url=reverse("dashboards:notice", args=[year.year]) + cut,
            pdf_url=reverse("dashboards:notice_pdf", args=[year.year]) + cut,
        )
        | {"publisher": can(request.user, "bulletin.publish")}
    )
    return render(request, "reports/ranking/notice.html", context)


@require_POST
@requires("bulletin.publish")
def notice_publish(request, year):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.POST.get("as_of"))
    if warning:
        messages.error(request, warning)
    else:
        reason = request.POST.get("reason")
        try:
            stored = services.snapshot_publish(
                kind=PublishedDocument.Kind.NOTICE,
                series=notice_key(year, as_of),
                build=lambda: notice_snapshot(year, as_of, timezone.localdate()),
                render=snapshot_pdf,
                by=request.user,
                reason=reason,
            )
            if stored.version > 1:
                messages.success(
                    request, f"已发布截至{as_of:%Y年%m月%d日}考核结果公示的更正第{stored.version}版，原版本保留"
                )
            else:
                messages.success(request, f"已发布截至{as_of:%Y年%m月%d日}的考核结果公示，PDF 已存档")
        except BulletinError as e:
            messages.error(request, str(e))
    return redirect(f"{reverse('dashboards:notice', args=[year.year])}?as_of={as_of:%Y-%m-%d}")
