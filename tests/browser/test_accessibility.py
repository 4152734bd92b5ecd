"""WCAG 2.1 AA: axe-core (vendored in tests/browser/vendor, never served) runs on every menu page of every role, and
no page has a serious or critical violation."""

import json
from pathlib import Path

import pytest

from core.context_processors import _entries
from core.navigation import ADMIN_MENU, MENU
from tests.browser.conftest import sign_in

REPORT = Path(__file__).resolve().parents[2] / "var" / "axe"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ROLES = ["filer", "auditor", "leader", "office", "admin", "audit_admin"]
SKIP = {"/admin/"}  # Django's own admin: its templates are Django's, checked apart


def menu_urls(user) -> list[str]:
    return [e["url"] for e in _entries(user, MENU + ADMIN_MENU, "/") if e["url"] not in SKIP]


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through the debugger, not a <script>: the CSP stays as it is
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 4).map(
                n => n.target.join(" ") + " " + (n.any[0] ? n.any[0].message : "")).join(" | "));
        }"""
    )
    return result


@pytest.fixture
def world(personas):
    from tests.helpers import make_project

    make_project(
        by=personas["filer"], code="WS-2023-A11", name="巫山神女景区索道提升项目", credits=[("县文化旅游委", 100)]
    )
    return personas


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_has_no_serious_accessibility_violation(browser, live_server, world, role):
    user = world[role]
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    sign_in(page, live_server, user)
    found = {}
    for url in menu_urls(user):
        page.goto(f"{live_server.url}{url}")
        violations = serious_violations(page)
        if violations:
            found[page.url.removeprefix(live_server.url)] = violations
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / f"axe-{role}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    assert found == {}
