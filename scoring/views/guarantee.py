"""Guarantee units and towns: the ranking by enterprise ratings, rating links and paper forms, the enterprises'
public rating page, and the 2-point appraisal by findings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.forms import posted_text
from core.xlsx import xlsx_response
from scoring import access, exports, selectors, services
from scoring.forms import FindingForm, IssueLinksForm, PaperRatingForm
from scoring.views.common import add_errors, redirect_to_current, year_or_404
from targets.models import UnitKind


@requires("scores.view")
def guarantee_current(request):
    return redirect_to_current("scoring:guarantee")


@requires("scores.view")
def guarantee(request, year):
    year = year_or_404(year)
    scheme = selectors.current_scheme(year)
    rules = scheme.as_rules()
    context = {"year": year, "scheme": scheme, "rules": rules, "results": selectors.guarantee_results(year, rules)}
    if can(request.user, "ratings.manage"):
        context["ratings"] = selectors.ratings_for(year)[:200]
    return render(request, "scoring/guarantee.html", context)


@requires("scores.view")
def guarantee_xlsx(request, year):
    """The ranking by enterprise ratings with its rewards; the ratings themselves (all of them) for whom the page
    shows them."""
    year = year_or_404(year)
    rules = selectors.current_scheme(year).as_rules()
    ratings = selectors.ratings_for(year) if can(request.user, "ratings.manage") else None
    tables = exports.guarantee_tables(selectors.guarantee_results(year, rules), rules, ratings)
    return xlsx_response(tables, f"{year.year}年招商保障单位评价.xlsx")


@requires("ratings.manage")
def rating_links(request, year):
    year = year_or_404(year)
    scheme = selectors.current_scheme(year)
    form = IssueLinksForm(request.POST or None)
    issued = []
    if request.method == "POST" and year.is_closed:
        messages.error(request, f"{year.year}年度已关闭，不能再生成评分链接")
    elif request.method == "POST" and form.is_valid():
        try:
            for investor in form.cleaned_data["investors"]:
                towns = selectors.rating_units_for(investor).filter(kind=UnitKind.TOWN)
                units = [*form.cleaned_data["units"], *(towns if form.cleaned_data["with_towns"] else [])]
                link, token = services.rating_link_issue(
                    year=year, investor=investor, units=units, by=request.user, days=scheme.rating_link_days
                )
                issued.append((link, request.build_absolute_uri(reverse("rate", args=[token]))))
        except (ValidationError, services.SchemeFrozen) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    context = {"year": year, "form": form, "issued": issued, "links": selectors.links_for(year), "scheme": scheme}
    return render(request, "scoring/rating_links.html", context)


@requires("ratings.manage")
def rating_paper(request, year):
    year = year_or_404(year)
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


def _rating_rows(units, criteria, values, errors) -> list[dict]:
    """The rating form: a row per unit, a cell per criterion, with what was typed and its error."""
    return [
        {
            "unit": u,
            "cells": [
                {
                    "name": f"u{u.pk}-c{i}",
                    "criterion": c,
                    "value": values.get(u.pk, {}).get(c.name, ""),
                    "error": (errors.get(f"{u.pk}:{c.name}") or [""])[0],
                }
                for i, c in enumerate(criteria)
            ],
        }
        for u in units
    ]


def rate(request, token):
    """The enterprise's rating page: no account, one submission per link, until it expires."""
    link = selectors.rating_link_for(token)
    if link is None:
        raise Http404("评分链接无效")
    if link.year.is_closed:
        message = f"{link.year.year}年度评价已结束，感谢您的支持！"
        return render(request, "scoring/rate_closed.html", {"link": link, "message": message}, status=410)
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
                comment=posted_text(request, "comment", max_length=2000),
            )
        except services.LinkUnusable as error:
            return render(request, "scoring/rate_closed.html", {"link": link, "message": str(error)}, status=410)
        except ValidationError as error:
            errors = error.message_dict
        else:
            return render(request, "scoring/rate_closed.html", {"link": link, "state": "used", "thanks": True})
    rows = _rating_rows(units, rules.guarantee_criteria, values, errors)
    context = {"link": link, "rows": rows, "criteria": rules.guarantee_criteria, "errors": errors.get("__all__", [])}
    return render(request, "scoring/rate.html", context, status=400 if errors else 200)


def _appraisal_kind(request, rules):
    """Towns (the default) or guarantee units, and the criteria they are appraised on."""
    kind = request.GET.get("kind", UnitKind.TOWN)
    if kind not in (UnitKind.TOWN, UnitKind.GUARANTEE):
        raise Http404("没有这类考核单位")
    return kind, rules.town_criteria if kind == UnitKind.TOWN else rules.guarantee_appraisal_criteria


@requires("scores.view")
def appraisal(request, year):
    year = year_or_404(year)
    rules = selectors.current_scheme(year).as_rules()
    kind, criteria = _appraisal_kind(request, rules)
    form = FindingForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if not can(request.user, "appraisal.manage"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_record(year=year, by=request.user, criteria=criteria, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            except services.SchemeFrozen as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "扣分情况已记录")
                return redirect(f"{reverse('scoring:appraisal', args=[year.year])}?kind={kind}")
    form.fields["unit"].queryset = form.fields["unit"].queryset.filter(kind=kind)
    context = {"year": year, "rules": rules, "kind": kind, "criteria": criteria, "form": form}
    context |= {"table": selectors.appraisal_results(year, rules, kind), "months": range(1, 13)}
    context["may_edit"] = can(request.user, "appraisal.manage") and not year.is_closed
    return render(request, "scoring/appraisal.html", context)


@requires("scores.view")
def appraisal_xlsx(request, year):
    year = year_or_404(year)
    rules = selectors.current_scheme(year).as_rules()
    kind, criteria = _appraisal_kind(request, rules)
    tables = exports.appraisal_tables(year, rules, kind, criteria, selectors.appraisal_results(year, rules, kind))
    return xlsx_response(tables, f"{exports.appraisal_title(year, kind)}.xlsx")


@require_POST
@requires("appraisal.manage")
def finding_withdraw(request, pk):
    finding = access.get_finding_or_404(request.user, pk)
    year, kind = finding.year.year, finding.unit.kind
    try:
        services.finding_withdraw(finding=finding, by=request.user, reason=posted_text(request, "reason"))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except services.SchemeFrozen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤销该扣分")
    return redirect(f"{reverse('scoring:appraisal', args=[year])}?kind={kind}")
