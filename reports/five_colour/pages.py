"""The five-colour chart's page (/reports/five-colour/<year>/), its .xlsx and its A4 landscape PDF: the same dict
(``five_colour_data``) and the same views (``five_colour_views``) everywhere."""

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from accounts.access import requires
from core.xlsx import xlsx_response
from reports.five_colour import five_colour_data, five_colour_views
from reports.pdf import DocumentHeader, pdf_response, render_pdf
from scoring import selectors as scoring_selectors
from scoring.views.common import redirect_to_current, scheme_asked, year_or_404


def band_summary(data: dict, views) -> list[dict]:
    """How many units fall in each band, per column of the indicator view."""
    lines = []
    for key, label in (("contract", "正式合同额"), ("funds", "到位资金"), ("score", "总得分")):
        codes = [row[key]["band"] for row in data["rows"]]
        lines.append({"label": label, "counts": [(b, codes.count(b.key)) for b in views.legend]})
    return lines


@requires("five_colour.view")
def five_colour_current(request):
    return redirect_to_current("reports:five_colour")


@requires("five_colour.view")
def five_colour(request, year, fmt="html"):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    data = five_colour_data(year, as_of, scheme_asked(year, request))
    views = five_colour_views(data)
    name = f"{views.title}（截至{as_of:%Y-%m-%d}）"
    if fmt == "xlsx":
        return xlsx_response([views.indicator_table, views.month_table], f"{name}.xlsx")
    context = {"year": year, "as_of": as_of, "d": data, "v": views}
    if fmt == "pdf":
        context["document"] = DocumentHeader(
            title=views.title,
            subtitle=f"（截至{as_of.year}年{as_of.month}月{as_of.day}日　考核方案 {data['scheme']}　仅计已认定记录）",
            date=timezone.localdate(),  # the day it is printed; the cut-off is in the subtitle
            running_title=views.title,
        )
        pdf = render_pdf("reports/five_colour/pdf.html", context, identifier=f"five-colour-{as_of:%Y-%m-%d}")
        return pdf_response(pdf, f"{name}.pdf", inline=True)
    context["month_ends"] = scoring_selectors.month_ends(year.year)
    context["summary"] = band_summary(data, views)
    context["query"] = f"?as_of={as_of:%Y-%m-%d}" + (f"&v={request.GET['v']}" if request.GET.get("v") else "")
    return render(request, "reports/five_colour/page.html", context)
