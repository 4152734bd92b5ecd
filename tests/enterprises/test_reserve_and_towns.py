"""The 500 亿 rolling reserve library counts 储备/在谈 projects and 洽谈中 targets (a converted one through its project
only); towns' appraisal reads 目标企业数量 from the target library."""

from decimal import Decimal

from enterprises import selectors, services
from enterprises.models import TargetStage
from targets.models import Sector, Unit
from tests.helpers import make_project


def test_the_reserve_library_totals_projects_and_negotiating_targets_by_sector_and_stage(plan_2023, auditor):
    tourism = Sector.objects.get(year=plan_2023, name="生态旅游")
    unit = Unit.objects.get(name="县文化旅游委")
    make_project(by=auditor, code="R-1", credits=[(unit, 100)], sector=tourism, total_investment="40", stage="reserve")
    make_project(by=auditor, code="N-1", credits=[(unit, 100)], sector=tourism, total_investment="10")
    services.target_save(
        by=auditor, name="洽谈企业", sector=tourism, unit=unit, stage="negotiating", expected_amount=Decimal("25")
    )
    services.target_save(by=auditor, name="目标企业", sector=tourism, unit=unit, expected_amount=Decimal("99"))
    converted = services.target_save(
        by=auditor, name="已转化企业", sector=tourism, unit=unit, stage="negotiating", expected_amount=Decimal("7")
    )
    project = make_project(by=auditor, code="C-1", credits=[(unit, 100)], sector=tourism, total_investment="3")
    services.target_link_project(target=converted, project=project, by=auditor)
    library = selectors.reserve_library(plan_2023)
    [row] = library["sectors"]
    assert row["name"] == "生态旅游"
    assert [(c["count"], c["total"]) for c in row["cells"]] == [
        (1, Decimal("40")),
        (2, Decimal("13")),
        (1, Decimal("25")),
    ]
    assert library["total"] == Decimal("78")


def test_the_county_progress_page_shows_the_reserve_library(client, plan_2023, auditor, leader_user):
    tourism = Sector.objects.get(year=plan_2023, name="生态旅游")
    services.target_save(
        by=auditor, name="洽谈企业", sector=tourism, unit=Unit.objects.get(name="县文化旅游委"),
        stage=TargetStage.NEGOTIATING, expected_amount=Decimal("25"),
    )  # fmt: skip
    client.force_login(leader_user)
    page = client.get("/scoring/progress/2023/").content.decode()
    assert 'id="reserve-library"' in page and "洽谈中目标企业 1家 25.00亿元" in page
    assert "滚动储备库" in client.get("/dashboards/county/2023/").content.decode()


def test_a_towns_appraisal_shows_its_target_enterprises(client, plan_2023, auditor):
    town = Unit.objects.create(name="大昌镇", kind="town", position=60)
    tourism = Sector.objects.get(year=plan_2023, name="生态旅游")
    services.target_save(by=auditor, name="镇目标企业一", sector=tourism, unit=town)
    services.target_save(
        by=auditor, name="镇目标企业二", sector=tourism, unit=town, stage="paused", pause_reason="搁置"
    )
    assert selectors.town_target_counts([town.pk]) == {town.pk: 1}
    client.force_login(auditor)
    response = client.get("/scoring/guarantee/2023/appraisal/?kind=town")
    [row] = [r for r in response.context["table"] if r["result"].unit_id == town.pk]
    assert row["targets"] == 1


def test_the_reserve_library_at_a_past_cut_off_reads_the_stage_of_that_day(
    plan_2023, filer, auditor, client, leader_user
):
    """Issue 16: the library at 2023-06-30 is the library of that day — a project signed in August was still being
    negotiated in June, one started in May had left it — not today's stages at every cut-off."""
    import datetime as dt

    from scoring.selectors import current_scheme
    from scoring.selectors.progress import commitments
    from targets.models import AssessmentYear
    from tests.helpers import confirmed_contract, confirmed_start

    tourism = Sector.objects.get(year=plan_2023, name="生态旅游")
    unit = Unit.objects.get(name="县文化旅游委")
    august = make_project(by=auditor, code="A-8", credits=[(unit, 100)], sector=tourism, total_investment="40")
    confirmed_contract(august, filer=filer, auditor=auditor, amount="40", signed_on="2023-08-10")
    may = make_project(by=auditor, code="M-5", credits=[(unit, 100)], sector=tourism, total_investment="9")
    confirmed_contract(may, filer=filer, auditor=auditor, amount="9", signed_on="2023-03-01")
    confirmed_start(may, filer=filer, auditor=auditor, started_on="2023-05-02")
    make_project(by=auditor, code="R-1", credits=[(unit, 100)], sector=tourism, total_investment="5", stage="reserve")
    AssessmentYear.objects.get_or_create(year=2024)
    make_project(by=auditor, code="L-24", year=2024, credits=[(unit, 100)], sector=tourism, total_investment="70")

    june = selectors.reserve_library(plan_2023, dt.date(2023, 6, 30))
    december = selectors.reserve_library(plan_2023, dt.date(2023, 12, 31))
    assert june["total"] == Decimal("45")  # A-8 still in talks (40) + R-1 (5); M-5 had signed; L-24 not yet entered
    assert [(c["count"], c["total"]) for c in june["sectors"][0]["cells"][:2]] == [
        (1, Decimal("5")),
        (1, Decimal("40")),
    ]
    assert december["total"] == Decimal("5")
    assert selectors.reserve_library(plan_2023)["total"] == Decimal("75")  # today's, every year's library

    rules = current_scheme(plan_2023).as_rules()
    stages = {
        s["stage"]: (s["count"], s["total"])
        for s in commitments(plan_2023, dt.date(2023, 4, 30), rules)["library"]["stages"]
    }
    assert stages["签约"] == (1, Decimal("9")) and stages["在谈"] == (1, Decimal("40")) and stages["开工"] == (0, 0)

    client.force_login(leader_user)
    page = client.get("/scoring/progress/2023/?as_of=2023-06-30").content.decode()
    assert "按截止日当时的阶段计" in page
