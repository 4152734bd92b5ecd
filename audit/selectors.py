import datetime as dt

from django.db.models import Q
from django.utils import timezone

from audit.labels import actions_named
from audit.models import AuditEvent


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_for_search(*, date_from=None, date_to=None, user="", action="", object="", outcome="", **_):
    """Audit events matching the search page's filters; dates are Beijing calendar days, inclusive."""
    events = AuditEvent.objects.all()
    if date_from:
        events = events.filter(at__gte=_local_midnight(date_from))
    if date_to:
        events = events.filter(at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    if user:
        events = events.filter(username__icontains=user.strip())
    if action:
        text = action.strip()
        codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        events = events.filter(Q(action__startswith=text) | Q(action__in=actions_named(text, codes)))
    if object:
        text = object.strip()
        events = events.filter(Q(object_repr__icontains=text) | Q(object_type__icontains=text) | Q(object_id=text))
    if outcome:
        events = events.filter(outcome=outcome)
    return events.order_by("-at", "-id")
