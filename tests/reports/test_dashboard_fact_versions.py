"""Issue 10: the dashboards read the project facts in force at their cut-off, as the score does.

A joint project (文旅 60 / 交通 40, 生态旅游) gets a confirmed proposal giving 文旅 100 % and moving it to 商贸物流 from
2023-07-01. At 2023-06-30 the unit dashboards (project list, trend points), the county sector table and the score page
all read the old facts; at 2023-12-31 all read the new ones. Before, the dashboards read the live fields and showed
the July facts in June while the June score did not."""

import datetime as dt
from decimal import Decimal

import pytest

from projects import services
from projects.models import FactProposal, Status
from targets.models import Sector, Unit
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, confirmed_contract, confirmed_funds, confirmed_start, make_project
from tests.projects.conftest import upload
from tests.projects.test_fact_proposals import edit_form

TOURISM, TRANSPORT = "县文化旅游委", "县交通局"
JUNE, DECEMBER = "2023-06-30", "2023-12-31"


@pytest.fixture
def moved(client, filer, other_filer, auditor):
    """The joint project with 10亿 signed in February, started in March, 2亿 in place in April; then the confirmed
    proposal dated 2023-07-01."""
    project = make_project(
        by=filer,
        code="JV-7",
        credits=[(TOURISM, 60), (TRANSPORT, 40)],
        investor="合资企业有限公司",
        sector=Sector.objects.get(year__year=2023, name="生态旅游"),
    )
    services.evidence_attach(record=project, file=upload("协议.pdf", PDF_BYTES, "application/pdf"), by=filer)
    confirmed_contract(project, filer=filer, auditor=auditor, amount=10, signed_on="2023-02-10")
    confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-03-01")
    confirmed_funds(project, filer=filer, auditor=auditor, month="2023-04", amount=2)
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/edit/",
        edit_form(
            project,
            credits=[(TOURISM, "100")],
            sector=Sector.objects.get(year__year=2023, name="商贸物流").pk,
            effective_on="2023-07-01",
            fact_reason="新协议：7月起由文旅委独立招商，改列商贸物流",
            agreement=upload("新协议.pdf", PDF_BYTES, "application/pdf"),
        ),
    )
    assert response.status_code == 302
    proposal = FactProposal.objects.get(project=project)
    assert client.post(f"/fact-proposals/{proposal.pk}/submit/").status_code == 302
    proposal.refresh_from_db()
    client_for(client, auditor).post(f"/fact-proposals/{proposal.pk}/confirm/", {"revision": proposal.revision})
    proposal.refresh_from_db()
    assert proposal.status == Status.CONFIRMED and proposal.effective_on == dt.date(2023, 7, 1)
    return project


def unit_view(client, user, unit, as_of):
    response = client_for(client, user).get(f"/dashboards/unit/{unit.pk}/2023/?as_of={as_of}")
    assert response.status_code == 200
    d = response.context["d"]
    rows = {row["project"].code: row for row in d["projects"]["rows"]}
    return d, rows


def score_page(client, user, unit, as_of):
    response = client_for(client, user).get(f"/scoring/ranking/2023/units/{unit.pk}/?as_of={as_of}")
    assert response.status_code == 200
    return response.context


def county_sectors(client, user, as_of):
    response = client_for(client, user).get(f"/dashboards/county/2023/?as_of={as_of}")
    assert response.status_code == 200
    d = response.context["d"]
    largest = {row["project"].code: (row["sector"].name, row["units"]) for row in d["largest"]}
    return (
        {row["name"]: row["contract"].actual for row in d["overview"]["sectors"]},
        {row["name"]: row["funds"].actual for row in d["overview"]["sectors"]},
        largest,
    )


@pytest.mark.parametrize(
    "as_of, tourism_share, transport_share, sector",
    [(JUNE, Decimal("60"), Decimal("40"), "生态旅游"), (DECEMBER, Decimal("100"), None, "商贸物流")],
)
def test_dashboards_read_the_facts_in_force_at_the_cut_off(
    client, filer, other_filer, leader_user, moved, as_of, tourism_share, transport_share, sector
):
    tourism, transport = Unit.objects.get(name=TOURISM), Unit.objects.get(name=TRANSPORT)
    for unit, user, share in ((tourism, filer, tourism_share), (transport, other_filer, transport_share)):
        d, rows = unit_view(client, user, unit, as_of)
        page = score_page(client, user, unit, as_of)
        contract = Decimal("10") * (share or 0) / 100
        funds = Decimal("2") * (share or 0) / 100
        # the score page: its records and its figure
        assert [line.share for line in page["records"]["contracts"]] == ([share] if share else [])
        assert page["s"].contract.numerator == contract and page["s"].funds.numerator == funds
        # the unit dashboard agrees: the standing, the project list (share, sector) and every trend point
        assert d["standing"].contract.actual == contract and d["standing"].funds.actual == funds
        if share is None:
            assert "JV-7" not in rows
        else:
            row = rows["JV-7"]
            assert (row["share"], row["sector"].name) == (share, sector)
            assert (row["contract"], row["funds"]) == (contract, funds)
        assert d["trend"]["contract"][1] == contract  # February's point (signed 10 February)
        assert d["trend"]["funds"][2] == 0 and d["trend"]["funds"][3] == funds  # April's point (in place in April)
    # the county sector table moves the project with its sector in force; so does its largest-projects table
    contracts, funds, largest = county_sectors(client, leader_user, as_of)
    units = "县文化旅游委 60%、县交通局 40%" if transport_share else "县文化旅游委"
    assert largest["JV-7"] == (sector, units)
    other = "商贸物流" if sector == "生态旅游" else "生态旅游"
    assert (contracts[sector], funds[sector]) == (Decimal("10"), Decimal("2"))
    assert (contracts[other], funds[other]) == (Decimal("0"), Decimal("0"))


def test_the_june_dashboards_do_not_change_when_the_july_proposal_is_confirmed(
    client, filer, other_filer, auditor, leader_user
):
    """The same project, before and after the confirmation: June's pages identical, December's moved."""
    project = make_project(
        by=filer,
        code="JV-8",
        credits=[(TOURISM, 60), (TRANSPORT, 40)],
        investor="合资企业有限公司",
        sector=Sector.objects.get(year__year=2023, name="生态旅游"),
    )
    confirmed_contract(project, filer=filer, auditor=auditor, amount=10, signed_on="2023-02-10")
    tourism = Unit.objects.get(name=TOURISM)

    def figures(as_of):
        d, rows = unit_view(client, filer, tourism, as_of)
        return (
            rows["JV-8"]["share"],
            rows["JV-8"]["sector"].name,
            d["trend"]["contract"],
            county_sectors(client, leader_user, as_of)[0],
        )

    before = figures(JUNE), figures(DECEMBER)
    values = services.facts.live_values(project)
    values["credits"] = [[tourism.pk, "100"]]
    proposal = services.proposal_save(
        project=project,
        by=filer,
        values=values,
        effective_on=dt.date(2023, 7, 1),
        reason="7月起独立招商",
        agreement=upload("新协议.pdf", PDF_BYTES, "application/pdf"),
    )
    services.proposal_submit(proposal=proposal, by=filer)
    assert (figures(JUNE), figures(DECEMBER)) == before  # submitted: nothing moves
    services.proposal_confirm(proposal=proposal, by=auditor)
    assert figures(JUNE) == before[0]
    assert figures(DECEMBER)[0] == Decimal("100") and figures(DECEMBER) != before[1]


def test_the_five_colour_chart_credits_each_month_with_the_shares_in_force_then(moved):
    """At the December cut-off, January … June are credited 60/40 and July … December 100/0, as the scores at those
    month ends are."""
    from reports.five_colour.data import five_colour_data
    from scoring.selectors import month_ends, year_scores
    from targets.models import AssessmentYear

    year = AssessmentYear.objects.get(year=2023)
    rows = {row["unit"]: row for row in five_colour_data(year, dt.date(2023, 12, 31))["rows"]}
    for m, day in enumerate(month_ends(2023)):
        scores = year_scores(year, day)
        for name in (TOURISM, TRANSPORT):
            s = scores.unit(Unit.objects.get(name=name).pk)
            cells = rows[name]["months"]
            assert Decimal(cells["contract"][m]["value"]) == s.contract.numerator, (name, day)
            assert Decimal(cells["funds"][m]["value"]) == s.funds.numerator, (name, day)
    june, december = 5, 11
    assert Decimal(rows[TRANSPORT]["months"]["contract"][june]["value"]) == Decimal("4")
    assert Decimal(rows[TRANSPORT]["months"]["contract"][december]["value"]) == Decimal("0")
    assert Decimal(rows[TOURISM]["months"]["funds"][june]["value"]) == Decimal("1.2")
    assert Decimal(rows[TOURISM]["months"]["funds"][december]["value"]) == Decimal("2")


@pytest.mark.parametrize("cut_off", [JUNE, DECEMBER])
def test_the_unit_dashboard_reads_the_shares_once_and_they_are_the_scores(moved, plan_2023, cut_off):
    """The unit dashboard reads the credits in force once (sql.unit_credits) and hands their shares to the score's
    records: they are exactly what sql.unit_shares, which the score page reads, gives."""
    from scoring.selectors import sql

    as_of = dt.date.fromisoformat(cut_off)
    for name in (TOURISM, TRANSPORT):
        unit = Unit.objects.get(name=name)
        credits = sql.unit_credits(unit_id=unit.pk, as_of=as_of)
        assert {p: share for p, share, _ in credits} == sql.unit_shares(unit_id=unit.pk, as_of=as_of)
    assert {p: s for p, s, _ in sql.unit_credits(unit_id=Unit.objects.get(name=TRANSPORT).pk, as_of=as_of)} == (
        {moved.pk: Decimal("40")} if cut_off == JUNE else {}
    )
