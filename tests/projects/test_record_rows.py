"""The record list's and the project library's rows are built in Python (filing.record_rows, project_rows: fifty a
page, on every filer's round at the month-end peak); they give the HTML of the template loops they replaced, kept here
as the reference."""

import datetime as dt
import re

import pytest
from django.template import Context, Template

from projects import services
from tests.conftest import client_for
from tests.helpers import make_project, pdf_file

LOOP = """{% load money filing %}
  {% for r in page %}
  <tr>
    <td data-label="编号"><a href="{{ r.get_absolute_url }}">#{{ r.pk }}</a></td><td class="small" data-label="单位">{{ r.unit }}</td>
    {% if kind == "contract" %}<td class="project-name" data-label="项目"><a href="{{ r.get_absolute_url }}">{{ r.project.name }}</a></td><td data-label="类型">{{ r.get_kind_display }}</td><td class="text-nowrap" data-label="签约日期">{{ r.signed_on|date:"Y-m-d" }}</td><td class="num" data-label="金额（亿元）">{{ r.amount|yi:4 }}</td>
    {% elif kind == "start" %}<td class="project-name" data-label="项目"><a href="{{ r.get_absolute_url }}">{{ r.project.name }}</a></td><td class="text-nowrap" data-label="开工日期">{{ r.started_on|date:"Y-m-d" }}</td>
    {% elif kind == "funds" %}<td class="project-name" data-label="项目"><a href="{{ r.get_absolute_url }}">{{ r.project.name }}</a></td><td data-label="月份">{{ r.month|date:"Y年n月" }}</td><td class="num" data-label="到位资金（亿元）">{{ r.amount|yi:4 }}</td>
    {% elif kind == "activity" %}<td data-label="类型">{{ r.get_kind_display }}</td><td class="text-nowrap" data-label="日期">{{ r.occurred_on|date:"Y-m-d" }}</td><td class="project-name" data-label="事项"><a href="{{ r.get_absolute_url }}">{{ r.title }}</a></td><td class="num" data-label="走访企业">{{ r.enterprise_count }}</td>
    {% else %}<td data-label="月份"><a href="{{ r.get_absolute_url }}">{{ r.month|date:"Y年n月" }}</a></td><td data-label="未填项目">{{ r.missing_items|length }}</td>{% endif %}
    <td class="small" data-label="佐证">{{ r.active_evidence|length }}</td>
    <td class="record-status" data-label="状态">{% status_badge r %}</td>
  </tr>
  {% empty %}<tr><td colspan="9" class="text-center text-muted py-4">没有记录。</td></tr>{% endfor %}"""


PROJECT_LOOP = """{% load money filing %}
  {% for p in page %}
  <tr>
    <td class="text-nowrap">{{ p.code }}</td>
    <td><a href="{{ p.get_absolute_url }}">{{ p.name }}</a>{% if p.is_major %} <span class="badge text-bg-warning">重大</span>{% endif %}</td>
    <td>{{ p.investor.name }}{% for t in p.investor.tags.all %} <span class="badge rounded-pill text-bg-light border">{{ t.name }}</span>{% endfor %}</td>
    <td>{{ p.sector.name|default:"—" }}</td>
    <td>{{ p.year.year }}</td>
    <td><span class="badge stage-{{ p.stage }}">{{ p.get_stage_display }}</span></td>
    <td class="num">{{ p.total_investment|yi:4 }}</td>
    <td class="small">{% for c in p.credits.all %}{{ c.unit.name }} {{ c.share|floatformat:"-2" }}%{% if not forloop.last %}；{% endif %}{% endfor %}</td>
  </tr>
  {% empty %}
  <tr><td colspan="8" class="text-center text-muted py-4">没有符合条件的项目。</td></tr>
  {% endfor %}"""


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def records(filer):
    project = make_project(
        by=filer, code="WS-<9>", name='文旅"综合体"&<康养>', credits=[("县文化旅游委", 100)], total_investment="5000"
    )
    made = []
    for kind, fields in [
        ("contract", {"project": project, "signed_on": dt.date(2023, 3, 5), "amount": "2.3456"}),
        ("contract", {"project": project, "signed_on": dt.date(2023, 4, 5), "amount": 0, "kind": "intention"}),
        ("start", {"project": project, "started_on": dt.date(2023, 5, 6)}),
        ("funds", {"project": project, "month": dt.date(2023, 3, 1), "amount": "1234.5"}),
        (
            "activity",
            {"kind": "visit", "occurred_on": dt.date(2023, 4, 2), "title": "<走访> & 洽谈", "enterprise_count": 3},
        ),
        ("report", {"month": dt.date(2023, 4, 1), "signing": "签约两个", "visits": "拜访"}),
    ]:
        record = services.record_create(record_type=kind, unit=filer.unit, by=filer, **fields)
        made.append(record)
    services.evidence_attach(record=made[0], file=pdf_file(), by=filer)
    services.record_submit(record=made[0], by=filer)
    return made


@pytest.mark.parametrize("kind", ["contract", "start", "funds", "activity", "report"])
def test_rows_are_the_template_loops_html(client, filer, records, kind):
    response = client_for(client, filer).get(f"/filing/?kind={kind}")
    assert response.status_code == 200
    page = response.content.decode()
    body = page[page.index("<tbody>") + len("<tbody>") : page.index("</tbody>")]
    reference = Template(LOOP).render(Context({"page": response.context["page"], "kind": kind}))
    assert "<tr>" in body
    assert normalised(body) == normalised(reference)


def test_an_empty_list_says_so(client, filer):
    response = client_for(client, filer).get("/filing/?kind=start")
    assert "没有记录。" in response.content.decode()


def test_project_rows_are_the_template_loops_html(client, filer, records, plan_2023):
    from projects.models import Project

    make_project(
        by=filer,
        code="WS-2",
        credits=[("县文化旅游委", "33.33"), ("县交通局", "66.67")],
        is_major=True,
        investor_tags=("global500",),
    )
    Project.objects.filter(code="WS-2").update(sector=None)
    response = client_for(client, filer).get("/projects/")
    page = response.content.decode()
    body = page[page.index("<tbody>") + len("<tbody>") : page.index("</tbody>")]
    reference = Template(PROJECT_LOOP).render(Context({"page": response.context["page"]}))
    assert body.count("<tr>") == 2 and "33.33%" in body and "—" in body and "rounded-pill" in body
    assert normalised(body) == normalised(reference)


def test_an_empty_library_says_so(client, filer):
    response = client_for(client, filer).get("/projects/?q=没有这个项目")
    assert "没有符合条件的项目。" in response.content.decode()
