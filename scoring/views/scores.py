"""The score pages: ranking (and its .xlsx), a unit's explained score, county progress."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts import access
from accounts.access import requires
from scoring import rules as r
from scoring import selectors
from scoring.exports import scores_xlsx
from scoring.views.common import cut_off_asked, redirect_to_current, scheme_asked, year_or_404


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
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scores-{year.year}-{as_of:%Y%m%d}.xlsx"'
    scores_xlsx(scores, response)
    return response


@requires("scores.view")
def unit_score(request, year, pk):
    year = year_or_404(year)
    unit = access.get_unit_or_404(request.user, pk)
    as_of = cut_off_asked(request, year)
    scheme = scheme_asked(year, request)
    scores = selectors.year_scores(year, as_of, scheme)
    score = scores.unit(unit.pk)
    if score is None:
        raise Http404("该单位不在本年度目标任务分解表中")
    context = {"year": year, "unit": unit, "as_of": as_of, "scheme": scheme, "scores": scores, "s": score}
    context |= {
        "records": selectors.unit_records(year, as_of, unit, scores.rules),
        "month_ends": selectors.month_ends(year.year),
    }
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
