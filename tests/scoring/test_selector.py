"""The selector loads the confirmed records of a year at a cut-off, summed in the database, in a fixed number of
queries. (Each test builds the small year through the services, so they are few and check much.)"""

import datetime as dt
from decimal import Decimal

from django.db.models import F, Sum

from scoring import selectors
from scoring.rules import Credited, Rules
from scoring.selectors import counted_contracts, counted_funds, sql
from targets.models import AssessmentYear

D = Decimal


def figures(as_of, **settings):
    year = AssessmentYear.objects.get(year=2023)
    inputs = selectors.year_inputs(year, dt.date.fromisoformat(as_of), Rules(year=2023, **settings))
    return {u.name: u for u in inputs.units}, inputs


def test_the_year_end_figures_of_the_small_year(small_year):
    units, inputs = figures("2023-12-31")
    tourism, transport = units["县文化旅游委"], units["县交通局"]
    # confirmed formal contracts and funds of started projects, split by shares (shared, whole)
    assert tourism.contract == Credited(D("9"), D("11"))
    assert tourism.funds == Credited(D("3.6"), D("4.4"))
    assert transport.contract == Credited(D("2"), D("5"))
    assert transport.funds == Credited(D("0.8"), D("2"))
    # the start rate looks back three years: P2 40 %, P3 (2022, not started), P4 (2021, started); P5 (2020) is out
    assert (tourism.signed_projects.shared, tourism.started_projects.shared) == (D("1.6"), D("1.6"))
    assert (transport.signed_projects.shared, transport.started_projects.shared) == (D("2.4"), D("1.4"))
    assert (transport.signed_projects.whole, transport.started_projects.whole) == (D("3"), D("2"))
    # every unit of the breakdown table once, in table order, with its summed targets
    assert len(inputs.units) == 26 and inputs.units[0].name == "县文化旅游委"
    assert (tourism.signed_target, tourism.funded_target) == (D("30"), D("4"))
    assert (units["工贸园区管委会"].signed_target, units["工贸园区管委会"].funded_target) == (D("25"), D("16"))
    # bonus candidates: first signed this year, the year's formal amount (the intention agreement never counts)
    by_code = {p.code: p for p in inputs.bonus_projects}
    assert set(by_code) == {"P1", "P2"}
    assert (by_code["P1"].amount, by_code["P1"].tags) == (D("6"), {"global500"})
    assert sorted(share for _, share in by_code["P2"].credits) == [D("40"), D("60")]
    # daily work: confirmed reports (February's 外出拜访 blank) and missed events (an excused unit missed none)
    assert len(tourism.reports) == 12
    february = next(rep for rep in tourism.reports if rep.month.month == 2)
    assert "visits" not in february.filled and len(february.filled) == 4
    assert tourism.missed_events == () and units["旅发集团"].missed_events == ()
    assert [e.title for e in transport.missed_events] == ["招商大讲堂"]


def test_the_cut_off_and_the_window_length_limit_what_counts(small_year):
    units, _ = figures("2023-05-31")
    tourism = units["县文化旅游委"]
    assert tourism.contract.shared == D("9")  # P2 signed 20 May
    assert tourism.funds.shared == D("1.7")  # P1 March + April (corrected to 1.2); P2 starts in June
    assert tourism.started_projects.shared == D("1")
    units, _ = figures("2023-03-31")
    assert units["县文化旅游委"].funds.shared == D("0")  # P1 starts in April
    units, _ = figures("2023-12-31", start_rate_years=2)
    assert units["县交通局"].signed_projects.shared == D("1.4")  # P2 40 % + P3; P4 (2021) left out


def test_a_year_loads_in_five_queries_and_the_plain_sql_agrees_with_the_orm(small_year, django_assert_num_queries):
    year = AssessmentYear.objects.get(year=2023)
    as_of = dt.date(2023, 12, 31)
    with django_assert_num_queries(5):
        selectors.year_inputs(year, as_of, Rules(year=2023))

    def orm(queryset):
        rows = queryset.values(u=F("project__credits__unit_id"), s=F("project__credits__share")).annotate(
            t=Sum("amount")
        )
        return {(row["u"], row["s"]): row["t"] for row in rows.order_by()}

    funds = {(u, s): t for u, s, t in sql.credited_funds(year_start=dt.date(2023, 1, 1), as_of=as_of)}
    assert funds == orm(counted_funds(year, as_of))
    contracts, _ = sql.contract_sums(
        year_start=dt.date(2023, 1, 1), window_start=dt.date(2021, 1, 1), as_of=as_of, tags=("global500",)
    )
    assert {(u, s): t for u, s, t, _, _ in contracts if t} == orm(counted_contracts(year, as_of))


def test_the_unit_pages_start_rate_lines_are_the_projects_behind_the_score(small_year):
    """unit_records lists the start-rate window per project: the same projects, shares and starts as the score."""
    from targets.models import Unit

    year = AssessmentYear.objects.get(year=2023)
    for as_of, years in (("2023-12-31", 3), ("2023-12-31", 2), ("2023-05-31", 3)):
        units, _ = figures(as_of, start_rate_years=years)
        for name in ("县文化旅游委", "县交通局"):
            scored = units[name]
            lines = selectors.unit_records(
                year,
                dt.date.fromisoformat(as_of),
                Unit.objects.get(name=name),
                Rules(year=2023, start_rate_years=years),
            )["window"]
            assert sum((line.share / 100 for line in lines), D("0")) == scored.signed_projects.shared
            assert sum((line.share / 100 for line in lines if line.counted), D("0")) == scored.started_projects.shared
