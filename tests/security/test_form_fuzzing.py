"""Property-based fuzzing of every form through the real views: whatever a user posts (Chinese text, huge, negative
and NaN numbers, malformed dates, wrong choices, overlong text, NUL characters, files of random bytes with any
extension), the answer is never a server error, and input the page refuses leaves the database unchanged.

The fields come from the page's own HTML form (so a new field is fuzzed without touching this file); each example
runs in a rolled-back transaction on the module's world (tests/security/world.py). Reproducible: hypothesis runs
derandomized; ``WUSHAN_FUZZ_EXPLORE=1`` runs four times the examples with fresh randomness."""

from dataclasses import dataclass, field

import pytest
from django.contrib.messages import constants
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from hypothesis import given
from hypothesis import strategies as st

from tests.security.fuzzkit import (
    KILLERS,
    NASTY_VALUE,
    encode,
    fingerprint,
    form_fields,
    fuzz_settings,
    post_data,
    uniform_payloads,
)
from tests.security.url_rules import RULES
from tests.security.world import build_url


@pytest.fixture(autouse=True)
def _no_pdf_layout(monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html, identifier: b"%PDF-1.7 stub")


@dataclass(frozen=True)
class Target:
    """A form: the page showing it (name, kwargs, query) and where it posts (the page itself unless ``action``)."""

    role: str
    page: str
    kw: dict = field(default_factory=dict)
    query: str = ""
    action: str | None = None
    action_kw: dict | None = None  # the action's URL arguments; None: the page's
    errors_mean_unchanged: bool = True  # an error message means nothing was saved (not so for batch actions)


RECORD = {"kind": "=contract", "pk": "contract"}
SUBMITTED = {"kind": "=funds", "pk": "funds"}
Y = {"year": "year"}
JANUARY = {"year": "year", "month": 1}  # no bulletin yet: previewed, a draft can be prepared
FEBRUARY = {"year": "year", "month": 2}  # a draft (tests/security/world.py)

POST_FORMS = {
    "登录": Target("anonymous", "login"),
    "修改密码": Target("filer", "password_change"),
    "启用双因素认证": Target("filer", "otp_setup"),
    "导入目标任务分解表": Target("auditor", "targets:import"),
    "新建项目（填报员）": Target("filer", "projects:create"),
    "新建项目（审核员）": Target("auditor", "projects:create"),
    "修改项目": Target("filer", "projects:edit", {"pk": "project"}),
    "项目佐证材料": Target("filer", "projects:detail", {"pk": "project"}, action="projects:project_evidence"),
    "填报签约合同": Target("filer", "projects:record_new", {"project_pk": "project", "kind": "=contract"}),
    "填报开工": Target("filer", "projects:record_new", {"project_pk": "project", "kind": "=start"}),
    "填报到位资金": Target("filer", "projects:record_new", {"project_pk": "project", "kind": "=funds"}),
    "填报招商活动": Target("filer", "projects:unit_record_new", {"kind": "=activity"}),
    "填报月度工作报告": Target("filer", "projects:unit_record_new", {"kind": "=report"}),
    "修改草稿": Target("filer", "projects:record_edit", RECORD),
    "发起更正": Target("filer", "projects:record_correct", {"kind": "=start", "pk": "start"}),
    "记录佐证材料": Target("filer", "projects:record", RECORD, action="projects:record_evidence", action_kw=RECORD),
    "提交审核": Target("filer", "projects:record", RECORD, action="projects:record_submit", action_kw=RECORD),
    "撤下佐证材料": Target(
        "filer", "projects:record", RECORD, action="projects:evidence_remove", action_kw={"pk": "evidence"}
    ),
    "提交计分信息变更申请": Target(
        "filer", "projects:detail", {"pk": "project"}, action="projects:proposal_submit", action_kw={"pk": "proposal"}
    ),
    "退回": Target("auditor", "projects:record", SUBMITTED, action="projects:record_return", action_kw=SUBMITTED),
    "认定": Target("auditor", "projects:record", SUBMITTED, action="projects:record_confirm", action_kw=SUBMITTED),
    "批量认定": Target(
        "auditor", "projects:queue", action="projects:queue_confirm", action_kw={}, errors_mean_unchanged=False
    ),
    "登记必参活动": Target("auditor", "projects:event_create"),
    "修改必参活动": Target("auditor", "projects:event_edit", {"pk": "event"}),
    "登记参加情况": Target("auditor", "projects:event", {"pk": "event"}, errors_mean_unchanged=False),
    "导入台账": Target("auditor", "projects:ledger"),
    "月度填报表": Target("filer", "projects:sheet", {"month": "=2023-04"}),
    "修改考核方案": Target("admin", "scoring:scheme_edit", Y),
    "生成评分链接": Target("auditor", "scoring:rating_links", Y),
    "录入纸质评分": Target("auditor", "scoring:rating_paper", Y),
    "记录扣分": Target("auditor", "scoring:appraisal", Y, query="?kind=town"),
    "撤销扣分": Target(
        "auditor",
        "scoring:appraisal",
        Y,
        query="?kind=town",
        action="scoring:finding_withdraw",
        action_kw={"pk": "finding"},
    ),
    "企业评分": Target("anonymous", "rate", {"token": "token"}),
    "生成月通报草稿": Target(
        "office", "reports:bulletin", JANUARY, action="reports:bulletin_prepare", action_kw=JANUARY
    ),
    "撰写月通报": Target("office", "reports:bulletin", FEBRUARY, action="reports:bulletin_text", action_kw=FEBRUARY),
    "重新计算月通报": Target(
        "auditor", "reports:bulletin", FEBRUARY, action="reports:bulletin_recompute", action_kw=FEBRUARY
    ),
    "发布月通报": Target("office", "reports:bulletin", FEBRUARY, action="reports:bulletin_publish", action_kw=FEBRUARY),
    "登记目标企业": Target("filer", "enterprises:create"),
    "修改目标企业": Target("filer", "enterprises:edit", {"pk": "target"}),
    "调整目标企业阶段": Target("filer", "enterprises:detail", {"pk": "target"}, action="enterprises:stage"),
    "记录对接": Target("filer", "enterprises:detail", {"pk": "target"}, action="enterprises:contact"),
    "关联已报送的活动": Target("filer", "enterprises:detail", {"pk": "target"}, action="enterprises:link_activity"),
    "转化为项目": Target("filer", "enterprises:convert", {"pk": "target"}),
    "导入目标企业": Target("auditor", "enterprises:upload"),
    "添加产业链环节": Target("auditor", "maps:chain", {"pk": "sector"}, action="enterprises:link_add"),
    "删除产业链环节": Target(
        "auditor", "maps:chain", {"pk": "sector"}, action="enterprises:link_delete", action_kw={"pk": "link"}
    ),
    "添加生态主体": Target("auditor", "enterprises:ecosystem", {"pk": "sector"}),
    "删除生态主体": Target(
        "auditor", "enterprises:ecosystem", {"pk": "sector"}, action="enterprises:node_delete", action_kw={"pk": "node"}
    ),
    "发布考核结果公示": Target("office", "dashboards:notice", {"year": "year"}, action="dashboards:notice_publish"),
    "撰写季点评": Target(
        "office", "dashboards:review", {"year": "year", "quarter": 1}, action="dashboards:review_text"
    ),
    "发布季点评": Target(
        "office", "dashboards:review", {"year": "year", "quarter": 1}, action="dashboards:review_publish"
    ),
}

# Pages whose GET parameters are a form (filters, 截至日期, the year): their fields and the usual parameters.
GET_PAGES = {
    "项目库筛选": Target("auditor", "projects:list"),
    "填报到位资金（提醒链接的月份）": Target(
        "filer", "projects:record_new", {"project_pk": "project", "kind": "=funds"}
    ),
    "填报月度工作报告（提醒链接的月份）": Target("filer", "projects:unit_record_new", {"kind": "=report"}),
    "记录列表筛选": Target("filer", "projects:records"),
    "必参活动": Target("filer", "projects:events"),
    "填报提醒": Target("filer", "projects:reminders"),
    "月度填报表（选择月份）": Target("filer", "projects:sheet_default"),
    "填报情况": Target("office", "projects:matrix"),
    "审核队列": Target("auditor", "projects:queue"),
    "审计日志查询": Target("audit_admin", "audit:search"),
    "目标任务分解表": Target("leader", "targets:breakdown_current"),
    "排名": Target("filer", "scoring:ranking", Y),
    "进度": Target("leader", "scoring:progress", Y),
    "保障单位评价": Target("office", "scoring:guarantee", Y),
    "扣分": Target("auditor", "scoring:appraisal", Y),
    "方案": Target("filer", "scoring:scheme", Y),
    "全县看板": Target("leader", "dashboards:county", Y),
    "单位看板": Target("filer", "dashboards:unit", {"pk": "unit", "year": "year"}),
    "办公室看板": Target("office", "dashboards:office", Y),
    "季点评": Target("office", "dashboards:review", {"year": "year", "quarter": 1}),
    "排名公示": Target("filer", "dashboards:notice", Y),
    "五色图": Target("filer", "reports:five_colour", Y),
    "月通报目录": Target("office", "reports:bulletins"),
    "月通报": Target("office", "reports:bulletin", FEBRUARY),
    "目标企业库筛选": Target("auditor", "enterprises:list"),
    "重点企业表筛选": Target("filer", "enterprises:key_list"),
    "企业分布图": Target("leader", "maps:distribution"),
}
# URLs that take a POST but are fuzzed as steps of a flow (tests/security/test_flow_fuzzing.py) or have no field.
FUZZED_ELSEWHERE = {
    "logout": "no field: posting it only signs out",
    "otp_verify": "test_flow_fuzzing: the second-factor step, inside and outside its flow",
    "targets:import_preview": "no field: it shows the pending upload, which 导入目标任务分解表 above fuzzes (follow=True)",
    "targets:import_confirm": "test_flow_fuzzing: forged, replayed and foreign preview tokens",
    "targets:import_cancel": "test_flow_fuzzing: cancel with and without a pending upload",
    "projects:ledger_confirm": "test_flow_fuzzing: forged, replayed and damaged ledger previews",
    "projects:sheet_row": "tests/projects/test_monthly_sheet.py: a sheet row posted by htmx, fuzzed with its fields",
    "enterprises:upload_confirm": "tests/enterprises/test_upload_page.py: forged, replayed and foreign preview tokens",
    "projects:proposal_confirm": "tests/projects/test_fact_proposals.py: forged revisions, reasons and next pages",
    "projects:proposal_return": "tests/projects/test_fact_proposals.py: forged revisions, reasons and next pages",
}
COMMON_PARAMS = ("year", "as_of", "cut_off", "kind", "page", "q", "month", "version", "status", "unit", "sort")


def login(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])


def refused_input(response, target) -> bool:
    """Whether the page answered with form errors (or, where that means nothing was saved, an error message)."""
    context = response.context
    if context is None:
        return False
    for scope in context:
        for value in scope.values() if hasattr(scope, "values") else ():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, BaseFormSet) and value.is_bound and value.total_error_count():
                return True
    if target.errors_mean_unchanged and "messages" in context:
        return any(m.level == constants.ERROR for m in context["messages"])
    return False


def test_every_url_that_takes_a_post_is_fuzzed():
    """As the permission matrix does for access: a new form without a fuzzing target fails the suite."""
    fuzzed = {target.action or target.page for target in POST_FORMS.values()}
    posted = {name for name, rule in RULES.items() if rule.post}
    assert posted - fuzzed - set(FUZZED_ELSEWHERE) == set(), "这些地址接受 POST，却没有模糊测试目标"
    assert set(FUZZED_ELSEWHERE) <= posted, "FUZZED_ELSEWHERE 中有已不接受 POST 的地址"


@pytest.mark.parametrize("label", list(POST_FORMS))
def test_no_posted_input_crashes_a_form_and_refused_input_saves_nothing(client, db, world, label):
    target = POST_FORMS[label]
    values = world["scopes"]["own"]
    page_url = build_url(target.page, target.kw, values)
    if target.action is None:
        action = page_url
    else:
        action = build_url(target.action, target.kw if target.action_kw is None else target.action_kw, values)
    login(client, world, target.role)
    page = client.get(page_url + target.query)
    assert page.status_code == 200, f"{label}: {page_url} 打不开（{page.status_code}）"
    fields = form_fields(page.content.decode(), action)
    csrf_free = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}

    before = fingerprint()  # every example starts from the same rolled-back state

    @fuzz_settings(max_examples=25)
    @given(data=post_data(csrf_free))
    def post(data):
        with transaction.atomic():
            response = client.post(action, encode(data), follow=True)
            assert response.status_code < 500, f"{label}: {response.status_code}"
            if refused_input(response, target):
                assert fingerprint() == before, f"{label}: 被拒绝的输入改动了数据库"
            transaction.set_rollback(True)
        login(client, world, target.role)  # a password change or sign-out in the example was rolled back with it

    post()
    for value, data in uniform_payloads(csrf_free):
        with transaction.atomic():
            response = client.post(action, data, follow=True)
            assert response.status_code < 500, f"{label}: 每个字段都填 {value[:20]!r} 时 {response.status_code}"
            if refused_input(response, target):
                assert fingerprint() == before, f"{label}: 被拒绝的输入改动了数据库"
            transaction.set_rollback(True)
        login(client, world, target.role)


@pytest.mark.parametrize("label", list(GET_PAGES))
def test_no_query_string_crashes_a_page(client, db, world, label):
    target = GET_PAGES[label]
    url = build_url(target.page, target.kw, world["scopes"]["own"])
    login(client, world, target.role)
    page = client.get(url)
    assert page.status_code in (200, 302)
    from tests.security.fuzzkit import _Forms

    parser = _Forms()
    parser.feed(page.content.decode())
    names = {name for f in parser.forms if f["method"] == "get" for name in f["fields"]} | set(COMMON_PARAMS)

    @fuzz_settings(max_examples=25)
    @given(query=st.dictionaries(st.sampled_from(sorted(names)), NASTY_VALUE, max_size=4))
    def get(query):
        response = client.get(url, query)
        assert response.status_code < 500, f"{label}: {response.status_code}"

    get()
    for value in KILLERS:
        response = client.get(url, dict.fromkeys(names, value))
        assert response.status_code < 500, f"{label}: 每个参数都填 {value[:20]!r} 时 {response.status_code}"


def test_an_activity_naming_a_leader_id_beyond_the_integer_range_is_refused_not_a_server_error(client, db, world):
    """Found by the fuzzing: Django looks multiple-choice ids up with pk__in, and SQLite raised OverflowError."""
    login(client, world, "filer")
    data = {"kind": "visit", "occurred_on": "2023-05-06", "title": "外出招商", "leaders": ["9" * 40], "note": ""}
    response = client.post("/filing/activity/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["leaders"]


def test_a_next_parameter_that_is_not_a_path_is_ignored_not_a_server_error(client, db, world):
    """Found by the fuzzing: redirect("0") took the word for a URL name and raised NoReverseMatch."""
    login(client, world, "auditor")
    response = client.post("/audit-queue/confirm/", {"next": "0"})
    assert response.status_code == 302 and response["Location"] == "/audit-queue/"
    login(client, world, "filer")
    response = client.get("/accounts/2fa/verify/?next=abc")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_forged_credit_row_count_builds_no_more_than_twenty_rows(client, db, world):
    """Found by the fuzzing (a slow example, not a crash): credits-TOTAL_FORMS=999999 built and rendered 1,020 forms,
    17 s and 2 MB for one POST."""
    login(client, world, "filer")
    response = client.post("/projects/new/", {"credits-TOTAL_FORMS": "999999", "credits-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert len(response.context["credits"].forms) == 20
    assert response.context["credits"].non_form_errors()


def test_nul_characters_in_free_text_read_without_a_form_are_dropped_not_a_server_error(client, db, world):
    """Found by the fuzzing on PostgreSQL, which refuses NUL in text (an attendance note) and in jsonb (the audit
    detail of a withdrawn finding's reason)."""
    from projects.models import Attendance

    values = world["scopes"]["own"]
    login(client, world, "auditor")
    with transaction.atomic():
        response = client.post(f"/required-events/{values['event']}/", {f"note_{values['unit']}": "请假\x00说明"})
        assert response.status_code == 302
        assert Attendance.objects.get(event_id=values["event"], unit_id=values["unit"]).note == "请假说明"
        transaction.set_rollback(True)
    with transaction.atomic():
        response = client.post(f"/scoring/guarantee/findings/{values['finding']}/withdraw/", {"reason": "误\x00记"})
        assert response.status_code == 302
        transaction.set_rollback(True)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_user_name_is_refused_at_sign_in_not_a_server_error(client, db, world, url):
    """Found by the fuzzing on PostgreSQL: a 3,000-character user name reached authenticate() and django-axes' failure
    record (255 characters) raised DataError."""
    response = client.post(url, {"username": "字" * 3000, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
