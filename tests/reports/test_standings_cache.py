"""The dashboards' standings kept in a worker's memory for STANDINGS_CACHE_SECONDS (the month-end load test's fix):
the same year, cut-off and scheme version read once, a new scheme version or a later expiry read afresh."""

import time

import pytest

from reports.dashboards import selectors
from scoring.selectors import current_scheme
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import AS_OF, hand_year  # noqa: F401

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
