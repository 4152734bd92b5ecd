"""产业链图 (screen and PDF) and 企业分布图: every reader sees every sector's (counts, no other unit's enterprise named)."""

from django.shortcuts import render
from django.utils import timezone

from accounts.access import can, requires
from enterprises import access, selectors
from enterprises.forms import ChainLinkForm
from enterprises.models import TargetEnterprise
from reports.pdf import DocumentHeader, pdf_response, render_pdf
from reports.pipeline import charts
from targets.models import Sector
from targets.selectors import current_year


def _chain_context(sector):
    segments = selectors.chain_map(sector)
    return {
        "sector": sector,
        "sectors": Sector.objects.filter(year=sector.year).order_by("position", "id"),
        "segments": segments,
        "chart": charts.chain_map_svg(sector.name, segments),
        "gaps": [c for s in segments for c in s.cells if c.is_gap],
        "link_count": sum(len(s.cells) for s in segments),
    }


@requires("enterprises.view")
def chain_map(request, pk):
    sector = access.get_sector_or_404(request.user, pk)
    context = _chain_context(sector)
    context["may_edit"] = can(request.user, "chains.edit")
    context["link_form"] = ChainLinkForm()
    return render(request, "enterprises/chain.html", context)


@requires("enterprises.view")
def chain_pdf(request, pk):
    sector = access.get_sector_or_404(request.user, pk)
    context = _chain_context(sector)
    title = f"{sector.year.year}年{sector.name}产业链图"
    context["document"] = DocumentHeader(title=title, date=timezone.localdate(), running_title=title)
    pdf = render_pdf("enterprises/chain_pdf.html", context, identifier=f"chain-{sector.pk}")
    return pdf_response(pdf, f"{title}.pdf", inline=True)


@requires("enterprises.view")
def distribution(request):
    sectors = Sector.objects.filter(year=current_year()).order_by("position", "id")
    sector = None
    sector_id = request.GET.get("sector", "")
    if sector_id.isdigit() and len(sector_id) < 10:
        sector = sectors.filter(pk=sector_id).first()
    targets = TargetEnterprise.objects.filter(sector__year=current_year())
    if sector is not None:
        targets = targets.filter(sector=sector)
    data = selectors.distribution(targets, sector)
    return render(
        request,
        "enterprises/distribution.html",
        {
            "d": data,
            "sector": sector,
            "sectors": sectors,
            "province_chart": charts.distribution_svg(data["provinces"], what="省份"),
            "city_chart": charts.distribution_svg(data["cities"], what="城市"),
        },
    )
