"""The dashboards: the county view, a leader's units, a unit's own view, the office's view. Each as a page, its
tables as .xlsx (``fmt="xlsx"``) and the county view as PDF (``fmt="pdf"``), from the same data and SVG charts."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import can, requires
from core.xlsx import xlsx_response
from reports import charts as svg
from reports.dashboards import charts, selectors, tables
from reports.dashboards import forecast as fc
from reports.dashboards.forecast import METHOD
from reports.pdf import DocumentHeader, pdf_response, render_pdf
from scoring import selectors as scoring_selectors
from scoring.views.common import year_or_404
from targets import access
from targets.selectors import current_year


def _year_and_cut_off(request, year):
    year = year_or_404(year)
    as_of, warning = scoring_selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    return year, as_of


def _page(request, template, context, fmt, filename, tables_of):
    """The page, or its tables as one workbook."""
    if fmt == "xlsx":
        return xlsx_response(list(tables_of.values()), f"{filename}.xlsx")
    context |= {"tables": tables_of, "month_ends": scoring_selectors.month_ends(context["year"].year)}
    return render(request, template, context)


def _current(request, name):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect(name, year.year)


@requires("dashboard.county")
def county_current(request):
    return _current(request, "dashboards:county")


@requires("dashboard.county")
def county(request, year, fmt="html"):
    year, as_of = _year_and_cut_off(request, year)
    data = selectors.county_dashboard(year, as_of)
    tabs = tables.county_tables(data, year.year)
    context = {"year": year, "as_of": as_of, "d": data, "charts": charts.county_charts(data, year.year)}
    context["method"] = METHOD
    name = f"{year.year}年全县招商引资运行情况（截至{as_of:%Y-%m-%d}）"
    if fmt == "pdf":
        context |= {"tables": tabs, "document": _county_document(year, as_of)}
        pdf = render_pdf("reports/dashboards/county_pdf.html", context, identifier=f"county-{as_of:%Y-%m-%d}")
        return pdf_response(pdf, f"{name}.pdf", inline=True)
    return _page(request, "reports/dashboards/county.html", context, fmt, name, tabs)


def _county_document(year, as_of):
    months = f"{year.year}年1月" if as_of.month == 1 else f"{year.year}年1—{as_of.month}月"
    return DocumentHeader(
        title=f"{months}全县招商引资运行情况",
        subtitle=f"（截至{as_of.year}年{as_of.month}月{as_of.day}日，仅计已认定记录）",
        date=as_of,
        running_title=f"{months}全县招商引资运行情况",
    )


@requires("dashboard.my_units")
def my_units_current(request):
    return _current(request, "dashboards:my_units")


@requires("dashboard.my_units")
def my_units(request, year, fmt="html"):
    """The signed-in leader's units (the rows they lead in the year's breakdown table)."""
    if request.user.leader_id is None:
        raise Http404("该账号未对应县领导")
    return _leader_page(request, year, request.user.leader, fmt)


@requires("dashboard.county")
def leader_units(request, year, pk, fmt="html"):
    """Any county leader's units, for those who read the county view."""
    return _leader_page(request, year, access.get_leader_or_404(request.user, pk), fmt)


def _leader_page(request, year, leader, fmt):
    year, as_of = _year_and_cut_off(request, year)
    data = selectors.leader_dashboard(year, as_of, leader)
    context = {"year": year, "as_of": as_of, "d": data, "method": METHOD}
    context["chart_contract"] = charts.completion_bars(
        data["ranked"], "contract", data["contract"].progress, "正式合同额完成率"
    )
    context["chart_funds"] = charts.completion_bars(data["ranked"], "funds", data["funds"].progress, "到位资金完成率")
    name = f"{year.year}年{leader.name}牵头单位完成情况（截至{as_of:%Y-%m-%d}）"
    return _page(request, "reports/dashboards/leader.html", context, fmt, name, tables.leader_tables(data))


@requires("dashboard.unit")
def unit_current(request):
    """A filer's own unit; others choose a unit from the county view."""
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    if not request.user.unit_id:
        return redirect("dashboards:county", year.year)
    return redirect("dashboards:unit", request.user.unit_id, year.year)


@requires("dashboard.unit")
def unit(request, year, pk, fmt="html"):
    unit = access.get_unit_or_404(request.user, pk)
    year, as_of = _year_and_cut_off(request, year)
    data = selectors.unit_dashboard(year, as_of, unit, timezone.localdate())
    context = {"year": year, "as_of": as_of, "d": data, "unit": unit, "method": METHOD}
    s = data["standing"]
    if s is not None:
        rules, past = data["rules"], data["standings"].period.past
        context["contract_bar"] = svg.progress_bar(
            s.contract.actual, s.contract.target, progress=s.contract.progress, label="正式合同额", width=520
        )
        context["funds_bar"] = svg.progress_bar(
            s.funds.actual, s.funds.target, progress=s.funds.progress, label="到位资金", width=520
        )
        context["trend"] = charts.trend_chart(
            data["trend"]["funds"],
            fc.milestone_path(s.funds.target, rules, year.year),
            s.funds_forecast,
            title=f"{unit.name}到位资金月度累计、节点路径",
            actual_name="累计到位资金",
            path_name="季度节点路径",
            target=s.funds.target,
            past=past,
        )
        context["contract_trend"] = charts.trend_chart(
            data["trend"]["contract"],
            fc.time_path(s.contract.target),
            s.contract_forecast,
            title=f"{unit.name}正式合同额月度累计、序时进度",
            actual_name="累计合同额",
            path_name="序时进度线",
            target=s.contract.target,
            past=past,
        )
    name = f"{year.year}年{unit.name}招商引资情况（截至{as_of:%Y-%m-%d}）"
    return _page(request, "reports/dashboards/unit.html", context, fmt, name, tables.unit_tables(data, year.year))


@requires("dashboard.office")
def office_current(request):
    return _current(request, "dashboards:office")


@requires("dashboard.office")
def office(request, year, fmt="html"):
    year, as_of = _year_and_cut_off(request, year)
    data = selectors.office_dashboard(year, as_of, timezone.localdate())
    context = {"year": year, "as_of": as_of, "d": data, "may_audit": can(request.user, "records.audit")}
    context["completeness_chart"] = charts.completeness_chart(data["completeness"])
    name = f"{year.year}年{as_of.month}月报送与审核情况"
    return _page(request, "reports/dashboards/office.html", context, fmt, name, tables.office_tables(data))
