"""Every action the code base writes to the audit trail, and every field its details name, reads in Chinese."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib import admin

from audit.labels import action_label, detail_lines
from audit.services import audit_log

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "node_modules", "bench", "migrations"}
RECORD_KINDS = ["contract", "start", "funds", "activity", "report"]
LATIN = re.compile(r"[A-Za-z]")


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def _codes_of(node) -> set[str]:
    """The action codes an ``action=`` argument can take: its string constants; f-strings expanded over what their
    placeholders stand for (a record kind, or an admin model and verb)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes_of(node.body) | _codes_of(node.orelse)
    if isinstance(node, ast.JoinedStr):
        shape = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
        if shape.startswith("{}."):
            return {shape.replace("{}", kind) for kind in RECORD_KINDS}
        if shape == "admin.{}.{}":
            models = [m._meta.model_name for m in admin.site._registry]
            return {f"admin.{m}.{v}" for m in models for v in ("add", "change", "delete")}
        raise AssertionError(f"an action code this test cannot expand: {shape}")
    return set()


def written_action_codes() -> set[str]:
    codes = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit_log":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        codes |= _codes_of(keyword.value)
    return codes


def test_the_scan_finds_the_actions_of_every_app():
    codes = written_action_codes()
    assert {"auth.login", "funds.submit", "bulletin.recompute", "rating_link.issue", "attendance.record"} <= codes
    assert "admin.user.change" in codes
    assert len(codes) > 50


def test_every_action_code_in_the_code_base_has_a_chinese_name():
    unnamed = sorted(code for code in written_action_codes() if LATIN.search(action_label(code)))
    assert unnamed == []


@pytest.mark.parametrize(
    "code, label",
    [
        ("bulletin.recompute", "重新计算月通报"),
        ("rating_link.issue", "生成企业评分链接"),
        ("attendance.record", "登记参加情况"),
        ("investor.create", "投资企业创建"),
        ("required_event.create", "必参活动/培训创建"),
        ("funds.return", "资金到位退回"),
        ("admin.user.change", "后台修改账号"),
    ],
)
def test_actions_read_as_the_page_shows_them(code, label):
    assert action_label(code) == label


def test_changed_fields_are_named_by_the_objects_field_names():
    lines = dict(
        detail_lines(
            {"changes": {"name": ["旧名", "新名"], "total_investment": ["1.00", "2.00"], "description": ["", "简介"]}},
            "projects.project",
        )
    )
    assert not LATIN.search(lines["改动"])
    assert "旧名 → 新名" in lines["改动"]


def test_every_field_of_the_projects_models_is_named_in_chinese():
    from django.apps import apps

    unnamed = []
    for label in ("projects", "targets", "scoring", "reports", "accounts"):
        for model in apps.get_app_config(label).get_models():
            fields = [f.name for f in model._meta.concrete_fields if f.name != "id"]
            lines = detail_lines({name: "x" for name in fields}, model._meta.label_lower)
            unnamed += [
                f"{model._meta.label_lower}.{name}"
                for name, (text, _) in zip(fields, lines, strict=True)
                if LATIN.search(text.replace("SHA-256", ""))
            ]
    assert unnamed == []


def test_a_contract_title_change_reads_in_chinese():
    lines = dict(detail_lines({"changes": {"title": ["甲", "乙"]}}, "projects.contract"))
    assert lines["改动"] == "合同名称：甲 → 乙"


@pytest.mark.django_db
@pytest.mark.parametrize("text, expected", [("登录", {"auth.login", "auth.login_failed"}), ("退回", {"funds.return"})])
def test_the_action_filter_finds_entries_by_their_chinese_name(client, audit_admin, filer, text, expected):
    audit_log(action="auth.login", by=filer)
    audit_log(action="auth.login_failed", username="filer")
    audit_log(action="funds.return", by=filer)
    audit_log(action="funds.confirm", by=filer)
    client.force_login(audit_admin)
    response = client.get("/audit/", {"action": text})
    assert {e.action for e in response.context["page"].object_list} == expected


@pytest.mark.django_db
def test_every_described_field_of_the_search_form_has_its_help_text_on_the_page(client, audit_admin):
    client.force_login(audit_admin)
    html = client.get("/audit/", {"date_from": "x"}).content.decode()
    for target in re.findall(r'aria-describedby="([^"]+)"', html):
        for id_ in target.split():
            assert f'id="{id_}"' in html, id_
