"""The center's required investment events and trainings, with who attended (inputs of the daily-work score)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from accounts.access import can, requires, sees_all_units
from core.forms import posted_text
from projects import access, services
from projects.forms import RequiredEventForm, apply_errors
from projects.models import RequiredEvent
from targets.models import TargetRow
from targets.selectors import current_year


@requires("records.view")
def event_list(request):
    events = access.visible_required_events(request.user).select_related("year").order_by("-held_on", "-id")
    unit_id = request.user.unit_id if not sees_all_units(request.user) else None
    rows = []
    for event in events.prefetch_related("attendance__unit"):
        attendance = list(event.attendance.all())
        mine = next((a for a in attendance if a.unit_id == unit_id), None)
        rows.append((event, attendance, mine))
    return render(
        request,
        "projects/events.html",
        {"rows": rows, "can_manage": can(request.user, "activities.manage_required"), "unit_id": unit_id},
    )


def _default_units():
    year = current_year()
    return list(TargetRow.objects.filter(year=year).values_list("unit_id", flat=True).distinct()) if year else []


@requires("activities.manage_required")
def event_edit(request, pk=None):
    event = access.get_required_event_or_404(request.user, pk) if pk else None
    initial = (
        {"year": current_year(), "units": _default_units()} if event is None else {"units": list(event.units.all())}
    )
    form = RequiredEventForm(
        request.POST or None, instance=RequiredEvent.objects.get(pk=pk) if pk else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RequiredEventForm.Meta.fields}
        try:
            event = services.required_event_save(
                by=request.user, units=list(form.cleaned_data["units"]), event=event, **fields
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。请在活动结束后登记各单位参加情况。")
            return redirect("projects:event", event.pk)
    return render(request, "projects/event_form.html", {"form": form, "event": event})


@requires("records.view")
def event_detail(request, pk):
    event = access.get_required_event_or_404(request.user, pk)
    can_manage = can(request.user, "activities.manage_required")
    attendance = event.attendance.select_related("unit").order_by("unit__position", "unit_id")
    if not sees_all_units(request.user):
        attendance = attendance.filter(unit_id=request.user.unit_id)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("只有县招商投资事务中心登记参加情况")
        rows = {
            a.unit_id: (
                f"attended_{a.unit_id}" in request.POST,
                f"excused_{a.unit_id}" in request.POST,
                posted_text(request, f"note_{a.unit_id}"),
            )
            for a in attendance
        }
        try:
            changed = services.attendance_record(event=event, by=request.user, rows=rows)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"参加情况已保存（{changed} 个单位有变化）。")
        return redirect("projects:event", pk)
    return render(
        request, "projects/event_detail.html", {"event": event, "attendance": attendance, "can_manage": can_manage}
    )
