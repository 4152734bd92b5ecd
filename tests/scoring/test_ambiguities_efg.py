"""Ambiguities E–G of the bonus and the rewards (DOMAIN.md §5.1) through the database, the scheme pages and the
ranking pages."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import IndustryLabel
from scoring import selectors, services
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.helpers import confirmed_contract, make_project

D = Decimal
TOURISM, TRANSPORT = "县文化旅游委", "县交通局"


def year():
    return AssessmentYear.objects.get(year=2023)


def bonus_of(name) -> str:
    out = io.StringIO()
    call_command("score", year=2023, as_of="2023-12-31", format="json", stdout=out)
    units = {u["unit"]: u for u in json.loads(out.getvalue())["responsible_units"]}
    return units[name]["bonus"]["score"]


@pytest.fixture
def listed_and_industrial(filer, auditor):
    ctx = {"filer": filer, "auditor": auditor}
    research = IndustryLabel.objects.get(group="producer_service", code="R")
    service = make_project(
        by=filer, code="S1", credits=[(TOURISM, 100)], kind="producer_service", labels=[research], investor="研究院"
    )
    confirmed_contract(service, **ctx, amount="0.6", signed_on="2023-04-01")
    plant = make_project(
        by=filer, code="M1", credits=[(TRANSPORT, 100)], kind="manufacturing", investor="某工业", total_investment="120"
    )
    confirmed_contract(plant, **ctx, amount="100", signed_on="2023-05-01")
    return service, plant


def test_the_ten_listed_producer_service_kinds_are_seeded_as_an_editable_list(db):
    kinds = list(IndustryLabel.objects.filter(group="producer_service").values_list("code", flat=True))
    assert kinds == ["R", "R2", "01", "02", "03", "04", "05", "06", "07", "08"]


def test_a_listed_kind_project_and_a_hundred_billion_plant_score_by_default(listed_and_industrial):
    assert bonus_of(TOURISM) == "2.00"  # 0.6 亿 ≥ 0.5 → 2, not flagged major
    assert bonus_of(TRANSPORT) == "4.00"  # 100 亿 industrial, untagged investor → the 招大引强 ladder


def test_the_scheme_settings_e_and_f_change_those_scores(listed_and_industrial, sysadmin):
    services.scheme_update(
        year=year(), by=sysadmin, reason="歧义E、F", values={"service_requires_major": True, "industrial_ladder": False}
    )
    assert bonus_of(TOURISM) == "0.00" and bonus_of(TRANSPORT) == "0.00"


def test_the_admin_sets_e_f_g_on_the_scheme_page_and_the_pages_show_them(client, sysadmin, auditor):
    c = client_for(client, sysadmin)
    text = c.get("/scoring/scheme/2023/").content.decode()
    for label in ("歧义E：招新引优还须标记为重大项目", "歧义F：百亿级工业项目按招大引强计分", "歧义G：奖励名次"):
        assert label in text
    assert "奖励名次按总排名（考核办法原文）" in text
    form = c.get("/scoring/scheme/2023/edit/").context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, False)}
    data.update(reason="奖励名次按符合条件单位排", reward_places="eligible", industrial_threshold="80")
    response = c.post("/scoring/scheme/2023/edit/", data)
    assert response.status_code == 302
    current = selectors.current_scheme(year())
    assert (current.number, current.reward_places, current.industrial_threshold) == (2, "eligible", D("80"))
    assert current.industrial_ladder is True and current.service_requires_major is False
    history = c.get("/scoring/scheme/2023/").content.decode()
    assert "奖励名次按符合条件单位之间的排名" in history and "2023 (v2)" in history
    ranking = client_for(client, auditor).get("/scoring/ranking/2023/?as_of=2023-12-31").content.decode()
    assert "奖励名次按符合条件单位之间的排名" in reading_on(ranking)


def reading_on(page: str) -> str:
    """The page's reward-reading note as a reader sees it, with the auditor's one-click 说明 disclosure cut off."""
    start = page.index('id="reward-reading"')
    note = page[start : page.index("</div>", start)]
    return note.split("<details", 1)[0]


def test_the_ranking_and_the_notice_name_the_literal_reading_by_default(client, auditor, office):
    """Both pages say which reading chose the reward places, in plain words (issue 16): the scheme's internal label
    "歧义G" stays inside the auditor's 说明 disclosure, not in the sentence a unit head or a leader reads."""
    ranking = client_for(client, auditor).get("/scoring/ranking/2023/?as_of=2023-12-31").content.decode()
    assert reading_on(ranking).startswith('id="reward-reading">奖励名次按总排名（考核办法原文）')
    notice = client_for(client, office).get("/dashboards/ranking/2023/?as_of=2023-12-31")
    assert notice.status_code == 200
    text = notice.content.decode()
    assert "奖励名次按总排名（考核办法原文）" in reading_on(text)
    for page in (ranking, text):
        assert "歧义" not in reading_on(page)
        assert "歧义G" in page.split('id="reward-reading"', 1)[1].split("</details>", 1)[0]  # one click away
        assert "歧义" not in page.split("<details", 1)[0] and page.count("歧义") == 1
