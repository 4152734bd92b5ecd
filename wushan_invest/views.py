"""The landing page: it gathers every app's panel, so it sits above the apps (core imports none of them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import can
from targets.selectors import current_year


@login_required
def home(request):
    """Each role's landing page; the apps add their panels as they grow."""
    year = current_year()
    context = {
        "year": year,
        # the county panel already quotes the county's targets; a unit's filer sees what is due before anything else
        "county_panel": can(request.user, "dashboard.county"),
        "due_first": can(request.user, "records.file"),
    }
    return render(request, "core/home.html", context)
