from demo.load import load_demo_year
from projects.models import Contract, FundsInPlace, MonthlyReport, Project, Status
from scoring.selectors import year_scores
from targets.models import AssessmentYear


def test_demo_year_is_filed_through_the_services_and_scores(auditor):
    assert load_demo_year(unit_limit=2) is True
    assert Project.objects.exists()
    assert Contract.objects.filter(status=Status.CONFIRMED, kind="formal").exists()
    assert FundsInPlace.objects.filter(status=Status.CONFIRMED).exists()
    assert MonthlyReport.objects.filter(status=Status.CONFIRMED).count() == 2 * 12
    assert all(c.evidence.exists() for c in Contract.objects.all())
    assert Project.objects.filter(stage__in=["reserve", "negotiating"], contracts__isnull=True).exists()
    joint = Project.objects.get(code="CB2023-LH1")
    assert sum(c.share for c in joint.credits.all()) == 100 and joint.evidence.exists()
    import datetime as dt

    scores = year_scores(AssessmentYear.objects.get(year=2023), dt.date(2023, 12, 31))
    assert scores  # the scoring engine takes the demo data as it is
    assert load_demo_year(unit_limit=2) is False  # once only
    from projects.models import Evidence

    # each record its own scan: the auditor's queue then warns of a shared file only where one really is shared
    assert Evidence.objects.values("sha256").distinct().count() == Evidence.objects.count() > 10


def test_the_demo_office_has_published_january_to_november_and_drafted_december(auditor, office):
    from demo.load import publish_demo_bulletins
    from reports.models import Bulletin

    load_demo_year(unit_limit=2)
    assert publish_demo_bulletins(office) == 12
    published = Bulletin.objects.filter(state=Bulletin.State.PUBLISHED).order_by("month")
    assert [b.month for b in published] == list(range(1, 12))
    assert published[0].issued_at.date().isoformat() == "2023-02-10"
    assert Bulletin.objects.get(month=12).state == Bulletin.State.DRAFT
    assert publish_demo_bulletins(office) == 0  # once only


def test_the_demo_can_add_this_year_so_the_monthly_calendar_runs_live(client, filer):
    """``load_demo --current-year``: the 2023 figures as this year's plan (through the real import), so a demo run
    long after 2023 still shows what is due, late and missing this month."""
    import datetime as dt
    from decimal import Decimal
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    from targets.models import TargetRow
    from tests.conftest import client_for

    cst = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=cst), tick=False):
        out = StringIO()
        call_command("load_demo", "--no-accounts", "--current-year", stdout=out)
        year = AssessmentYear.objects.get(year=2026)
        assert (year.county_signed_target, year.county_funded_target) == (Decimal("300"), Decimal("70"))
        assert TargetRow.objects.filter(year=year).count() == TargetRow.objects.filter(year__year=2023).count()
        assert "2026年目标任务分解表按2023年的数字导入" in out.getvalue()

        page = client_for(client, filer).get("/").content.decode()
        assert "2026年11月报送事项" in page and "2026年11月工作情况" in page

        again = StringIO()
        call_command("load_demo", "--no-accounts", "--current-year", stdout=again)
        assert "2026年已有目标任务分解表，未改动" in again.getvalue()


def test_the_demo_rates_and_appraises_guarantee_units_and_towns(auditor):
    """The 2023 table names no guarantee unit; the demo registers some, with the enterprises' ratings (links and
    paper forms, dated in 2023) and the center's monthly deductions, so their pages have something to show."""
    from demo.guarantee import GUARANTEE_UNITS, TOWNS, GuaranteeDemo
    from demo.records import Demo
    from projects.models import Project
    from scoring.models import AppraisalFinding, Rating, RatingLink
    from scoring.rules import Rules
    from scoring.selectors import guarantee_results
    from targets.models import Unit

    load_demo_year(unit_limit=3)
    GuaranteeDemo(Demo()).run()
    assert Unit.objects.filter(kind="guarantee").count() == len(GUARANTEE_UNITS)
    assert Unit.objects.filter(kind="town").count() == len(TOWNS)
    assert Project.objects.filter(town__isnull=False).exists()
    assert Rating.objects.filter(source="link").exists() and RatingLink.objects.exists()
    assert {r.created_at.year for r in Rating.objects.all()} == {2023}
    assert AppraisalFinding.objects.exists()
    results = guarantee_results(AssessmentYear.objects.get(year=2023), Rules(year=2023))
    assert any(r.rank == 1 for r in results)
