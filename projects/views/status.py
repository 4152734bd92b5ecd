"""The monthly calendar: the center's unit × month filing-status matrix and a unit's reminders."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.access import requires
from projects import calendar
from projects.models import Reminder
from projects.selectors import status_matrix
from targets import access
from targets.models import AssessmentYear
from targets.selectors import current_year


@requires("filing.status_matrix")
def matrix(request):
    year_param = request.GET.get("year")
    if year_param:
        year = get_object_or_404(AssessmentYear, year=year_param) if year_param.isdigit() else None
        if year is None:
            raise Http404
    else:
        year = current_year()
        if year is None:
            raise Http404("尚未设置考核年度")
    today = timezone.localdate()
    months, rows = status_matrix(year, today)
    return render(
        request,
        "projects/matrix.html",
        {
            "year": year,
            "years": AssessmentYear.objects.order_by("-year"),
            "months": months,
            "rows": rows,
            "today": today,
            "legend": [(state, calendar.STATE_LABELS[state]) for state in calendar.SEVERITY],
        },
    )


@requires("records.view")
def reminders(request):
    units = access.visible_units(request.user)
    since = timezone.localdate() - dt.timedelta(days=90)
    items = Reminder.objects.filter(unit__in=units, day__gte=since).select_related("unit")[:500]
    return render(request, "projects/reminders.html", {"items": items, "since": since})
