from decimal import Decimal

from targets.models import AssessmentYear, Sector, TargetRow, Unit


def test_shipped_plan_has_six_sectors_26_units_and_the_county_totals(plan_2023):
    assert Sector.objects.filter(year=plan_2023).count() == 6
    assert Unit.objects.filter(target_rows__year=plan_2023).distinct().count() == 26
    totals = TargetRow.objects.filter(year=plan_2023).totals()
    assert totals == {"signed": Decimal("300"), "funded": Decimal("70")}
    year = AssessmentYear.objects.get(year=2023)
    assert (year.county_signed_target, year.county_funded_target) == (Decimal("300"), Decimal("70"))


def test_a_unit_in_two_sectors_has_both_rows(plan_2023):
    rows = TargetRow.objects.filter(year=plan_2023, unit__name="工贸园区管委会").order_by("position")
    assert [(r.sector.name, r.signed_target, r.funded_target) for r in rows] == [
        ("生态工业", Decimal("25"), Decimal("15")),
        ("科技金融", Decimal("0"), Decimal("1")),
    ]


def test_rows_keep_their_leaders_in_annex_order(plan_2023):
    row = TargetRow.objects.get(year=plan_2023, unit__name="生态旅游商务代表队")
    assert [leader.name for leader in row.leader_list] == ["黄勇", "水韦梁"]
