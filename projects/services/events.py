"""Events and trainings the center requires, and who attended them (inputs of the daily-work score)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_log
from projects.models import Attendance, RequiredEvent
from projects.services.common import as_json


@transaction.atomic
def required_event_save(*, by, units, event: RequiredEvent | None = None, **fields) -> RequiredEvent:
    """Create or change an event or training the center requires; ``units`` are those expected to attend."""
    if not units:
        raise ValidationError({"units": "请至少选择一个应参加单位"})
    created = event is None
    event = event or RequiredEvent(created_by=by)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"])
    event.save()
    wanted = {u.pk for u in units}
    current = set(event.attendance.values_list("unit_id", flat=True))
    Attendance.objects.filter(event=event, unit_id__in=current - wanted).delete()
    Attendance.objects.bulk_create(Attendance(event=event, unit_id=pk) for pk in sorted(wanted - current))
    audit_log(
        action="required_event.create" if created else "required_event.update",
        by=by,
        obj=event,
        detail={"units": sorted(wanted), **{k: as_json(v) for k, v in fields.items()}},
    )
    return event


@transaction.atomic
def attendance_record(*, event: RequiredEvent, by, rows: dict) -> int:
    """Mark who attended: ``rows`` maps unit id → (attended, excused, note). Returns how many rows changed."""
    changed = {}
    for row in event.attendance.select_for_update():
        if row.unit_id not in rows:
            continue
        attended, excused, note = rows[row.unit_id]
        if attended and excused:
            raise ValidationError({"attendance": f"“{row.unit}”不能同时标记为已参加和请假"})
        if (row.attended, row.excused, row.note) != (attended, excused, note):
            changed[str(row.unit)] = {"attended": attended, "excused": excused, "note": note}
            row.attended, row.excused, row.note = attended, excused, note[:200]
            row.save(update_fields=["attended", "excused", "note"])
    if changed:
        audit_log(action="attendance.record", by=by, obj=event, detail={"changes": changed})
    return len(changed)
