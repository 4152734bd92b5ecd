"""core.constraints decides the records' check conditions in Python: always Django's answer, with fewer queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.constraints import decide
from projects.models import Contract, FundsInPlace, MonthlyReport, ProjectStart, Status

pytestmark = pytest.mark.django_db


def outcome(validate, instance, exclude):
    try:
        validate(instance, exclude=exclude)
    except ValidationError as exc:
        return exc.message_dict
    return None


AMOUNTS = st.one_of(st.none(), st.decimals(min_value=-5, max_value=5, places=4, allow_nan=False))
DAYS = st.one_of(st.none(), st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2024, 12, 31)))
STATUSES = st.sampled_from(list(Status.values))
EXCLUDES = st.sampled_from([None, set(), {"amount"}, {"month"}, {"status"}, {"project", "unit"}])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    model=st.sampled_from([FundsInPlace, Contract, MonthlyReport, ProjectStart]),
    amount=AMOUNTS,
    day=DAYS,
    status=STATUSES,
    exclude=EXCLUDES,
)
def test_python_decisions_give_djangos_errors(model, amount, day, status, exclude):
    instance = model(status=status, unit_id=1, created_by_id=1)
    if model is not MonthlyReport:
        instance.project_id = 1
    for name in ("amount",):
        if hasattr(instance, name):
            setattr(instance, name, amount)
    setattr(instance, model.period_field, day)
    ours = outcome(model.validate_constraints, instance, exclude)
    djangos = outcome(models.Model.validate_constraints, instance, exclude)
    assert ours == djangos


def test_a_new_draft_with_plain_values_asks_the_database_nothing():
    funds = FundsInPlace(status=Status.DRAFT, project_id=1, unit_id=1, month=dt.date(2023, 5, 1), amount=Decimal("1"))
    with CaptureQueriesContext(connection) as queries:
        funds.validate_constraints()
    assert len(queries) == 0
    funds.month = dt.date(2023, 5, 2)
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as excinfo:
        funds.validate_constraints()
    assert len(queries) == 0
    assert "funds_month_is_first_day" in str(excinfo.value)


def test_a_confirmed_record_still_asks_the_database_for_its_twin():
    funds = FundsInPlace(status=Status.CONFIRMED, project_id=1, unit_id=1, month=dt.date(2023, 5, 1), amount=1)
    with CaptureQueriesContext(connection) as queries:
        funds.validate_constraints()
    assert any("projects_fundsinplace" in q["sql"] for q in queries)


@pytest.mark.parametrize(
    "condition, expected",
    [
        (Q(amount__gte=0), True),
        (Q(amount__lt=0), False),
        (Q(amount__gte=0) & Q(month__day=2), False),
        (Q(amount__lt=0) | Q(month__day=1), True),
        (~Q(month__day=1), False),
        (Q(status__in=["draft", "submitted"]), True),
        (Q(month__month=5, month__year=2023), True),
        (Q(status="draft") ^ Q(month__day=1), None),  # XOR: left to the database
        (Q(amount__gte=F("amount")), None),  # an expression
        (Q(amount__gte="0"), None),  # a text against a number: the database would cast
        (Q(note__icontains="x"), None),  # a lookup not listed
        (Q(project__name="x"), None),  # a join
        (Q(nonexistent=1), None),
        (Q(submitted_at__day=1), None),  # None here, and a datetime's day is the database's time zone's
    ],
)
def test_decide(condition, expected):
    funds = FundsInPlace(status="draft", amount=Decimal("2.5"), month=dt.date(2023, 5, 1), project_id=1)
    assert decide(FundsInPlace, condition, funds) is expected


def test_a_datetime_is_never_decided_in_python():
    funds = FundsInPlace(submitted_at=dt.datetime(2023, 5, 1, 23, 30, tzinfo=dt.UTC))
    assert decide(FundsInPlace, Q(submitted_at__day=1), funds) is None
