"""The quarterly review pack (季点评): page, PDF and .xlsx from the same data, with the office's 文号, 印发日期 and
存在问题/下步工作. The office may publish a quarter's pack: its PDF is then rendered once and every download sends
that file."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.forms import InputRulesMixin
from core.xlsx import xlsx_response
from reports import documents, services
from reports.bulletin.figures import BulletinError
from reports.models import QuarterlyReview
from reports.pdf import pdf_response, render_pdf
from reports.review import pack as review
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


def _context(year, quarter: int) -> dict:
    pack = review.review_pack(year, quarter)
    tables = review.review_tables(pack)
    text = QuarterlyReview.objects.filter(year=year, quarter=quarter).first()
    return {
        "year": year,
        "p": pack,
        "tables": tables,
        "charts": review.review_charts(pack),
        "quarters": range(1, 5),
        "review": text,
    }


def _name(year, context) -> str:
    return f"{year.year}年第{context['p']['quarter_name']}季度招商引资工作点评"


def review_pdf(year, quarter: int) -> tuple[bytes, str]:
    context = _context(year, quarter)
    context["document"] = review.review_document(context["p"], context["review"])
    pdf = render_pdf("reports/review/pack_pdf.html", context, identifier=review_key(year, quarter))
    return pdf, f"{_name(year, context)}.pdf"


@requires("review.view")
def review_pack(request, year, quarter, fmt="html"):
    quarter = _quarter(quarter)
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
    editor = can(request.user, "bulletin.edit") and published is None
    context |= {
        "published": published,
        "publisher": can(request.user, "bulletin.publish"),
        "editor": editor,
        "form": ReviewTextForm(instance=context["review"]) if editor else None,
    }
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
        context = _context(year, quarter) | {
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
        services.review_publish(year=year, quarter=quarter, render=lambda: review_pdf(year, quarter), by=request.user)
        messages.success(request, f"已发布{year.year}年第{quarter}季度点评，PDF 已存档")
    except BulletinError as e:
        messages.error(request, str(e))
    return redirect("dashboards:review", year.year, quarter)
