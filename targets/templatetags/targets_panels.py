"""Panels of the plan that other pages (the home page) include."""

from django import template

from accounts.access import can, sees_all_units
from targets import access
from targets.breakdown import ZERO
from targets.models import TargetRow
from targets.selectors import reopened_years

register = template.Library()


@register.inclusion_tag("targets/_my_units.html", takes_context=True)
def my_units_panel(context):
    """A leader's "my units" (the units they lead in the year's table) or a filer's own unit, with the targets."""
    user, year = context["user"], context.get("year")
    rows = []
    if year is not None:
        mine = access.my_target_rows(user, year).values("pk")
        rows = list(TargetRow.objects.for_breakdown(year).filter(pk__in=mine))
    return {
        "user": user,
        "year": year,
        "rows": rows,
        "units": access.my_unit_list(user, year),
        "signed": sum((row.signed_target for row in rows), ZERO),
        "funded": sum((row.funded_target for row in rows), ZERO),
        "link_units": sees_all_units(user),
        "link_leaders": access.may_view_leaders(user),
    }


@register.inclusion_tag("targets/_reopened_banner.html")
def reopened_years_banner(user):
    """On every page while an admin has re-opened a closed year: its scores may change until it is closed again.
    For those who read scores; the audit admin's pages (the trail only) ask nothing."""
    if not can(user, "scores.view"):
        return {"years": []}
    return {"years": reopened_years()}
