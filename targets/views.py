from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts import access
from accounts.access import requires
from targets.models import AssessmentYear, TargetRow
from targets.selectors import current_year


@requires("targets.view")
def breakdown_current(request):
    year = current_year()
    if year is None:
        raise Http404("尚未设置考核年度")
    return redirect("targets:breakdown", year.year)


@requires("targets.view")
def breakdown(request, year):
    year = get_object_or_404(AssessmentYear, year=year)
    rows = TargetRow.objects.for_breakdown(year)
    return render(request, "targets/breakdown.html", {"year": year, "rows": rows, "totals": rows.totals()})


@requires("targets.view")
def unit_detail(request, pk):
    unit = access.get_unit_or_404(request.user, pk)
    return render(request, "targets/unit.html", {"unit": unit})


@requires("targets.view")
def leader_detail(request, pk):
    leader = access.get_leader_or_404(request.user, pk)
    return render(request, "targets/leader.html", {"leader": leader})
