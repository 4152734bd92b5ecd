from django.http import Http404
from django.shortcuts import render

from accounts.access import requires
from core.xlsx import xlsx_response
from reports.pdf import pdf_response, render_pdf
from reports.samples import plan_lines_from_db, sample_context
from targets.selectors import current_year

SAMPLE_TEMPLATE = "reports/pdf/sample_bulletin.html"


def _sample(request):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    lines = plan_lines_from_db(year)
    if not lines:
        raise Http404("该年度尚无目标任务分解表")
    return sample_context(lines, year=year.year, month=10)


@requires("reports.sample")
def sample(request):
    """The PDF/chart/export foundation at a glance: the sample bulletin's charts and tables with made-up figures."""
    return render(request, "reports/sample.html", _sample(request))


@requires("reports.sample")
def sample_pdf(request):
    context = _sample(request)
    pdf = render_pdf(SAMPLE_TEMPLATE, context, identifier=f"sample-{context['year']}-{context['month']}")
    return pdf_response(pdf, f"{context['document'].issue_label}招商引资工作月通报（示例）.pdf", inline=True)


@requires("reports.sample")
def sample_xlsx(request):
    context = _sample(request)
    tables = [context["breakdown"], context["five_colour"], context["month_view"]]
    return xlsx_response(tables, f"{context['document'].issue_label}月通报表格（示例）.xlsx")
