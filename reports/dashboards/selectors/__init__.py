"""Reads behind the dashboards: scoring's results (never recomputed here) plus a few grouped queries for what scoring
does not keep (the month-by-month path, the largest projects). A fixed number of queries whatever the data.

``base``: the standings every view starts from; ``trend``: the paths month by month and the milestones; ``county``,
``units`` and ``office``: what each dashboard shows."""

from reports.dashboards.selectors.base import Standings, UnitStanding, standings
from reports.dashboards.selectors.county import county_dashboard, largest_projects
from reports.dashboards.selectors.office import bulletin_link, home_summary, office_dashboard
from reports.dashboards.selectors.trend import monthly_cumulative, quarter_milestones, unit_monthly
from reports.dashboards.selectors.units import leader_dashboard, unit_dashboard, unit_projects

__all__ = [
    "Standings",
    "UnitStanding",
    "bulletin_link",
    "county_dashboard",
    "home_summary",
    "largest_projects",
    "leader_dashboard",
    "monthly_cumulative",
    "office_dashboard",
    "quarter_milestones",
    "standings",
    "unit_dashboard",
    "unit_monthly",
    "unit_projects",
]
