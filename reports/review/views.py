"""The quarterly review pack (季点评): page, PDF and .xlsx from the same data, with the office's 文号, 印发日期 and
存在问题/下步工作. The office may publish a quarter's pack: every figure, chart and table it shows is then kept (its snapshot,
``reports.review.snapshot``), its PDF rendered from it once, and its page, PDF and workbook read that snapshot
forever; a correction (更正) is a new version with its reason, the earlier ones kept (``?version=1``)."""

from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.forms import InputRulesMixin
from core.xlsx import xlsx_bytes_response, xlsx_response
from reports import documents, services, snapshots
from reports.bulletin.figures import BulletinError
from reports.models import QuarterlyReview
from reports.pdf import pdf_response, render_pdf
from reports.review import pack as review
from reports.review.snapshot import ReviewView, review_snapshot
from scoring.views.common import year_or_404
from targets.selectors import current_year

review_key = services.review_key


class ReviewTextForm(InputRulesMixin, forms.ModelForm):
    class Meta:
        model = QuarterlyReview
        fields = ["number", "issued_on", "problems", "next_steps"]
        labels = {"number": "文号", "problems": "（一）存在问题", "next_steps": "（二）下步工作"}
        help_texts = {
            "number": "如“巫山招商办〔2023〕3号”；留空则不印文号。",
            "issued_on": "留空则发布当日为印发日期；不能早于本季度数据截止日。",
        }
        widgets = {
            "number": forms.TextInput(attrs={"class": "form-control"}),
            "issued_on": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "problems": forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
            "next_steps": forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("problems", "next_steps"):
            self.fields[name].max_length = services.MAX_TEXT
            self.fields[name].widget.attrs["maxlength"] = services.MAX_TEXT


def _quarter(quarter: int) -> int:
    if quarter not in (1, 2, 3, 4):
        raise Http404("季度应为1—4")
    return quarter


@requires("review.view")
def review_current(request):
    """The last quarter that has ended (or the first quarter of a year that has not reached its end yet)."""
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    today = timezone.localdate()
    ended = [q for q in range(1, 5) if review.quarter_end(year.year, q) < today]
    return redirect("dashboards:review", year.year, ended[-1] if ended else 1)


def _context(year, view: ReviewView, text=None) -> dict:
    """``text``: a draft's ``QuarterlyReview`` row (its form edits it); a published version reads its own."""
    return {
        "year": year,
        "p": view.p,
        "tables": view.tables,
        "charts": view.charts,
        "quarters": range(1, 5),
        "review": text if text is not None else view.review,
        "document": view.document,
        "snapshot": view,
    }


def _draft(year, quarter: int) -> tuple[ReviewView, QuarterlyReview | None]:
    text = QuarterlyReview.objects.filter(year=year, quarter=quarter).first()
    return ReviewView(review_snapshot(year, quarter, text, text.issued_on if text else None)), text


def _name(view: ReviewView) -> str:
    more = f"（更正第{view.version}版）" if view.version > 1 else ""
    return f"{view.year}年第{view.p['quarter_name']}季度招商引资工作点评{more}"


def snapshot_pdf(snap: dict) -> tuple[bytes, str]:
    """A published version's PDF from its snapshot alone: the same bytes as the file stored when it was published."""
    view = ReviewView(snap)
    context = _context(SimpleNamespace(year=view.year), view)
    pdf = render_pdf("reports/review/pack_pdf.html", context, identifier=snap["key"], created=view.computed_at)
    return pdf, f"{_name(view)}.pdf"


def review_pdf(year, quarter: int) -> tuple[bytes, str]:
    """A draft's PDF, computed now."""
    view, _text = _draft(year, quarter)
    pdf = render_pdf("reports/review/pack_pdf.html", _context(year, view), identifier=review_key(year, quarter))
    return pdf, f"{_name(view)}.pdf"


@requires("review.view")
def review_pack(request, year, quarter, fmt="html"):
    quarter = _quarter(quarter)
    year = year_or_404(year)
    series = review_key(year, quarter)
    try:
        published = services.document_version(series, request.GET.get("version"))
    except BulletinError as e:
        return documents.unavailable(request, str(e), 404)
    if fmt == "pdf" and published is not None:
        try:
            return documents.document_response(request, published)
        except documents.DocumentError as e:
            return documents.unavailable(request, str(e), 503)
    if fmt == "pdf":
        pdf, filename = review_pdf(year, quarter)
        return pdf_response(pdf, filename, inline=True)
    frozen = published is not None and bool(published.snapshot)
    if frozen:  # a published version reads its snapshot, never scoring
        view, text = ReviewView(published.snapshot), None
    else:  # a draft (or a pack published before snapshots were kept): computed now
        view, text = _draft(year, quarter)
    if fmt == "xlsx" and frozen:
        return xlsx_bytes_response(snapshots.xlsx_bytes(view.tables.values(), view.computed_at), f"{_name(view)}.xlsx")
    if fmt == "xlsx":
        return xlsx_response(list(view.tables.values()), f"{_name(view)}.xlsx")
    editor = can(request.user, "bulletin.edit") and published is None
    context = (
        _context(year, view, text)
        | documents.versions_context(
            published,
            series,
            page_url=reverse("dashboards:review", args=[year.year, quarter]) + "?",
            pdf_url=reverse("dashboards:review_pdf", args=[year.year, quarter]) + "?",
        )
        | {
            "publisher": can(request.user, "bulletin.publish"),
            "editor": editor,
            "form": ReviewTextForm(instance=text) if editor else None,
        }
    )
    return render(request, "reports/review/pack.html", context)


@require_POST
@requires("bulletin.edit")
def review_text(request, year, quarter):
    quarter = _quarter(quarter)
    year = year_or_404(year)
    form = ReviewTextForm(request.POST, instance=QuarterlyReview(year=year, quarter=quarter))
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}：{'，'.join(errors)}" if label else "，".join(errors))
        view, text = _draft(year, quarter)
        context = _context(year, view, text) | {
            "published": None,
            "publisher": can(request.user, "bulletin.publish"),
            "editor": True,
            "form": form,
        }
        return render(request, "reports/review/pack.html", context, status=400)
    try:
        services.review_save_text(year=year, quarter=quarter, by=request.user, **form.cleaned_data)
        messages.success(request, "已保存文号、印发日期及“存在问题”“下步工作”")
    except BulletinError as e:
        messages.error(request, str(e))
    return redirect("dashboards:review", year.year, quarter)


@require_POST
@requires("bulletin.publish")
def review_publish(request, year, quarter):
    quarter = _quarter(quarter)
    year = year_or_404(year)
    try:
        stored = services.review_publish(
            year=year,
            quarter=quarter,
            build=lambda text, issued_on: review_snapshot(year, quarter, text, issued_on),
            render=snapshot_pdf,
            by=request.user,
            reason=request.POST.get("reason"),
        )
        if stored.version > 1:
            messages.success(request, f"已发布{year.year}年第{quarter}季度点评的更正第{stored.version}版，原版本保留")
        else:
            messages.success(request, f"已发布{year.year}年第{quarter}季度点评，PDF 已存档")
    except BulletinError as e:
        messages.error(request, str(e))
    return redirect("dashboards:review", year.year, quarter)
