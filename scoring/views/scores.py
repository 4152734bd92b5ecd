"""The score pages: ranking, a unit's explained score, county progress; each with its tables as .xlsx."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.access import requires
from core.xlsx import xlsx_response
from scoring import exports, selectors
from scoring import rules as r
from scoring.exports import scores_workbook
from scoring.views.common import cut_off_asked, redirect_to_current, scheme_asked, year_or_404
from targets import access


@requires("scores.view")
def ranking_current(request):
    return redirect_to_current("scoring:ranking")


@requires("scores.view")
def ranking(request, year):
    year = year_or_404(year)
    as_of = cut_off_asked(request, year)
    scheme = scheme_asked(year, request)
    scores = selectors.year_scores(year, as_of, scheme)
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, scores.rules)
    rows = [
        {
            "score": s,
            "contract": r.progress("合同", s.contract.numerator, s.contract.denominator, t, scores.rules),
            "funds": r.progress("到位", s.funds.numerator, s.funds.denominator, tf, scores.rules),
        }
        for s in scores.ranking
    ]
    context = {"year": year, "as_of": as_of, "scheme": scheme, "scores": scores, "rows": rows}
    context |= {"time_progress": r.half_up(t, 4), "funds_time_progress": r.half_up(tf, 4)}
    context["month_ends"] = selectors.month_ends(year.year)
    return render(request, "scoring/ranking.html", context)


@requires("scores.view")
def ranking_xlsx(request, year):
    """The ranking's figures as .xlsx: the same sheet as `score --format xlsx`."""
    year = year_or_404(year)
    as_of, _ = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    scores = selectors.year_scores(year, as_of, scheme_asked(year, request))
    return xlsx_response(
        scores_workbook(scores, ranked=True), f"{year.year}年考核得分排名（截至{as_of:%Y-%m-%d}）.xlsx"
    )


def _unit_score(year, unit, as_of, scheme):
    scores = selectors.year_scores(year, as_of, scheme)
    score = scores.unit(unit.pk)
    if score is None:
        raise Http404("该单位不在本年度目标任务分解表中")
    return scores, score


@requires("scores.view")
def unit_score(request, year, pk):
    year = year_or_404(year)
    unit = access.get_unit_or_404(request.user, pk)
    as_of = cut_off_asked(request, year)
    scheme = scheme_asked(year, request)
    scores, score = _unit_score(year, unit, as_of, scheme)
    context = {"year": year, "unit": unit, "as_of": as_of, "scheme": scheme, "scores": scores, "s": score}
    context |= {
        "records": selectors.unit_records(year, as_of, unit, scores.rules),
        "month_ends": selectors.month_ends(year.year),
    }
    context |= selectors.score_story(year, scores, score, as_of, timezone.localdate())
    return render(request, "scoring/unit.html", context)


@requires("scores.view")
def progress_current(request):
    return redirect_to_current("scoring:progress")


@requires("scores.view")
def progress(request, year):
    year = year_or_404(year)
    as_of = cut_off_asked(request, year)
    scheme = selectors.current_scheme(year)
    rules = scheme.as_rules()
    overview = selectors.county_progress(year, as_of, rules)
    context = {"year": year, "as_of": as_of, "scheme": scheme, "rules": rules, "p": overview}
    context["month_ends"] = selectors.month_ends(year.year)
    return render(request, "scoring/progress.html", context)


@requires("scores.view")
def unit_xlsx(request, year, pk):
    """The unit's score page as .xlsx: the same access, cut-off and scheme version as the page."""
    year = year_or_404(year)
    unit = access.get_unit_or_404(request.user, pk)
    as_of, warning = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    scores, score = _unit_score(year, unit, as_of, scheme_asked(year, request))
    records = selectors.unit_records(year, as_of, unit, scores.rules)
    story = selectors.score_story(year, scores, score, as_of, timezone.localdate())
    tables = exports.unit_tables(year, unit, scores, score, records, as_of, warning, story)
    return xlsx_response(tables, f"{unit.name}{year.year}年考核得分（截至{as_of:%Y-%m-%d}）.xlsx")


@requires("scores.view")
def progress_xlsx(request, year):
    """全县进度 as .xlsx: every table of the page, at the page's cut-off."""
    year = year_or_404(year)
    as_of, warning = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    rules = selectors.current_scheme(year).as_rules()
    tables = exports.progress_tables(selectors.county_progress(year, as_of, rules), rules, as_of, warning)
    return xlsx_response(tables, f"{year.year}年全县招商引资进度（截至{as_of:%Y-%m-%d}）.xlsx")
