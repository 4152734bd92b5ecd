"""Which units, leaders and breakdown rows a user may see: one helper per model, 404 for what is not theirs."""

from django.shortcuts import get_object_or_404

from accounts.access import F, L, can, sees_all_units
from targets.models import Leader, TargetRow, Unit


def visible_units(user):
    """Units whose data the user may read: a filer only their own."""
    if sees_all_units(user):
        return Unit.objects.all()
    if getattr(user, "role", None) == F and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def get_unit_or_404(user, pk):
    return get_object_or_404(visible_units(user), pk=pk)


def visible_leaders(user):
    if sees_all_units(user):
        return Leader.objects.all()
    return Leader.objects.none()


def get_leader_or_404(user, pk):
    return get_object_or_404(visible_leaders(user), pk=pk)


def may_view_unit(user, unit) -> bool:
    """Whether a link to the unit's page may be shown (the same rule as visible_units, without a query)."""
    if sees_all_units(user):
        return True
    return getattr(user, "role", None) == F and user.unit_id is not None and user.unit_id == getattr(unit, "pk", unit)


def may_view_leaders(user) -> bool:
    return sees_all_units(user)


def my_units(user, year):
    """ "My units": for a leader, the units they lead in the year's breakdown table; for a filer, their own unit.
    A view, not a restriction: leaders still read every unit."""
    role = getattr(user, "role", None)
    if role == L and user.leader_id and year is not None:
        return Unit.objects.filter(
            target_rows__year=year, target_rows__leader_links__leader_id=user.leader_id
        ).distinct()
    if role == F and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def my_unit_ids(user, year) -> set[int]:
    """The pks of ``my_units``; a filer's own without a query."""
    if getattr(user, "role", None) == F and user.unit_id:
        return {user.unit_id}
    return set(my_units(user, year).values_list("pk", flat=True))


def my_unit_list(user, year) -> list:
    """``my_units`` as a list; a filer's own unit without a query (it is read with the user: accounts.backends)."""
    if getattr(user, "role", None) == F and user.unit_id:
        return [user.unit]
    return list(my_units(user, year))


def my_target_rows(user, year):
    """The breakdown rows behind "my units": the rows a leader leads, or all rows of a filer's unit, in the year."""
    role = getattr(user, "role", None)
    if year is None:
        return TargetRow.objects.none()
    if role == L and user.leader_id:
        return TargetRow.objects.filter(year=year, leader_links__leader_id=user.leader_id)
    if role == F and user.unit_id:
        return TargetRow.objects.filter(year=year, unit_id=user.unit_id)
    return TargetRow.objects.none()


def may_write_unit(user, unit) -> bool:
    """A filer writes only their own unit's records; auditors write on behalf of any unit."""
    if can(user, "records.audit"):
        return True
    return can(user, "records.file") and user.unit_id == getattr(unit, "pk", unit)
