"""The menu, grouped by area into dropdowns (填报, 审核, 考核, 报表), keeps every page and its capability."""

from core.context_processors import _entries, _groups
from core.navigation import AREAS, MENU, area_of
from tests.conftest import client_for


def test_every_menu_line_has_an_area_or_stands_alone():
    for entry in MENU:
        assert area_of(entry) in AREAS or entry[1] == "home"


def test_a_line_without_an_area_goes_to_its_apps_area():
    assert area_of(("月通报", "reports:bulletins", "reports.view")) == "报表"
    assert area_of(("新页面", "projects:whatever", None)) == "填报"


def test_each_role_gets_dropdowns_of_the_pages_it_may_open(personas):
    auditor = _groups(_entries(personas["auditor"], MENU, "/projects/"))
    assert [g["label"] for g in auditor] == ["首页", "填报", "招商", "审核", "考核", "报表"]
    assert [i["label"] for i in auditor[3]["items"]] == ["审核", "报送情况"]
    filer = _groups(_entries(personas["filer"], MENU, "/"))
    labels = [i["label"] for g in filer for i in g["items"]]
    assert "审核" not in labels and "全县驾驶舱" not in labels and "本单位看板" in labels
    leader = {i["label"] for g in _groups(_entries(personas["leader"], MENU, "/")) for i in g["items"]}
    assert {"全县驾驶舱", "我牵头的单位", "季度点评", "年度排名公示"} <= leader


def test_the_menu_renders_as_dropdowns_with_the_active_area_marked(client, auditor):
    page = client_for(client, auditor).get("/dashboards/review/2023/q1/").content.decode()
    assert 'class="nav-link dropdown-toggle active"' in page
    assert page.count('data-bs-toggle="dropdown"') >= 5  # four areas and the user menu
