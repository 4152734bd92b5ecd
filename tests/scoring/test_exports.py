"""The scoring pages' "导出 Excel": every table of the page, the figures as the page shows them, the page's access."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projects.models import Contract, ContractKind, Status
from scoring import services
from scoring.models import AppraisalFinding, Rating
from scoring.rules import Rules
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.helpers import confirmed_contract, confirmed_funds, confirmed_start, make_project

D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS = ("filer", "auditor", "leader", "office")
CRITERIA = Rules(year=2023).guarantee_criteria


def unit_pk(name):
    return Unit.objects.get(name=name).pk


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def row_of(sheet, first):
    """The row whose first cell is ``first``."""
    return next(r for r in rows(sheet) if r and r[0] == first)


def body(sheet, start=2):
    """The table's rows: from ``start`` (0-based: after the caption, the unit line and the header rows) to the blank
    line before the notes."""
    out = []
    for r in rows(sheet)[start:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


@pytest.fixture
def rated(plan_2023, auditor):
    """Three guarantee units and a town, rated on paper by two enterprises; one finding against the town."""
    from projects.models import Investor

    year = AssessmentYear.objects.get(year=2023)
    units = {
        "tax": Unit.objects.create(name="县税务局", kind="guarantee", position=50),
        "power": Unit.objects.create(name="县供电公司", kind="guarantee", position=51),
        "town": Unit.objects.create(name="大昌镇", kind="town", position=60),
    }
    investors = [Investor.objects.create(name=n) for n in ("甲公司", "乙公司")]
    names = [c.name for c in CRITERIA]
    for investor, unit, points in [(0, "tax", "19"), (1, "tax", "17"), (0, "power", "15"), (1, "town", "16.5")]:
        services.rating_enter_paper(
            year=year, unit=units[unit], investor=investors[investor], scores=dict.fromkeys(names, points),
            criteria=CRITERIA, by=auditor, comment="服务及时",
        )  # fmt: skip
    services.finding_record(
        year=year, by=auditor, criteria=Rules(year=2023).town_criteria, unit=units["town"],
        month=dt.date(2023, 3, 1), criterion="外出招商", note="3月无外出招商佐证",
    )  # fmt: skip
    return units


# --- access: the page's access, to the letter ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/scoring/progress/2023/progress.xlsx",
        "/scoring/guarantee/2023/guarantee.xlsx",
        "/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=town",
        "/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=guarantee",
    ],
)
def test_every_reader_downloads_the_county_exports_and_others_may_not(client, personas, url):
    for role in READERS:
        workbook(client_for(client, personas[role]).get(url))
    for role in ("admin", "audit_admin"):  # they cannot open the pages either
        assert client_for(client, personas[role]).get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_filer_exports_only_their_own_units_score_and_staff_export_any(client, personas, small_year):
    own, other = unit_pk("县文化旅游委"), unit_pk("县交通局")
    c = client_for(client, personas["filer"])
    workbook(c.get(f"/scoring/ranking/2023/units/{own}/score.xlsx"))
    assert c.get(f"/scoring/ranking/2023/units/{other}/score.xlsx").status_code == 404
    c = client_for(client, personas["other_filer"])
    assert c.get(f"/scoring/ranking/2023/units/{own}/score.xlsx").status_code == 404
    for role in ("auditor", "leader", "office"):
        c = client_for(client, personas[role])
        workbook(c.get(f"/scoring/ranking/2023/units/{own}/score.xlsx"))
        workbook(c.get(f"/scoring/ranking/2023/units/{other}/score.xlsx"))
    client.logout()
    response = client.get(f"/scoring/ranking/2023/units/{own}/score.xlsx")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the figures: as on the page ---------------------------------------------------------------------------------


def test_progress_export_has_every_table_of_the_page_with_its_figures(client, leader_user, small_year):
    c = client_for(client, leader_user)
    page = c.get("/scoring/progress/2023/?as_of=2023-12-31")
    p = page.context["p"]
    response = c.get("/scoring/progress/2023/progress.xlsx?as_of=2023-12-31")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["全县目标", "分领域进度", "其他工作目标", "按月", "按季度", "县领导外出招商"]

    county = book["全县目标"]
    contract = row_of(county, "正式合同额")
    formal = Contract.objects.filter(status=Status.CONFIRMED, kind=ContractKind.FORMAL, signed_on__year=2023).aggregate(
        total=Sum("amount")
    )["total"]
    assert formal == D("11")  # 6 (P1) + 5 (P2); the intention agreement and the unconfirmed draft do not count
    assert D(str(contract[2])) == formal.quantize(D("0.01")) == p["county"]["contract"].actual.quantize(D("0.01"))
    assert contract[1] == float(p["county"]["contract"].target.quantize(D("0.01")))
    assert contract[3] == pytest.approx(float(p["county"]["contract"].completion.quantize(D("0.001"))))
    assert contract[7] == p["county"]["contract"].band.label
    funds = row_of(county, "到位资金")
    assert D(str(funds[2])) == p["county"]["funds"].actual.quantize(D("0.01"))
    assert any("截至 2023-12-31" in (r[0] or "") for r in rows(county))

    sectors = book["分领域进度"]
    for s in p["sectors"]:
        line = row_of(sectors, s["name"])
        assert D(str(line[1])) == s["contract"].actual.quantize(D("0.01"))
        assert D(str(line[6])) == s["funds"].actual.quantize(D("0.01"))
        assert line[4] == pytest.approx(float(s["contract"].gap_points))
    assert sum(D(str(r[1])) for r in body(sectors, 3)) == D("11.00")

    other = book["其他工作目标"]
    assert row_of(other, "走访拜访企业（家）")[1] == p["commitments"]["visits"]["progress"].actual
    assert "储备" in row_of(other, "滚动储备项目库（储备、在谈项目＋洽谈中目标企业，亿元）")[3]
    months = book["按月"]
    assert len(rows(months)[1]) == 13  # the row title and twelve months
    assert row_of(months, "走访企业（家）")[1:] == [m[1] for m in p["commitments"]["visits"]["months"]]
    quarters = book["按季度"]
    assert row_of(quarters, "重大项目集中签约仪式")[1:] == ["✗", "✗", "✗", "✗"]
    leaders = book["县领导外出招商"]
    assert [r[0] for r in body(leaders, 3)] == [str(x["leader"]) for x in p["commitments"]["leaders"]]
    assert [r[-1] for r in body(leaders, 3)] == [x["short"] for x in p["commitments"]["leaders"]]


def test_unit_export_has_every_table_of_the_page_with_its_figures(client, auditor, small_year):
    c = client_for(client, auditor)
    url = f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/"
    page = c.get(url + "?as_of=2023-12-31")
    s, records = page.context["s"], page.context["records"]
    book = workbook(c.get(url + "score.xlsx?as_of=2023-12-31"))
    assert book.sheetnames == [
        "概况", "得分构成", "正式合同", "到位资金", "到位率与开工率平均值", "开工率项目", "加分项目", "日常工作扣分",
    ]  # fmt: skip

    summary = body(book["概况"])
    assert summary[0][:3] == ["县文化旅游委", float(s.total), f"{s.rank} / {len(page.context['scores'].units)}"]
    assert book["概况"]["B3"].number_format == "0.00"  # 86.80, as the page writes it

    indicators = book["得分构成"]
    assert row_of(indicators, 1)[5] == float(s.contract.score)
    assert row_of(indicators, 1)[4] == "完成值 9 ÷ 目标 30 × 权重 20 = 6.00 分"  # in words, as the page
    assert row_of(indicators, 1)[7] == "min(20, C ÷ TC × 20)：" + s.contract.formula  # the auditor's formula
    assert s.contract.formula == "min(20, 9.0000 ÷ 30.0000 × 20) = 6.00"
    assert row_of(indicators, 2)[4] == "完成值 3.6 ÷ 目标 4 × 权重 30 = 27.00 分"
    assert row_of(indicators, 1)[3] == "已认定正式合同额 9 亿元，年度目标 30 亿元"
    assert all(r[6] for r in body(indicators)[:6])  # every row has its note
    total = body(indicators)[-1]
    assert total[0].startswith("总分")
    assert D(str(total[5])) == s.total
    text = page.content.decode()
    for r in body(indicators)[:6]:
        assert r[3] in text and r[4] in text and r[6] in text  # inputs, working and note as the page writes them

    contracts = book["正式合同"]
    lines = body(contracts)
    assert (
        [r[1] for r in lines[:-1]] == [f"{x.code} {x.name}" for x in records["contracts"]] == ["P1 项目P1", "P2 项目P2"]
    )
    assert [D(str(r[4])) for r in lines[:-1]] == [D("6.0000"), D("3.0000")]
    assert lines[-1][0] == "合计" and D(str(lines[-1][4])) == s.contract.numerator == D("9")
    funds = book["到位资金"]
    assert body(funds)[-1][0] == "合计" and D(str(body(funds)[-1][6])) == s.funds.numerator == D("3.6")
    assert "P3" not in str(rows(funds))  # another unit's project
    averages = book["到位率与开工率平均值"]
    assert [r[0] for r in body(averages)[:-1]] == [u.name for u in page.context["scores"].units]
    assert body(averages)[-1][8] == float(page.context["scores"].start_rate_average)
    assert (body(averages)[0][3], averages["D3"].number_format) == (0.4, "0.00%")  # shown as 40.00%
    window = book["开工率项目"]
    assert body(window)[-1][4:] == [float(s.start_rate.denominator), float(s.start_rate.numerator)]
    bonus = book["加分项目"]
    assert [r[0] for r in body(bonus)] == [f"{i.project.code} {i.project.name}" for i in s.bonus.items]
    assert [D(str(r[-1])) for r in body(bonus)] == [i.points for i in s.bonus.items]
    daily = book["日常工作扣分"]
    february = row_of(daily, "2023年2月")
    assert february[1] + february[2] in re.sub(r"</td><td[^>]*>", "", text)  # the two cells, as the page writes them
    assert D(str(february[3])) == s.daily.deductions[0].points


def test_guarantee_export_ranks_and_rewards_as_the_page_and_lists_ratings_for_the_center(
    client, auditor, leader_user, rated
):
    c = client_for(client, auditor)
    results = {g.name: g for g in c.get("/scoring/guarantee/2023/").context["results"]}
    book = workbook(c.get("/scoring/guarantee/2023/guarantee.xlsx"))
    assert book.sheetnames == ["评价得分", "评分记录"]
    sheet = book["评价得分"]
    for name, g in results.items():
        line = next(r for r in rows(sheet) if r[1] == name)
        assert line[0] == (g.rank if g.rank is not None else "—")
        assert D(str(line[-3])) == g.score
        assert (D(str(line[-2])) if line[-2] is not None else None) == g.reward_wan
    tax = next(r for r in rows(sheet) if r[1] == "县税务局")
    assert (tax[0], tax[-3], tax[-2], tax[-1]) == (1, 90.0, 5, "是")
    assert next(r for r in rows(sheet) if r[1] == "县供电公司")[-2:] == [None, None]  # blank, as on the page
    assert len(body(book["评分记录"])) == 4
    assert {r[-1] for r in body(book["评分记录"])} == {"服务及时"}

    book = workbook(client_for(client, leader_user).get("/scoring/guarantee/2023/guarantee.xlsx"))
    assert book.sheetnames == ["评价得分"]  # the page shows the ratings to the center only


def test_appraisal_export_has_the_month_grid_and_every_finding(client, leader_user, rated):
    c = client_for(client, leader_user)
    table = c.get("/scoring/guarantee/2023/appraisal/?kind=town").context["table"]
    book = workbook(c.get("/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=town"))
    assert book.sheetnames == ["实绩考核", "扣分明细"]
    grid = row_of(book["实绩考核"], "大昌镇")
    page_row = next(r for r in table if r["result"].name == "大昌镇")
    assert grid[3] == "−1" and grid[1] == grid[2] is None
    assert (grid[13], D(str(grid[14]))) == (1, page_row["result"].score) == (1, D("1.90"))
    detail = row_of(book["扣分明细"], "大昌镇")
    assert detail[1:4] == ["2023年3月", "外出招商", "3月无外出招商佐证"]
    book = workbook(c.get("/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=guarantee"))
    assert [r[0] for r in body(book["实绩考核"])] == ["县税务局", "县供电公司"]
    assert AppraisalFinding.objects.count() == 1


# --- the page's cut-off and scheme version, and bad input ----------------------------------------------------------


def test_the_export_buttons_carry_the_pages_cut_off_and_scheme_version(client, auditor, small_year, rated):
    c = client_for(client, auditor)
    own = unit_pk("县文化旅游委")
    text = c.get(f"/scoring/ranking/2023/units/{own}/?as_of=2023-06-30&v=1").content.decode()
    assert f'href="/scoring/ranking/2023/units/{own}/score.xlsx?as_of=2023-06-30&amp;v=1"' in text
    text = c.get("/scoring/progress/2023/?as_of=2023-06-30").content.decode()
    assert 'href="/scoring/progress/2023/progress.xlsx?as_of=2023-06-30"' in text
    assert 'href="/scoring/guarantee/2023/guarantee.xlsx"' in c.get("/scoring/guarantee/2023/").content.decode()
    text = c.get("/scoring/guarantee/2023/appraisal/?kind=guarantee").content.decode()
    assert 'href="/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=guarantee"' in text


def test_an_earlier_cut_off_exports_the_figures_of_that_day(client, auditor, small_year):
    c = client_for(client, auditor)
    url = f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/"
    s = c.get(url + "?as_of=2023-04-30").context["s"]
    book = workbook(c.get(url + "score.xlsx?as_of=2023-04-30&v=1"))
    assert "截至 2023-04-30；仅计已认定记录。" in [r[0] for r in rows(book["概况"])]
    assert body(book["概况"])[0][1] == float(s.total)
    assert [r[1] for r in body(book["正式合同"])[:-1]] == ["P1 项目P1"]  # P2 was signed in May
    county = workbook(c.get("/scoring/progress/2023/progress.xlsx?as_of=2023-04-30"))["全县目标"]
    assert row_of(county, "正式合同额")[2] == 6


def test_a_bad_cut_off_falls_back_to_the_default_and_says_so_in_the_workbook(client, auditor, small_year):
    c = client_for(client, auditor)
    for url, sheet in (
        ("/scoring/progress/2023/progress.xlsx", "全县目标"),
        (f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/score.xlsx", "概况"),
    ):
        notes = [r[0] for r in rows(workbook(c.get(url + "?as_of=junk"))[sheet]) if isinstance(r[0], str)]
        assert any("格式不正确" in n for n in notes), url
        notes = [r[0] for r in rows(workbook(c.get(url + "?as_of=2024-01-31"))[sheet]) if isinstance(r[0], str)]
        assert any("须在2023年内" in n for n in notes), url


def test_an_unknown_year_version_or_kind_is_a_404_as_on_the_page(client, auditor, small_year):
    c = client_for(client, auditor)
    own = unit_pk("县文化旅游委")
    for url in (
        f"/scoring/ranking/2023/units/{own}/score.xlsx?v=999",
        f"/scoring/ranking/2023/units/{own}/score.xlsx?v=x",
        f"/scoring/ranking/1999/units/{own}/score.xlsx",
        "/scoring/ranking/2023/units/999999/score.xlsx",
        "/scoring/progress/1999/progress.xlsx",
        "/scoring/guarantee/1999/guarantee.xlsx",
        "/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=junk",
    ):
        response = c.get(url)
        assert response.status_code == 404, url


def test_a_year_without_records_still_exports(client, auditor, earlier_years):
    c = client_for(client, auditor)
    for url in (
        "/scoring/progress/2022/progress.xlsx",
        "/scoring/guarantee/2022/guarantee.xlsx",
        "/scoring/guarantee/2022/appraisal/appraisal.xlsx",
    ):
        workbook(c.get(url))


# --- queries: bounded, and the same with more data ----------------------------------------------------------------


def more_records(filer, auditor, rated, n):
    """``n`` more signed, started and funded projects of 文旅 (with a bonus each), ratings and findings."""
    from projects.models import Investor

    ctx = {"filer": filer, "auditor": auditor}
    year = AssessmentYear.objects.get(year=2023)
    rules = Rules(year=2023)
    for i in range(n):
        project = make_project(by=filer, code=f"Q{i}", credits=[("县文化旅游委", 100)], investor_tags=["global500"])
        confirmed_contract(project, **ctx, amount="1.5", signed_on=f"2023-0{1 + i % 9}-05")
        confirmed_start(project, **ctx, started_on=f"2023-0{1 + i % 9}-20")
        confirmed_funds(project, **ctx, month=f"2023-0{1 + i % 9}", amount="0.3")
        services.rating_enter_paper(
            year=year, unit=rated["power"], investor=Investor.objects.create(name=f"丙公司{i}"),
            scores=dict.fromkeys([c.name for c in CRITERIA], "12"), criteria=CRITERIA, by=auditor,
        )  # fmt: skip
        services.finding_record(
            year=year, by=auditor, criteria=rules.town_criteria, unit=rated["town"],
            month=dt.date(2023, 4 + i, 1), criterion=rules.town_criteria[0], note=f"第{i}项",
        )  # fmt: skip


def query_counts(c, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            workbook(c.get(url))
        counts.append(len(queries))
    return counts


def test_exports_run_in_a_fixed_number_of_queries_whatever_the_data(
    client, filer, auditor, small_year, rated, django_assert_max_num_queries
):
    c = client_for(client, auditor)
    urls = [
        "/scoring/progress/2023/progress.xlsx?as_of=2023-12-31",
        f"/scoring/ranking/2023/units/{unit_pk('县文化旅游委')}/score.xlsx?as_of=2023-12-31",
        "/scoring/guarantee/2023/guarantee.xlsx",
        "/scoring/guarantee/2023/appraisal/appraisal.xlsx?kind=town",
    ]
    for url in urls:
        with django_assert_max_num_queries(20):  # measured: 17, 17, 10, 9
            workbook(c.get(url))
    before = query_counts(c, urls)
    more_records(filer, auditor, rated, 6)
    assert Rating.objects.count() == 4 + 6 and AppraisalFinding.objects.count() == 1 + 6
    assert query_counts(c, urls) == before
