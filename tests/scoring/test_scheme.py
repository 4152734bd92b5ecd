"""The year's scheme: versioned changes with who, when and the previous values; a closed year is frozen; changing a
setting changes the scores as expected."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from scoring import selectors, services
from scoring.models import SchemeVersion
from targets.models import AssessmentYear
from tests.conftest import client_for

D = Decimal


def year():
    return AssessmentYear.objects.get(year=2023)


def test_a_year_never_edited_is_scored_with_the_defaults_as_version_1(plan_2023):
    scheme = selectors.current_scheme(year())
    assert scheme.pk is None and scheme.label == "2023 (v1)"
    assert scheme.reason.startswith("初始方案：考核办法规定的") and "DOMAIN" not in scheme.reason
    rules = scheme.as_rules()
    assert (rules.weight_contract, rules.weight_funds, rules.weight_funds_rate, rules.weight_start_rate) == (
        D("20"), D("30"), D("20"), D("20"),
    )  # fmt: skip
    assert rules.full_marks == D("100")
    assert rules.milestones == (D("10"), D("50"), D("80"), D("100"))
    assert [t.points for t in rules.bonus_major_tiers] == [D("1"), D("2"), D("3"), D("4")]


def test_a_change_is_a_new_version_keeping_the_old_values_who_when_and_why(sysadmin):
    version = services.scheme_update(year=year(), by=sysadmin, reason="按通知调整", values={"weight_funds": D("40")})
    assert version.label == "2023 (v2)"
    v1, v2 = SchemeVersion.objects.filter(year=year()).order_by("number")
    assert (v1.weight_funds, v2.weight_funds) == (D("30"), D("40"))
    assert (v2.created_by, v2.reason) == (sysadmin, "按通知调整")
    event = AuditEvent.objects.get(action="scheme.update")
    assert event.detail["changes"] == {"weight_funds": ["30", "40"]}
    history = selectors.scheme_history(year())
    assert history[0]["changes"] == [{"label": "资金到位额目标任务完成率（分）", "old": "30", "new": "40"}]


def test_saving_the_same_values_makes_no_version(sysadmin):
    assert services.scheme_update(year=year(), by=sysadmin, reason="无变化", values={"weight_funds": D("30")}) is None
    assert SchemeVersion.objects.filter(year=year()).count() == 1  # the defaults, recorded


def test_a_closed_years_scheme_is_frozen(sysadmin):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    with pytest.raises(services.SchemeFrozen):
        services.scheme_update(year=year(), by=sysadmin, reason="晚了", values={"weight_funds": D("40")})
    assert not SchemeVersion.objects.exists()


def test_inconsistent_settings_are_refused(sysadmin):
    with pytest.raises(ValidationError) as error:
        services.scheme_update(
            year=year(),
            by=sysadmin,
            reason="错误",
            values={"bonus_major_tiers": [["3", "2"], ["1", "1"]], "guarantee_criteria": [["手续办理", "90"]]},
        )
    assert set(error.value.message_dict) == {"bonus_major_tiers", "guarantee_criteria"}


def test_changing_a_setting_changes_the_scores_as_expected(small_year, sysadmin):
    before = selectors.year_scores(year(), dt.date(2023, 12, 31))
    services.scheme_update(
        year=year(), by=sysadmin, reason="资金到位额按40分", values={"weight_funds": D("40"), "joint_split": "full"}
    )
    after = selectors.year_scores(year(), dt.date(2023, 12, 31))
    assert after.rules.label == "2023 (v2)"
    tourism_before = next(u for u in before.units if u.name == "县文化旅游委")
    tourism_after = next(u for u in after.units if u.name == "县文化旅游委")
    assert tourism_before.funds.score == D("27.00")  # 3.6 / 4 × 30
    assert tourism_after.funds.score == D("40.00")  # whole joint amounts: 4.4 / 4 × 40, capped
    assert tourism_after.contract.score == D("7.33")  # 11 / 30 × 20
    old = selectors.year_scores(year(), dt.date(2023, 12, 31), selectors.scheme_version(year(), 1))
    assert next(u for u in old.units if u.name == "县文化旅游委").total == tourism_before.total


def test_admin_edits_the_scheme_through_the_page(client, sysadmin):
    c = client_for(client, sysadmin)
    page = c.get("/scoring/scheme/2023/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["reason"].value() == ""  # a new version gives its own reason, not the current version's
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(reason="资金到位额按40分", weight_funds="40", bonus_major_tiers="1=1\n3=2\n5=3\n10=5")
    response = c.post("/scoring/scheme/2023/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    current = selectors.current_scheme(year())
    assert (current.number, current.weight_funds, current.bonus_major_tiers[-1]) == (2, D("40"), ["10", "5"])
    text = c.get("/scoring/scheme/2023/").content.decode()
    assert "2023 (v2)" in text and "资金到位额按40分" in text and "30 → <strong>40</strong>" in text


def test_bad_input_on_the_scheme_page_is_a_chinese_message_and_saves_nothing(client, sysadmin):
    c = client_for(client, sysadmin)
    form = c.get("/scoring/scheme/2023/edit/").context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, False)}
    data.update(reason="试", bonus_major_tiers="一亿=1", guarantee_criteria="手续办理=50\n要素保障=40")
    response = c.post("/scoring/scheme/2023/edit/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "第1行门槛：“一亿”不是数字" in errors["bonus_major_tiers"][0]
    assert not SchemeVersion.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "leader", "office", "filer"])
def test_only_the_admin_edits_the_scheme(client, personas, role):
    c = client_for(client, personas[role])
    assert c.get("/scoring/scheme/2023/edit/").status_code == 403
    assert c.get("/scoring/scheme/2023/").status_code == 200


def test_the_edit_page_of_a_closed_year_sends_back_with_a_message(client, sysadmin):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    response = client_for(client, sysadmin).get("/scoring/scheme/2023/edit/", follow=True)
    assert "考核方案已冻结" in response.content.decode()
