"""Shared fixtures: the 2023 plan as shipped, and one persona per role (healthchecks-style)."""

from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from accounts.models import Role, User
from targets.importing import parse_csv
from targets.models import Leader, Unit
from targets.services import plan_import

# No per-example deadline anywhere: CI runs two workers on two shared cores, where a garbage-collection pause can
# stretch one example past hypothesis's default 200 ms and fail a correct test as "flaky".
hypothesis_settings.register_profile("wushan", deadline=None)
hypothesis_settings.load_profile("wushan")


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return (
        bool(marker and marker.kwargs.get("transaction")) or "live_server" in fixtures or "transactional_db" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (live server, real threads) last, as pytest-django orders them: they flush the database,
    seeded rows included, so no ordinary test may run after one on the same worker. pytest's own grouping by
    session-scoped parameters (pytest-playwright's browser name) runs after pytest-django's sort and undoes it."""
    items.sort(key=_transactional)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the re-opened-years banner, standings): a test's rolled-back data must
    not show in the next one."""
    from django.core.cache import cache

    from targets.selectors import REOPENED_YEARS_KEY

    cache.clear()
    # The steady state of a server: the banner's list is cached (year_close / year_reopen forget it), so a page's
    # query bound counts the page's own queries, not the banner's one query every five minutes.
    cache.set(REOPENED_YEARS_KEY, [])


PLAN_2023 = Path(__file__).resolve().parent.parent / "targets" / "data" / "targets_2023.csv"
PASSWORD = "Test@pass2023"


@pytest.fixture(autouse=True)
def _fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan_2023(db):
    """The county's 2023 breakdown table, imported through the real import path."""
    parsed = parse_csv(PLAN_2023.read_bytes(), year=2023)
    assert parsed.ok, parsed.errors
    plan_import(year=2023, parsed=parsed)
    from targets.models import AssessmentYear

    return AssessmentYear.objects.get(year=2023)


def make_user(username, role, *, unit=None, leader=None, **extra):
    user = User(username=username, display_name=username, role=role, unit=unit, leader=leader, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def filer(plan_2023):
    return make_user("filer", Role.FILER, unit=Unit.objects.get(name="县文化旅游委"))


@pytest.fixture
def other_filer(plan_2023):
    return make_user("filer_other", Role.FILER, unit=Unit.objects.get(name="县交通局"))


@pytest.fixture
def auditor(plan_2023):
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def leader_user(plan_2023):
    return make_user("leader", Role.LEADER, leader=Leader.objects.get(name="王军"))


@pytest.fixture
def office(plan_2023):
    return make_user("office", Role.OFFICE)


@pytest.fixture
def sysadmin(plan_2023):
    return make_user("sysadmin", Role.ADMIN, is_staff=True)


@pytest.fixture
def audit_admin(plan_2023):
    return make_user("auditadmin", Role.AUDIT_ADMIN)


@pytest.fixture
def personas(filer, other_filer, auditor, leader_user, office, sysadmin, audit_admin):
    return {
        "filer": filer,
        "other_filer": other_filer,
        "auditor": auditor,
        "leader": leader_user,
        "office": office,
        "admin": sysadmin,
        "audit_admin": audit_admin,
    }


def client_for(client, user):
    client.force_login(user)
    return client
