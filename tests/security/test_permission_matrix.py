"""The permission matrix, built from the URL list: every URL × every role (× the own unit's object and another
unit's, where the URL names one) gets what tests/security/url_rules.py says — the page, the sign-in page, 403 or
404 — and a POST by anyone not allowed to write is refused and leaves the database as it was.

tests/projects/test_permissions.py keeps the hand-written cases of the filing pages (with their request data); this
matrix covers every URL and fails when a URL has no rule."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.fuzzkit import fingerprint
from tests.security.url_rules import EXEMPT, ROLES, RULES
from tests.security.world import SCOPES, build_url

LOGIN = "/accounts/login/"
OWNER = {"own": "filer", "other": "other_filer"}


@pytest.fixture(autouse=True)
def _no_pdf_layout(monkeypatch):
    """The PDF pages still render their templates, but WeasyPrint's layout (seconds a page, tested in tests/reports)
    is skipped: the matrix is about who gets the page."""
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html, identifier: b"%PDF-1.7 stub " + identifier.encode())


def url_names(patterns=None, namespace=""):
    """(name, route) of every URL pattern, included apps too; unnamed patterns come out as (None, route)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for name, route in url_names(pattern.url_patterns, inner):
                yield name, f"{pattern.pattern}{route}"
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), str(pattern.pattern)


def head(name, route) -> str:
    """The namespace of a named URL, else the first segment of its route: what EXEMPT is keyed by."""
    return name.split(":")[0] if name and ":" in name else route.split("/")[0].strip("^")


def exempt(name, route) -> bool:
    return head(name, route) in EXEMPT


def test_every_url_has_a_permission_rule():
    missing = [
        name or f"(未命名) {route}" for name, route in url_names() if name not in RULES and not exempt(name, route)
    ]
    assert not missing, "新增URL缺少权限规则（请在 tests/security/url_rules.py 中补一行）: " + ", ".join(missing)


def test_every_rule_names_an_existing_url():
    names = {name for name, _ in url_names()}
    assert not set(RULES) - names, f"权限规则指向不存在的URL: {sorted(set(RULES) - names)}"


def test_the_admin_site_is_the_only_exemption_in_the_url_list():
    exempted = sorted({head(name, route) for name, route in url_names() if exempt(name, route)})
    assert exempted == ["admin"]


def url_of(name, scope, world):
    return build_url(name, RULES[name].kw, world["scopes"][scope])


def to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def judge(rule, role, scope, method, response) -> str | None:
    """What is wrong with the response, or None."""
    status = response.status_code
    mismatched = rule.scoped and role in OWNER.values() and OWNER[scope] != role
    anonymous = role == "anonymous"
    if status >= 500:
        return f"服务器错误 {status}"
    if method == "get" and rule.post_only:
        return None if status in (403, 404, 405) or to_login(response) else f"只收POST的地址GET得到 {status}"
    if anonymous and not rule.public:
        return None if to_login(response) else f"匿名用户应转到登录页，实际 {status}"
    allowed = rule.public if anonymous else role in (rule.get if method == "get" else rule.post)
    if role in rule.hidden:
        return None if status == 404 else f"应为404（不可见），实际 {status}"
    if not allowed:
        refused = (403, 404) if mismatched else (403,)
        return None if status in refused else f"应拒绝（{'/'.join(map(str, refused))}），实际 {status}"
    if mismatched:
        return None if status == 404 else f"其他单位的对象应为404，实际 {status}"
    if to_login(response) and not rule.public:
        return "有权限却被转到登录页"
    if method == "post" or rule.ok is None:
        return (
            None if status in (200, 302, 303) or (method == "post" and status in (400, 409, 410)) else f"实际 {status}"
        )
    return None if status == rule.ok else f"应为 {rule.ok}，实际 {status}"


def cases():
    for name, rule in RULES.items():
        for scope in SCOPES if rule.scoped else ("own",):
            yield pytest.param(name, "get", scope, id=f"{name} GET {scope}")
            if rule.post is not None:
                yield pytest.param(name, "post", scope, id=f"{name} POST {scope}")


@pytest.mark.parametrize("name, method, scope", list(cases()))
def test_each_role_gets_what_the_rule_says(client, db, world, name, method, scope):
    rule = RULES[name]
    url = url_of(name, scope, world)
    problems = []
    before = fingerprint() if method == "post" else None  # each request is rolled back: the same state every time
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        may_write = method == "post" and (role != "anonymous" or rule.public) and role in (rule.post or ())
        with transaction.atomic():
            response = getattr(client, method)(url)
            changed = method == "post" and not may_write and fingerprint() != before
            transaction.set_rollback(True)
        problem = judge(rule, role, scope, method, response)
        if changed:
            problem = (problem + "；" if problem else "") + "被拒绝的写操作改动了数据库"
        if problem:
            problems.append(f"{role}: {problem}")
    assert not problems, f"{method.upper()} {url} ({name}, {scope}):\n" + "\n".join(problems)


class _Response(dict):
    def __init__(self, status, location=""):
        super().__init__(Location=location)
        self.status_code = status


@pytest.mark.parametrize(
    "rule, role, scope, method, response",
    [
        (RULES["projects:detail"], "other_filer", "own", "get", _Response(200)),  # another unit's project shown
        (RULES["projects:detail"], "admin", "own", "get", _Response(200)),  # the sysadmin reading business data
        (RULES["audit:search"], "auditor", "own", "get", _Response(200)),  # the trail read by a non-audit admin
        (RULES["projects:record_confirm"], "leader", "own", "post", _Response(302, "/filing/funds/1/")),  # a write
        (RULES["projects:list"], "anonymous", "own", "get", _Response(200)),  # no sign-in asked
        (RULES["projects:list"], "filer", "own", "get", _Response(500)),
    ],
)
def test_the_matrix_notices_a_leak(rule, role, scope, method, response):
    assert judge(rule, role, scope, method, response)
