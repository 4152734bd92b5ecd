"""Guarantee units rated by enterprises (one-time links or paper forms) and the 2-point appraisal of towns."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from projects.models import Investor
from scoring import services
from scoring.models import AppraisalFinding, Rating, RatingLink
from scoring.rules import Rules
from targets.models import AssessmentYear, Unit
from tests.conftest import client_for
from tests.helpers import make_project

D = Decimal
CRITERIA = Rules(year=2023).guarantee_criteria
NAMES = [c.name for c in CRITERIA]


@pytest.fixture
def served(plan_2023, filer):
    units = {
        "tax": Unit.objects.create(name="县税务局", kind="guarantee", position=50),
        "power": Unit.objects.create(name="县供电公司", kind="guarantee", position=51),
        "town": Unit.objects.create(name="大昌镇", kind="town", position=60),
        "other_town": Unit.objects.create(name="福田镇", kind="town", position=61),
    }
    investors = [Investor.objects.create(name=n) for n in ("甲公司", "乙公司")]
    make_project(by=filer, code="WS-2023-G1", credits=[("县文化旅游委", 100)], investor="甲公司", town=units["town"])
    return units, investors


def issue(auditor, served, investor=0, units=("tax", "town"), days=30):
    unit_map, investors = served
    return services.rating_link_issue(
        year=AssessmentYear.objects.get(year=2023),
        investor=investors[investor],
        units=[unit_map[u] for u in units],
        by=auditor,
        days=days,
    )


def form_data(link, points):
    """POST data rating every unit of the link with ``points`` per criterion."""
    data = {"comment": "服务很好"}
    for unit in link.units.all():
        for i in range(len(CRITERIA)):
            data[f"u{unit.pk}-c{i}"] = str(points)
    return data


def test_an_enterprise_rates_through_its_link_once_without_an_account(client, auditor, served):
    link, token = issue(auditor, served)
    page = client.get(f"/rate/{token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲公司" in text and "县税务局" in text and "大昌镇" in text and "手续办理（满分20）" in text
    response = client.post(f"/rate/{token}/", form_data(link, 18))
    assert response.status_code == 200 and "评价已提交" in response.content.decode()
    assert sorted(Rating.objects.values_list("unit__name", "total")) == [("县税务局", D("90")), ("大昌镇", D("90"))]
    assert Rating.objects.first().source == "link"
    again = client.post(f"/rate/{token}/", form_data(link, 20))
    assert "只能提交一次" in again.content.decode()
    assert Rating.objects.count() == 2
    assert AuditEvent.objects.filter(action="rating.submit", username="企业:甲公司").exists()


def test_the_link_stores_only_a_hash_of_its_token(auditor, served):
    link, token = issue(auditor, served)
    assert token not in link.token_hash and len(link.token_hash) == 64


def test_out_of_range_scores_are_refused_with_the_criterion_named_and_nothing_saved(client, auditor, served):
    link, token = issue(auditor, served)
    data = form_data(link, 10)
    tax = Unit.objects.get(name="县税务局")
    data[f"u{tax.pk}-c0"] = "25"
    data[f"u{tax.pk}-c1"] = ""
    response = client.post(f"/rate/{token}/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "“手续办理”的分数应在0到20之间" in text and "请为“要素保障”打分" in text
    assert not Rating.objects.exists()
    assert RatingLink.objects.get().used_at is None


def test_an_expired_or_reissued_link_no_longer_works(client, auditor, served):
    _, old_token = issue(auditor, served)
    link, token = issue(auditor, served)  # reissued: the first one is revoked
    assert client.get(f"/rate/{old_token}/").status_code == 410
    with time_machine.travel(link.expires_at + dt.timedelta(minutes=1)):
        response = client.post(f"/rate/{token}/", form_data(link, 18))
    assert response.status_code == 410 and "已过期" in response.content.decode()
    assert not Rating.objects.exists()
    assert client.get("/rate/not-a-token/").status_code == 404


def test_a_used_link_cannot_be_reissued(auditor, served):
    link, token = issue(auditor, served)
    services.rating_submit_by_link(
        token=token, scores_by_unit={u.pk: dict.fromkeys(NAMES, "15") for u in link.units.all()}, criteria=CRITERIA
    )
    with pytest.raises(ValidationError, match="已于"):
        issue(auditor, served)


def test_the_center_issues_links_on_its_page_and_sees_them_once(client, auditor, served):
    units, investors = served
    c = client_for(client, auditor)
    response = c.post(
        "/scoring/guarantee/2023/links/",
        {"investors": [i.pk for i in investors], "units": [units["tax"].pk, units["power"].pk]},
    )
    assert response.status_code == 200
    urls = re.findall(r"http://testserver/rate/[\w-]+/", response.content.decode())
    assert len(urls) == 2
    assert RatingLink.objects.count() == 2
    listing = c.get("/scoring/guarantee/2023/links/").content.decode()
    assert "待评价" in listing and urls[0] not in listing


def test_the_center_enters_a_paper_form_once(client, auditor, served):
    units, investors = served
    c = client_for(client, auditor)
    data = {"investor": investors[0].pk, "unit": units["power"].pk, **{f"c{i}": "16" for i in range(5)}}
    assert c.post("/scoring/guarantee/2023/paper/", data).status_code == 302
    rating = Rating.objects.get()
    assert (rating.source, rating.total, rating.entered_by) == ("paper", D("80"), auditor)
    again = c.post("/scoring/guarantee/2023/paper/", data)
    assert again.status_code == 200 and "不能重复录入" in again.content.decode()
    bad = c.post("/scoring/guarantee/2023/paper/", {**data, "investor": investors[1].pk, "c2": "x"})
    assert "“营商环境”的分数不是数字" in bad.content.decode()
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("role", ["filer", "leader", "office"])
def test_only_the_center_manages_ratings(client, personas, served, role):
    c = client_for(client, personas[role])
    assert c.get("/scoring/guarantee/2023/links/").status_code == 403
    assert c.get("/scoring/guarantee/2023/paper/").status_code == 403
    assert c.get("/scoring/guarantee/2023/").status_code == 200


def test_guarantee_ranking_averages_ratings_and_rewards_eighty_and_above(client, auditor, served):
    units, investors = served
    year = AssessmentYear.objects.get(year=2023)
    for investor, unit, points in [(0, "tax", "19"), (1, "tax", "17"), (0, "power", "15"), (1, "town", "16")]:
        services.rating_enter_paper(
            year=year, unit=units[unit], investor=investors[investor], scores=dict.fromkeys(NAMES, points),
            criteria=CRITERIA, by=auditor,
        )  # fmt: skip
    page = client_for(client, auditor).get("/scoring/guarantee/2023/")
    results = {g.name: g for g in page.context["results"]}
    assert (results["县税务局"].score, results["县税务局"].rank, results["县税务局"].reward_wan) == (
        D("90.00"),
        1,
        D("5"),
    )
    assert (results["大昌镇"].score, results["大昌镇"].rank, results["大昌镇"].reward_wan) == (D("80.00"), 2, D("5"))
    assert (results["县供电公司"].score, results["县供电公司"].reward_wan) == (D("75.00"), None)


def test_ratings_of_a_closed_year_are_frozen(auditor, served):
    units, investors = served
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    with pytest.raises(services.SchemeFrozen):
        services.rating_enter_paper(
            year=AssessmentYear.objects.get(year=2023), unit=units["tax"], investor=investors[0],
            scores=dict.fromkeys(NAMES, "10"), criteria=CRITERIA, by=auditor,
        )  # fmt: skip


def test_town_appraisal_deducts_per_finding_and_a_finding_can_be_withdrawn(client, auditor, served):
    units, _ = served
    c = client_for(client, auditor)
    data = {"unit": units["town"].pk, "month": "2023-03", "criterion": "外出招商", "note": "3月无外出招商佐证"}
    assert c.post("/scoring/guarantee/2023/appraisal/?kind=town", data).status_code == 302
    duplicate = c.post("/scoring/guarantee/2023/appraisal/?kind=town", data)
    assert "已记录过扣分" in duplicate.content.decode()
    page = c.get("/scoring/guarantee/2023/appraisal/?kind=town")
    row = next(r for r in page.context["table"] if r["result"].name == "大昌镇")
    assert row["result"].score == D("1.90")
    finding = AppraisalFinding.objects.get()
    assert c.post(f"/scoring/guarantee/findings/{finding.pk}/withdraw/", {"reason": ""}).status_code == 302
    assert AppraisalFinding.objects.exists()  # a reason is required
    c.post(f"/scoring/guarantee/findings/{finding.pk}/withdraw/", {"reason": "补交了佐证"})
    assert not AppraisalFinding.objects.exists()
    assert AuditEvent.objects.filter(action="appraisal.withdraw").exists()


def test_only_the_center_records_findings(client, leader_user, served):
    units, _ = served
    c = client_for(client, leader_user)
    assert c.get("/scoring/guarantee/2023/appraisal/?kind=town").status_code == 200
    data = {"unit": units["town"].pk, "month": "2023-03", "criterion": "外出招商", "note": "x"}
    assert c.post("/scoring/guarantee/2023/appraisal/?kind=town", data).status_code == 403


def test_the_services_record_their_instant_as_the_record_time(auditor, served):
    """A link issued, answered, a paper form and a finding entered at a given instant carry that instant (the demo
    files its 2023 this way; the pages list them by it)."""
    units, investors = served
    year = AssessmentYear.objects.get(year=2023)
    issued = dt.datetime(2023, 11, 20, 9, tzinfo=dt.UTC)
    link, token = services.rating_link_issue(
        year=year, investor=investors[0], units=[units["tax"]], by=auditor, days=30, now=issued
    )
    answered = issued + dt.timedelta(days=3)
    (rating,) = services.rating_submit_by_link(
        token=token, scores_by_unit={units["tax"].pk: dict.fromkeys(NAMES, "15")}, criteria=CRITERIA, now=answered
    )
    paper = services.rating_enter_paper(
        year=year, unit=units["power"], investor=investors[1], scores=dict.fromkeys(NAMES, "16"), criteria=CRITERIA,
        by=auditor, now=answered + dt.timedelta(days=1),
    )  # fmt: skip
    finding = services.finding_record(
        year=year, unit=units["town"], month=dt.date(2023, 10, 1), criterion="外出招商", note="未报送",
        by=auditor, criteria=("外出招商",), now=issued,
    )  # fmt: skip
    assert RatingLink.objects.get(pk=link.pk).created_at == issued
    assert Rating.objects.get(pk=rating.pk).created_at == answered
    assert Rating.objects.get(pk=paper.pk).created_at == answered + dt.timedelta(days=1)
    assert AppraisalFinding.objects.get(pk=finding.pk).created_at == issued


def test_a_link_names_only_guarantee_units_and_the_town_where_the_enterprises_project_landed(auditor, served):
    units, investors = served
    with pytest.raises(ValidationError, match="福田镇"):
        issue(auditor, served, investor=0, units=("tax", "other_town"))
    with pytest.raises(ValidationError, match="大昌镇"):
        issue(auditor, served, investor=1, units=("tax", "town"))  # 乙公司 has no project in 大昌镇
    assert not RatingLink.objects.exists()


def test_the_links_page_adds_each_enterprises_own_landing_town(client, auditor, served):
    units, investors = served
    c = client_for(client, auditor)
    page = c.get("/scoring/guarantee/2023/links/").content.decode()
    assert "福田镇" not in page and "县税务局" in page  # towns are not offered for every enterprise
    c.post(
        "/scoring/guarantee/2023/links/",
        {"investors": [i.pk for i in investors], "units": [units["tax"].pk], "with_towns": "on"},
    )
    named = {link.investor.name: {u.name for u in link.units.all()} for link in RatingLink.objects.all()}
    assert named == {"甲公司": {"县税务局", "大昌镇"}, "乙公司": {"县税务局"}}


def test_no_link_for_a_closed_year(client, auditor, served):
    units, investors = served
    link, token = issue(auditor, served)
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    c = client_for(client, auditor)
    page = c.get("/scoring/guarantee/2023/links/").content.decode()
    assert "不再生成评分链接" in page and "生成链接</button>" not in page
    c.post("/scoring/guarantee/2023/links/", {"investors": [investors[1].pk], "units": [units["tax"].pk]})
    assert RatingLink.objects.count() == 1
    client.logout()
    response = client.get(f"/rate/{token}/")
    assert response.status_code == 410 and "评价已结束" in response.content.decode()
