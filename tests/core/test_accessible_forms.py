"""Form pages for screen readers: aria-describedby names only ids on the page (help texts such as "单位：亿元" and
error messages are read out), and every field of the 招商单位及分成 pairs has a label."""

import re

import pytest

from tests.conftest import client_for


def described_but_missing(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [i for target in re.findall(r'aria-describedby="([^"]+)"', html) for i in target.split() if i not in ids]


def unlabelled(html: str) -> list[str]:
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    fields = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="(?:hidden|submit)")[^>]*\sid="([^"]+)"', html)
    return [f for f in fields if f not in labelled]


@pytest.mark.parametrize("url", ["/projects/new/", "/filing/activity/new/", "/filing/report/new/"])
def test_form_pages_describe_fields_only_by_ids_that_exist(client, filer, url):
    html = client_for(client, filer).get(url).content.decode()
    assert described_but_missing(html) == []


def test_after_a_failed_submit_help_and_errors_are_read_and_the_pairs_have_labels(client, filer):
    c = client_for(client, filer)
    html = c.post("/projects/new/", {"name": "", "total_investment": "abc", "credits-TOTAL_FORMS": "1",
                                     "credits-INITIAL_FORMS": "0"}).content.decode()  # fmt: skip
    assert 'aria-invalid="true"' in html
    assert described_but_missing(html) == []
    assert re.search(r'id="id_total_investment_helptext"[^>]*>单位：亿元', html)
    assert "id_total_investment_error" in html
    assert unlabelled(html) == []
    assert "js/a11y.js" in html  # moves the focus to the first field in error


def test_the_audit_search_form_describes_its_fields(client, audit_admin):
    html = client_for(client, audit_admin).get("/audit/").content.decode()
    assert described_but_missing(html) == [] and 'id="id_action_helptext"' in html
