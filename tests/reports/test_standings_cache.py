"""The dashboards' standings kept in a worker's memory for STANDINGS_CACHE_SECONDS (the month-end load test's fix):
the same year, cut-off and scheme version read once, a new scheme version or a later expiry read afresh."""

import time
from decimal import Decimal

import pytest

from reports.dashboards.selectors import base as selectors
from scoring.selectors import current_scheme
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import AS_OF, frozen, hand_year  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_2023", "hand_year")]


@pytest.fixture
def cache_on(settings):
    settings.STANDINGS_CACHE_SECONDS = 30
    selectors._STANDINGS.clear()
    yield
    selectors._STANDINGS.clear()


def test_a_second_read_within_the_time_runs_only_the_scheme_query(cache_on, django_assert_max_num_queries):
    year = AssessmentYear.objects.get(year=2023)
    first = selectors.standings(year, AS_OF)
    with django_assert_max_num_queries(1):  # the current scheme version, which is in the key
        second = selectors.standings(year, AS_OF)
    assert second is first


def test_the_cache_is_per_cut_off_and_per_scheme_version(cache_on):
    year = AssessmentYear.objects.get(year=2023)
    first = selectors.standings(year, AS_OF)
    assert selectors.standings(year, AS_OF.replace(day=30)) is not first
    newer = current_scheme(year)
    newer.number += 1
    assert selectors.standings(year, AS_OF, newer) is not first


def test_expired_standings_are_computed_again(cache_on, monkeypatch):
    year = AssessmentYear.objects.get(year=2023)
    first = selectors.standings(year, AS_OF)
    later = time.monotonic() + 31
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    assert selectors.standings(year, AS_OF) is not first


def test_with_zero_seconds_every_read_computes(settings):
    settings.STANDINGS_CACHE_SECONDS = 0
    year = AssessmentYear.objects.get(year=2023)
    assert selectors.standings(year, AS_OF) is not selectors.standings(year, AS_OF)


def test_documents_that_go_out_never_take_the_cached_standings(cache_on, filer, auditor):
    """A confirmation just after a dashboard filled the cache: the bulletin's snapshot, the five-colour chart and the
    ranking notice count it at once; only the dashboards may show it up to STANDINGS_CACHE_SECONDS later."""
    from reports.bulletin.figures import bulletin_figures
    from reports.five_colour import five_colour_data
    from tests.helpers import confirmed_contract, make_project

    year = AssessmentYear.objects.get(year=2023)
    cached = selectors.standings(year, AS_OF)
    county_before = sum(u.contract.actual for u in cached.units)
    with frozen():
        project = make_project(by=filer, code="LATE1", credits=[("县文化旅游委", 100)])
        confirmed_contract(project, filer=filer, auditor=auditor, amount="3", signed_on="2023-10-20")
    assert selectors.standings(year, AS_OF) is cached  # the dashboards' copy, still within its 30 s
    fresh = selectors.standings(year, AS_OF, fresh=True)
    assert sum(u.contract.actual for u in fresh.units) == county_before + 3
    tourism = next(row for row in five_colour_data(year, AS_OF)["rows"] if row["unit"] == "县文化旅游委")
    assert tourism["contract"]["value"] == "10.0000"  # 7 + 3
    figures = bulletin_figures(year, AS_OF.month)
    unit = next(u for u in figures["units"] if u["name"] == "县文化旅游委")
    assert Decimal(unit["contract"]["actual"]) == 10
