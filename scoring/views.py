"""Scoring pages: thin views over the selectors (reads) and the services (writes)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import access
from accounts.access import requires
from scoring import rules as r
from scoring import selectors, services
from scoring.exports import scores_xlsx
from scoring.forms import FindingForm, IssueLinksForm, PaperRatingForm, SchemeForm
from targets.models import AssessmentYear, UnitKind
from targets.selectors import current_year


def _year(year: int) -> AssessmentYear:
    return get_object_or_404(AssessmentYear, year=year)


def _scheme(year, request):
    """The current scheme, or an earlier version asked for with ?v=N (to compare)."""
    raw = request.GET.get("v")
    if not raw:
        return selectors.current_scheme(year)
    if not raw.isdigit() or (scheme := selectors.scheme_version(year, int(raw))) is None:
        raise Http404("没有这个方案版本")
    return scheme


def _cut_off(request, year):
    as_of, warning = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    return as_of


def _redirect_to_current(name):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect(name, year.year)


@requires("scores.view")
def ranking_current(request):
    return _redirect_to_current("scoring:ranking")


@requires("scores.view")
def ranking(request, year):
    year = _year(year)
    as_of = _cut_off(request, year)
    scheme = _scheme(year, request)
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
    year = _year(year)
    as_of, _ = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    scores = selectors.year_scores(year, as_of, _scheme(year, request))
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scores-{year.year}-{as_of:%Y%m%d}.xlsx"'
    scores_xlsx(scores, response)
    return response


@requires("scores.view")
def unit_score(request, year, pk):
    year = _year(year)
    unit = access.get_unit_or_404(request.user, pk)
    as_of = _cut_off(request, year)
    scheme = _scheme(year, request)
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
    return _redirect_to_current("scoring:progress")


@requires("scores.view")
def progress(request, year):
    year = _year(year)
    as_of = _cut_off(request, year)
    scheme = selectors.current_scheme(year)
    rules = scheme.as_rules()
    overview = selectors.county_progress(year, as_of, rules)
    context = {"year": year, "as_of": as_of, "scheme": scheme, "rules": rules, "p": overview}
    context["month_ends"] = selectors.month_ends(year.year)
    return render(request, "scoring/progress.html", context)


@requires("scheme.view")
def scheme_current(request):
    return _redirect_to_current("scoring:scheme")


@requires("scheme.view")
def scheme(request, year):
    year = _year(year)
    current = selectors.current_scheme(year)
    sections = _scheme_sections(current)
    context = {"year": year, "scheme": current, "sections": sections, "history": selectors.scheme_history(year)}
    context["may_edit"] = access.can(request.user, "scheme.edit") and not year.is_closed
    return render(request, "scoring/scheme.html", context)


@requires("scheme.edit")
def scheme_edit(request, year):
    year = _year(year)
    if year.is_closed:
        messages.error(request, f"{year.year}年度已关闭，考核方案已冻结，不能修改")
        return redirect("scoring:scheme", year.year)
    current = selectors.current_scheme(year)
    form = SchemeForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.scheme_update(
                year=year, by=request.user, reason=form.cleaned_data["reason"], values=form.values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.SchemeFrozen as error:
            messages.error(request, str(error))
            return redirect("scoring:scheme", year.year)
        else:
            if version is None:
                messages.info(request, "方案没有变化，未生成新版本")
            else:
                messages.success(request, f"已保存为新版本 {version.label}")
            return redirect("scoring:scheme", year.year)
    return render(request, "scoring/scheme_edit.html", {"year": year, "scheme": current, "form": form})


def bands_css(request, year):
    """The five colours of the year's scheme as a stylesheet, so that pages need no inline style."""
    rules = selectors.current_scheme(_year(year)).as_rules()
    css = "".join(
        f".band-{b.code}{{--band:{b.colour};}}.cell-{b.code}{{box-shadow:inset 4px 0 0 {b.colour};}}\n"
        for b in rules.bands
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _add_errors(form, error: ValidationError):
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


SECTIONS = [
    (
        "考核指标与权重（歧义A：资金到位额按30分）",
        ["weight_contract", "weight_funds", "weight_funds_rate", "weight_start_rate", "weight_daily"],
    ),
    ("日常工作情况", ["daily_deduction", "late_counts_as_missing"]),
    (
        "歧义B–D及合计方式",
        [
            "zero_target",
            "funds_rate_without_contracts",
            "start_rate_without_signings",
            "joint_split",
            "total_rounding",
            "start_rate_years",
        ],
    ),
    ("加分（招大引强、招新引优）", ["bonus_tags", "bonus_major_tiers", "bonus_service_tiers"]),
    ("结果运用", ["pass_score", "reward_requires_targets", "reward_tiers", "excellent_top"]),
    ("五色图与序时进度", ["funds_progress", "band_green_at", "band_yellow_within", "band_orange_within", "bands"]),
    (
        "保障单位与乡镇",
        [
            "guarantee_criteria",
            "guarantee_pass_score",
            "guarantee_reward_tiers",
            "guarantee_excellent_top",
            "rating_link_days",
            "appraisal_points",
            "appraisal_deduction",
            "town_criteria",
            "guarantee_appraisal_criteria",
        ],
    ),
    (
        "其他工作目标",
        [
            "visits_target",
            "leader_trips_per_month",
            "trainings_target",
            "monthly_signing_min",
            "quarterly_signing_min",
            "reserve_target",
            "signing_ceremony_keyword",
            "start_ceremony_keyword",
        ],
    ),
]


def _scheme_sections(version):
    from projects.models import InvestorTag

    meta = version._meta
    tags = dict(InvestorTag.objects.values_list("code", "name"))
    return [
        (title, [(meta.get_field(name).verbose_name, selectors.show(version, name, tags)) for name in names])
        for title, names in SECTIONS
    ]


# --- guarantee units and towns -----------------------------------------------------------------------------------


@requires("scores.view")
def guarantee_current(request):
    return _redirect_to_current("scoring:guarantee")


@requires("scores.view")
def guarantee(request, year):
    year = _year(year)
    scheme = selectors.current_scheme(year)
    rules = scheme.as_rules()
    context = {"year": year, "scheme": scheme, "rules": rules, "results": selectors.guarantee_results(year, rules)}
    if access.can(request.user, "ratings.manage"):
        context["ratings"] = selectors.ratings_for(year)[:200]
    return render(request, "scoring/guarantee.html", context)


@requires("ratings.manage")
def rating_links(request, year):
    year = _year(year)
    scheme = selectors.current_scheme(year)
    form = IssueLinksForm(request.POST or None)
    issued = []
    if request.method == "POST" and form.is_valid():
        try:
            for investor in form.cleaned_data["investors"]:
                link, token = services.rating_link_issue(
                    year=year,
                    investor=investor,
                    units=form.cleaned_data["units"],
                    by=request.user,
                    days=scheme.rating_link_days,
                )
                issued.append((link, request.build_absolute_uri(reverse("rate", args=[token]))))
        except (ValidationError, services.SchemeFrozen) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    context = {"year": year, "form": form, "issued": issued, "links": selectors.links_for(year), "scheme": scheme}
    return render(request, "scoring/rating_links.html", context)


@requires("ratings.manage")
def rating_paper(request, year):
    year = _year(year)
    rules = selectors.current_scheme(year).as_rules()
    form = PaperRatingForm(request.POST or None, criteria=rules.guarantee_criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_enter_paper(
                year=year,
                unit=form.cleaned_data["unit"],
                investor=form.cleaned_data["investor"],
                scores=form.scores(),
                criteria=rules.guarantee_criteria,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _rating_errors(form, error, rules)
        except services.SchemeFrozen as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "纸质评分表已录入")
            return redirect("scoring:guarantee", year.year)
    return render(request, "scoring/rating_paper.html", {"year": year, "form": form})


def _rating_errors(form, error, rules):
    names = {c.name: f"c{i}" for i, c in enumerate(rules.guarantee_criteria)}
    for key, problems in error.message_dict.items():
        name = key.split(":", 1)[-1]
        form.add_error(names.get(name) or (key if key in form.fields else None), problems)


def rate(request, token):
    """The enterprise's rating page: no account, one submission per link, until it expires."""
    from django.utils import timezone

    from scoring.models import RatingLink, hash_token

    link = RatingLink.objects.select_related("year", "investor").filter(token_hash=hash_token(token)).first()
    if link is None:
        raise Http404("评分链接无效")
    state = link.state(timezone.now())
    if state != "open":
        return render(
            request, "scoring/rate_closed.html", {"link": link, "state": state}, status=410 if state != "used" else 200
        )
    rules = selectors.current_scheme(link.year).as_rules()
    units = list(link.units.order_by("kind", "position", "id"))
    errors, values = {}, {}
    if request.method == "POST":
        values = {
            u.pk: {c.name: request.POST.get(f"u{u.pk}-c{i}", "") for i, c in enumerate(rules.guarantee_criteria)}
            for u in units
        }
        try:
            services.rating_submit_by_link(
                token=token,
                scores_by_unit=values,
                criteria=rules.guarantee_criteria,
                comment=request.POST.get("comment", "")[:2000],
            )
        except services.LinkUnusable as error:
            return render(request, "scoring/rate_closed.html", {"link": link, "message": str(error)}, status=410)
        except ValidationError as error:
            errors = error.message_dict
        else:
            return render(request, "scoring/rate_closed.html", {"link": link, "state": "used", "thanks": True})
    rows = [
        {
            "unit": u,
            "cells": [
                {
                    "name": f"u{u.pk}-c{i}",
                    "criterion": c,
                    "value": values.get(u.pk, {}).get(c.name, ""),
                    "error": (errors.get(f"{u.pk}:{c.name}") or [""])[0],
                }
                for i, c in enumerate(rules.guarantee_criteria)
            ],
        }
        for u in units
    ]
    context = {"link": link, "rows": rows, "criteria": rules.guarantee_criteria, "errors": errors.get("__all__", [])}
    return render(request, "scoring/rate.html", context, status=400 if errors else 200)


@requires("scores.view")
def appraisal(request, year):
    year = _year(year)
    rules = selectors.current_scheme(year).as_rules()
    kind = request.GET.get("kind", UnitKind.TOWN)
    if kind not in (UnitKind.TOWN, UnitKind.GUARANTEE):
        raise Http404
    criteria = rules.town_criteria if kind == UnitKind.TOWN else rules.guarantee_appraisal_criteria
    form = FindingForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if not access.can(request.user, "appraisal.manage"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_record(year=year, by=request.user, criteria=criteria, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            except services.SchemeFrozen as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "扣分情况已记录")
                return redirect(f"{reverse('scoring:appraisal', args=[year.year])}?kind={kind}")
    form.fields["unit"].queryset = form.fields["unit"].queryset.filter(kind=kind)
    context = {"year": year, "rules": rules, "kind": kind, "criteria": criteria, "form": form}
    context |= {"table": selectors.appraisal_results(year, rules, kind), "months": range(1, 13)}
    context["may_edit"] = access.can(request.user, "appraisal.manage") and not year.is_closed
    return render(request, "scoring/appraisal.html", context)


@require_POST
@requires("appraisal.manage")
def finding_withdraw(request, pk):
    finding = access.get_finding_or_404(request.user, pk)
    year, kind = finding.year.year, finding.unit.kind
    try:
        services.finding_withdraw(finding=finding, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except services.SchemeFrozen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤销该扣分")
    return redirect(f"{reverse('scoring:appraisal', args=[year])}?kind={kind}")
