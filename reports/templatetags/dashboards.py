"""The home page's dashboard panel: each role's way into its dashboard."""

from django import template

from accounts.access import can
from reports.dashboards.selectors import home_summary
from scoring.selectors import default_as_of

register = template.Library()


@register.inclusion_tag("reports/dashboards/_home_panel.html", takes_context=True)
def dashboard_panel(context):
    user, year = context["user"], context.get("year")
    data = {"user": user, "year": year}
    if year is None or not (can(user, "dashboard.county") or can(user, "records.file")):
        return data
    as_of = default_as_of(year.year)
    county = can(user, "dashboard.county")
    data |= {"as_of": as_of, "d": home_summary(year, as_of, user, county=county)}
    data |= {
        "county": county,
        "leader": can(user, "dashboard.my_units") and user.leader_id is not None,
        "office": can(user, "dashboard.office"),
        "review": can(user, "review.view"),
        "unit": can(user, "records.file") and user.unit_id is not None,
    }
    return data
