"""The selector loads the confirmed records of a year at a cut-off, summed in the database, in a fixed number of
queries."""

import datetime as dt
from decimal import Decimal

from scoring import selectors
from scoring.rules import Credited, Rules
from targets.models import AssessmentYear

D = Decimal


def figures(as_of, **settings):
    year = AssessmentYear.objects.get(year=2023)
    inputs = selectors.year_inputs(year, dt.date.fromisoformat(as_of), Rules(year=2023, **settings))
    return {u.name: u for u in inputs.units}, inputs


def test_amounts_are_confirmed_formal_contracts_and_funds_of_started_projects_split_by_shares(small_year):
    units, _ = figures("2023-12-31")
    tourism, transport = units["县文化旅游委"], units["县交通局"]
    assert tourism.contract == Credited(D("9"), D("11"))
    assert tourism.funds == Credited(D("3.6"), D("4.4"))
    assert transport.contract == Credited(D("2"), D("5"))
    assert transport.funds == Credited(D("0.8"), D("2"))
    assert (tourism.signed_target, tourism.funded_target) == (D("30"), D("4"))


def test_the_start_rate_looks_back_three_years_and_counts_shares(small_year):
    units, _ = figures("2023-12-31")
    tourism, transport = units["县文化旅游委"], units["县交通局"]
    assert (tourism.signed_projects.shared, tourism.started_projects.shared) == (D("1.6"), D("1.6"))
    # P2 40 %, P3 (2022, not started), P4 (2021, started); P5 (2020) is outside the window
    assert (transport.signed_projects.shared, transport.started_projects.shared) == (D("2.4"), D("1.4"))
    assert (transport.signed_projects.whole, transport.started_projects.whole) == (D("3"), D("2"))


def test_a_window_of_two_years_leaves_out_the_oldest_year(small_year):
    units, _ = figures("2023-12-31", start_rate_years=2)
    assert units["县交通局"].signed_projects.shared == D("1.4")  # P2 40 % + P3


def test_the_cut_off_limits_contracts_funds_and_starts(small_year):
    units, _ = figures("2023-05-31")
    tourism = units["县文化旅游委"]
    assert tourism.contract.shared == D("9")  # P2 signed 20 May
    assert tourism.funds.shared == D("1.7")  # P1 March + April; P2 not started until June
    assert tourism.started_projects.shared == D("1")
    units, _ = figures("2023-03-31")
    assert units["县文化旅游委"].funds.shared == D("0")  # P1 starts in April


def test_bonus_candidates_are_projects_first_signed_this_year_with_the_years_amount(small_year):
    _, inputs = figures("2023-12-31")
    by_code = {p.code: p for p in inputs.bonus_projects}
    assert set(by_code) == {"P1", "P2"}  # P3 was first signed in 2022
    assert by_code["P1"].amount == D("6")  # the intention agreement does not count
    assert by_code["P1"].tags == {"global500"}
    assert sorted(share for _, share in by_code["P2"].credits) == [D("40"), D("60")]


def test_daily_work_inputs_are_the_confirmed_reports_and_missed_events(small_year):
    units, _ = figures("2023-12-31")
    tourism, transport = units["县文化旅游委"], units["县交通局"]
    assert len(tourism.reports) == 12
    february = next(rep for rep in tourism.reports if rep.month.month == 2)
    assert "visits" not in february.filled and len(february.filled) == 4
    assert tourism.missed_events == ()
    assert [e.title for e in transport.missed_events] == ["招商大讲堂"]
    assert units["旅发集团"].missed_events == ()  # excused


def test_every_unit_of_the_breakdown_table_is_assessed_once_in_table_order(small_year):
    units, inputs = figures("2023-12-31")
    assert len(inputs.units) == 26
    assert inputs.units[0].name == "县文化旅游委"
    assert units["工贸园区管委会"].signed_target == D("25")
    assert units["工贸园区管委会"].funded_target == D("16")


def test_loading_a_year_takes_a_fixed_number_of_queries(small_year, django_assert_num_queries):
    year = AssessmentYear.objects.get(year=2023)
    with django_assert_num_queries(6):
        selectors.year_inputs(year, dt.date(2023, 12, 31), Rules(year=2023))


def test_the_plain_sql_sums_agree_with_the_orm_querysets(small_year):
    from django.db.models import F, Sum

    from scoring.selectors import counted_contracts, counted_funds, sql

    year = AssessmentYear.objects.get(year=2023)
    as_of = dt.date(2023, 12, 31)

    def orm(queryset):
        rows = queryset.values(u=F("project__credits__unit_id"), s=F("project__credits__share")).annotate(
            t=Sum("amount")
        )
        return {(row["u"], row["s"]): row["t"] for row in rows.order_by()}

    funds = {(u, s): t for u, s, t in sql.credited_funds(year_start=dt.date(2023, 1, 1), as_of=as_of)}
    assert funds == orm(counted_funds(year, as_of))
    contracts = sql.contract_figures(year_start=dt.date(2023, 1, 1), window_start=dt.date(2021, 1, 1), as_of=as_of)
    assert {(u, s): t for u, s, t, _, _ in contracts if t} == orm(counted_contracts(year, as_of))
