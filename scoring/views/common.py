"""Helpers the scoring views share: the year, the scheme version and the cut-off a request asks for."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

from scoring import selectors
from targets.models import AssessmentYear
from targets.selectors import assessment_years, current_year


def year_or_404(year: int) -> AssessmentYear:
    """The year asked for, from the list of years a GET request reads once (targets.selectors.assessment_years)."""
    found = next((y for y in assessment_years() if str(y.year) == str(year)), None)
    if found is None:
        raise Http404("没有这个考核年度")
    return found


def scheme_asked(year, request):
    """The current scheme, or an earlier version asked for with ?v=N (to compare)."""
    raw = request.GET.get("v")
    if not raw:
        return selectors.current_scheme(year)
    if not raw.isdigit() or (scheme := selectors.scheme_version(year, int(raw))) is None:
        raise Http404("没有这个方案版本")
    return scheme


def cut_off_asked(request, year):
    as_of, warning = selectors.parse_as_of(year.year, request.GET.get("as_of"))
    if warning:
        messages.warning(request, warning)
    return as_of


def redirect_to_current(name):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect(name, year.year)


def add_errors(form, error: ValidationError):
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)
