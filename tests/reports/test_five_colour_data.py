"""The five-colour chart's data (reports.five_colour): bands of hand-computed units at several cut-offs, the month view
equal to scoring's figures at every month end, the legend from the year's scheme, a JSON snapshot that renders the
same views again, and a fixed number of queries."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.dashboards.selectors import standings
from reports.five_colour import five_colour_data, five_colour_views
from scoring import rules as r
from scoring import services as scheme_services
from scoring.selectors import current_scheme, month_ends
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import TOURISM, TRANSPORT, frozen, generated, hand_year  # noqa: F401
from tests.reports.five_colour_kit import SCIENCE, URBAN, colour_year, month_end, row_of  # noqa: F401

D = Decimal
pytestmark = pytest.mark.usefixtures("colour_year")


def year():
    return AssessmentYear.objects.get(year=2023)


def bands(data, name, key="contract"):
    """The unit's band codes in the month view, January … the cut-off's month."""
    return [cell["band"] for cell in row_of(data, name)["months"][key]]


def test_time_progress_of_october_is_ten_twelfths_and_the_funds_milestone_path():
    data = five_colour_data(year(), month_end(10))
    # contracts 10/12; funds 80 % at the end of Q3 plus a third of the way to 100 %
    assert data["time_progress"] == {"contract": "0.8333", "funds": "0.8667"}
    assert [m["funds_progress"] for m in data["months"]][:4] == ["0.0333", "0.0667", "0.1000", "0.2333"]
    assert [m["as_of"] for m in data["months"]] == [d.isoformat() for d in month_ends(2023)[:10]]


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # (unit, contract value, completion, gap, band, funds value, completion, gap, band)
        (
            3,  # t = 25 %, funds t = 10 %
            [
                (SCIENCE, "0.2500", "0.5000", "25.0", "blue", "0.0300", "0.3000", "20.0", "blue"),
                (URBAN, "1.2000", "1.2000", "95.0", "green", "0.0000", "0.0000", "-10.0", "yellow"),
                (TOURISM, "3.0000", "0.1000", "-15.0", "orange", "0.0000", "0.0000", "-10.0", "yellow"),
                (TRANSPORT, "2.0000", "0.0400", "-21.0", "orange", "0.0000", "0.0000", "-10.0", "yellow"),
            ],
        ),
        (
            6,  # t = 50 %, funds t = 50 %
            [
                (SCIENCE, "0.2500", "0.5000", "0.0", "blue", "0.0300", "0.3000", "-20.0", "orange"),
                (TOURISM, "3.0000", "0.1000", "-40.0", "red", "0.9000", "0.2250", "-27.5", "orange"),
            ],
        ),
        (
            7,  # t = 58.33 %, funds t = 60 %
            [(SCIENCE, "0.2500", "0.5000", "-8.3", "yellow", "0.0300", "0.3000", "-30.0", "orange")],
        ),
        (
            10,  # t = 83.33 %, funds t = 86.67 %
            [
                (SCIENCE, "0.2500", "0.5000", "-33.3", "red", "0.0300", "0.3000", "-56.7", "red"),
                (URBAN, "1.2000", "1.2000", "36.7", "green", "0.0000", "0.0000", "-86.7", "red"),
                (TOURISM, "7.0000", "0.2333", "-60.0", "red", "0.9000", "0.2250", "-64.2", "red"),
                (TRANSPORT, "2.0000", "0.0400", "-79.3", "red", "0.6000", "0.0857", "-78.1", "red"),
            ],
        ),
    ],
)
def test_each_units_cells_are_the_hand_computed_figures_and_bands(month, expected):
    data = five_colour_data(year(), month_end(month))
    for name, cv, cc, cg, cb, fv, fc, fg, fb in expected:
        row = row_of(data, name)
        assert {k: row["contract"][k] for k in ("value", "completion", "gap_points", "band")} == {
            "value": cv,
            "completion": cc,
            "gap_points": cg,
            "band": cb,
        }, name
        assert {k: row["funds"][k] for k in ("value", "completion", "gap_points", "band")} == {
            "value": fv,
            "completion": fc,
            "gap_points": fg,
            "band": fb,
        }, name


def test_the_month_view_colours_each_months_cumulative_completion_against_that_months_time_progress():
    data = five_colour_data(year(), month_end(10))
    assert len(data["months"]) == 10
    # 县科技局: 50 % of its contract target from January; funds 0 in Jan (not started), 10 % Feb, 30 % from March
    assert bands(data, SCIENCE) == ["blue"] * 6 + ["yellow", "orange", "orange", "red"]
    assert (
        bands(data, SCIENCE, "funds") == ["yellow", "blue", "blue", "blue", "yellow", "orange", "orange"] + ["red"] * 3
    )
    assert [c["value"] for c in row_of(data, SCIENCE)["months"]["funds"][:3]] == ["0.0000", "0.0100", "0.0300"]
    # 县城管局 signed 120 % of its target on 10 February: green from February on
    assert bands(data, URBAN) == ["yellow"] + ["green"] * 9
    # 县文化旅游委's joint project started on 1 April: its March funds count from April
    assert [c["value"] for c in row_of(data, TOURISM)["months"]["funds"][2:5]] == ["0.0000", "0.3000", "0.9000"]


def test_a_unit_with_a_zero_target_shows_no_completion_and_counts_as_met(auditor):
    from targets.models import TargetRow

    TargetRow.objects.filter(year__year=2023, unit__name=SCIENCE).update(funded_target=0)
    cell = row_of(five_colour_data(year(), month_end(10)), SCIENCE)["funds"]
    assert (cell["completion"], cell["gap_points"], cell["band"]) == (None, None, "green")


def test_the_score_column_is_scorings_total_against_the_pass_line():
    as_of = month_end(10)
    data = five_colour_data(year(), as_of)
    scores = standings(year(), as_of).scores
    assert data["score_reference"] == {"full_marks": "100", "pass_score": "80", "completion": "0.8000"}
    for row in data["rows"]:
        s = scores.unit(row["unit_id"])
        assert (D(row["score"]["value"]), row["rank"]) == (s.total, s.rank)
        assert D(row["score"]["gap_points"]) == s.total - D("80")
        expected = "green" if s.total >= 100 else "blue" if s.total >= 80 else "yellow" if s.total >= 70 else None
        expected = expected or ("orange" if s.total >= 50 else "red")
        assert row["score"]["band"] == expected, row["unit"]


def test_rows_are_every_assessed_unit_grouped_as_in_annex_1():
    data = five_colour_data(year(), month_end(10))
    assert len(data["rows"]) == 26
    groups = [row["group"] for row in data["rows"]]
    order = list(dict.fromkeys(groups))
    assert order == ["生态旅游", "生态农业", "生态工业", "商贸物流", "城市提升", "科技金融", "其他"]
    assert groups == sorted(groups, key=order.index)  # each group in one block
    assert row_of(data, "工贸园区管委会")["group"] == "生态工业"  # its first row (it also has a 科技金融 row)
    assert row_of(data, "工贸园区管委会")["contract"]["target"] == "25.0000"
    assert [row["unit"] for row in data["rows"]][-3:] == ["县招商投资事务中心", "广东招商分局", "山东招商分局"]


@pytest.fixture
def generated_year(auditor):
    with frozen():
        generated(auditor, 40)
    return year()


def test_every_month_equals_scoring_at_that_month_end_to_the_cent(generated_year):
    as_of = month_end(10)
    data = five_colour_data(generated_year, as_of)
    by_id = {row["unit_id"]: row for row in data["rows"]}
    nonzero = 0
    for m, day in enumerate(month_ends(2023)[:10]):
        st = standings(generated_year, day)
        for u in st.units:
            for key, p in (("contract", u.contract), ("funds", u.funds)):
                cell = by_id[u.unit_id]["months"][key][m]
                assert D(cell["value"]) == r.half_up(p.actual, 4), (u.name, key, day)
                assert (cell["completion"], cell["gap_points"], cell["band"]) == (
                    None if p.completion is None else str(p.completion),
                    None if p.gap_points is None else str(p.gap_points),
                    p.band.code,
                ), (u.name, key, day)
                nonzero += p.actual > 0
    assert nonzero > 100  # the generated year fills most cells
    # the cut-off's month is the indicator view's figure
    for row in data["rows"]:
        assert row["months"]["contract"][-1]["value"] == row["contract"]["value"]
        assert row["months"]["funds"][-1]["band"] == row["funds"]["band"]


def test_a_cut_off_inside_a_month_colours_that_month_at_the_cut_off(generated_year):
    as_of = dt.date(2023, 10, 15)
    data = five_colour_data(generated_year, as_of)
    st = standings(generated_year, as_of)
    assert data["months"][-1]["as_of"] == "2023-10-15"
    for u in st.units:
        row = next(row for row in data["rows"] if row["unit_id"] == u.unit_id)
        assert D(row["months"]["contract"][-1]["value"]) == r.half_up(u.contract.actual, 4)
        assert D(row["months"]["funds"][-1]["value"]) == r.half_up(u.funds.actual, 4)


def test_the_legend_and_bands_come_from_the_years_scheme(sysadmin):
    before = five_colour_data(year(), month_end(7))
    assert [(b["code"], b["name"], b["colour"]) for b in before["legend"]] == [
        (b.code, b.label, b.colour) for b in current_scheme(year()).as_rules().bands
    ]
    assert before["legend"][2]["rule"] == "落后序时进度10个百分点以内"
    assert row_of(before, SCIENCE)["contract"]["band"] == "yellow"  # 8.3 points behind

    bands = [list(b) for b in current_scheme(year()).bands]
    bands[2] = ["yellow", "黄", "#ffeb3b"]
    scheme_services.scheme_update(
        year=year(), by=sysadmin, reason="五色调整", values={"bands": bands, "band_yellow_within": D("5")}
    )
    after = five_colour_data(year(), month_end(7))
    assert after["scheme"] == "2023 (v2)"
    assert after["legend"][2]["colour"] == "#ffeb3b"
    assert after["legend"][2]["rule"] == "落后序时进度5个百分点以内"
    assert after["legend"][3]["rule"] == "落后序时进度5—30个百分点"
    assert row_of(after, SCIENCE)["contract"]["band"] == "orange"  # 8.3 behind is now orange
    views = five_colour_views(after)
    assert "#ffeb3b" in views.indicator_chart and "#ffeb3b" in views.month_chart
    assert "#f9a825" not in views.indicator_chart
    # an earlier version still gives the earlier chart
    assert (
        five_colour_data(year(), month_end(7), scheme=current_scheme(year()).__class__.objects.get(number=1))["legend"]
        == before["legend"]
    )


def test_the_data_is_json_and_its_views_render_again_identically_from_the_snapshot():
    data = five_colour_data(year(), month_end(10))
    snapshot = json.loads(json.dumps(data, ensure_ascii=False))
    assert snapshot == data
    first, again = five_colour_views(data), five_colour_views(snapshot)
    assert first == again
    # …and the records changing later does not touch a snapshot's views
    from projects.models import Contract

    Contract.objects.update(amount=D("99"))
    assert five_colour_views(snapshot) == first


def test_the_views_carry_the_legend_tables_and_charts():
    views = five_colour_views(five_colour_data(year(), month_end(10)))
    assert [b.name for b in views.legend] == ["绿", "蓝", "黄", "橙", "红"]
    assert views.title == "2023年1—10月招商引资考核情况五色图"
    assert len(views.indicator_table.rows) == 26
    assert len(views.month_table.rows) == 2 + 52  # time progress, then a contract and a funds sub-row per unit
    assert [c.title for c in views.month_table.columns][3:] == [f"{m}月" for m in range(1, 11)]
    for chart in (views.indicator_chart, views.month_chart):
        assert chart.startswith("<svg") and "县科技局" in chart and "<script" not in chart
    assert "完成全年目标" in views.indicator_chart  # the legend is drawn under the chart
    science = next(row for row, cells in views.indicator_table.rendered_rows() if row.cells[1] == SCIENCE)
    assert science.cells[2].value == D("0.2500") and science.cells[2].fill == "#c62828"


def test_the_data_takes_a_fixed_number_of_queries_whatever_the_data(auditor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            five_colour_data(year(), month_end(10))
        return len(queries)

    small = count()
    with frozen():
        generated(auditor, 30)
    assert count() == small <= 12


def test_a_joint_project_with_fractional_shares_is_split_exactly_on_every_database(filer, auditor):
    from tests.helpers import confirmed_contract, confirmed_funds, confirmed_start, make_project

    with frozen():
        p = make_project(by=filer, code="J3", credits=[(TOURISM, "33.33"), (TRANSPORT, "66.67")])
        confirmed_contract(p, filer=filer, auditor=auditor, amount="3", signed_on="2023-03-10")
        confirmed_start(p, filer=filer, auditor=auditor, started_on="2023-03-11")
        confirmed_funds(p, filer=filer, auditor=auditor, month="2023-03", amount="1.2345")
    data = five_colour_data(year(), month_end(10))
    st = standings(year(), month_end(10))
    for name in (TOURISM, TRANSPORT):
        row = row_of(data, name)
        unit = next(u for u in st.units if u.name == name)
        assert D(row["contract"]["value"]) == r.half_up(unit.contract.actual, 4)
        assert D(row["funds"]["value"]) == r.half_up(unit.funds.actual, 4)
    # 县文化旅游委: 7 from the hand year + 3 × 33.33 % = 0.9999
    assert row_of(data, TOURISM)["contract"]["value"] == "7.9999"
    assert row_of(data, TOURISM)["months"]["funds"][2]["value"] == "0.4115"  # 1.2345 × 33.33 % = 0.41145885
