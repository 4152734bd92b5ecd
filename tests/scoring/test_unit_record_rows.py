"""The unit score page's record tables are built in Python (scoring_tags.contract_rows/funds_rows/window_rows: a
city-scale unit has hundreds of rows, a tenth of the template engine's cost); they give exactly the HTML of the
template loops they replaced, kept here as the reference."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from scoring.selectors.records import Line

LOOPS = {
    "contract_rows": """{% for c in lines %}
    <tr><td class="text-nowrap" data-label="签约日期">{{ c.date|date:"Y-m-d" }}</td><td class="project-name">{% project_url c.project_id as purl %}{% if purl %}<a href="{{ purl }}">{{ c.code }} {{ c.name }}</a>{% else %}{{ c.code }} {{ c.name }}{% endif %}</td>
      <td class="num" data-label="合同金额（亿元）">{{ c.amount|yi:4 }}</td><td class="num" data-label="本单位分成">{{ c.share|floatformat:"-2" }}%</td><td class="num" data-label="计入（亿元）">{{ c.credited|yi:4 }}</td>
      <td data-label="合同记录">{% record_url "contract" c.record_id as rurl %}{% if rurl %}<a href="{{ rurl }}">合同 #{{ c.record_id }}</a>{% else %}合同 #{{ c.record_id }}{% endif %}</td></tr>
  {% empty %}<tr><td colspan="6" class="text-muted">无</td></tr>{% endfor %}""",
    "funds_rows": """{% for f in lines %}
    <tr><td class="project-name">{% project_url f.project_id as purl %}{% if purl %}<a href="{{ purl }}">{{ f.code }} {{ f.name }}</a>{% else %}{{ f.code }} {{ f.name }}{% endif %}</td>
      <td class="text-nowrap" data-label="开工日期">{{ f.started_on|date:"Y-m-d" }}</td><td class="num" data-label="月数">{{ f.months }}</td><td data-label="月份">{{ f.date.0|date:"n" }}–{{ f.date.1|date:"n" }}月</td>
      <td class="num" data-label="到位资金（亿元）">{{ f.amount|yi:4 }}</td><td class="num" data-label="本单位分成">{{ f.share|floatformat:"-2" }}%</td><td class="num" data-label="计入（亿元）">{{ f.credited|yi:4 }}</td></tr>
  {% empty %}<tr><td colspan="7" class="text-muted">无</td></tr>{% endfor %}""",
    "window_rows": """{% for p in lines %}
    <tr><td class="project-name">{% project_url p.project_id as purl %}{% if purl %}<a href="{{ purl }}">{{ p.code }} {{ p.name }}</a>{% else %}{{ p.code }} {{ p.name }}{% endif %}</td>
      <td class="text-nowrap" data-label="首次正式合同">{{ p.date|date:"Y-m-d" }}</td><td data-label="开工日期">{% if p.started_on %}{{ p.started_on|date:"Y-m-d" }}{% if not p.counted %}（晚于截止日）{% endif %}{% else %}未开工{% endif %}</td>
      <td class="num" data-label="本单位分成">{{ p.share|floatformat:"-2" }}%</td><td class="num" data-label="计入签约数">{{ p.credited|floatformat:"-4" }}</td><td class="num" data-label="计入开工数">{% if p.counted %}{{ p.credited|floatformat:"-4" }}{% else %}0{% endif %}</td></tr>
  {% empty %}<tr><td colspan="6" class="text-muted">无</td></tr>{% endfor %}""",
}

LINES = {
    "contract_rows": [
        Line(
            7,
            "WS-1",
            "文旅<综合体>&项目",
            Decimal("12.3456"),
            Decimal("60"),
            Decimal("7.40736"),
            11,
            dt.date(2023, 3, 9),
        ),
        Line(8, "WS-2", "康养", Decimal("0.5"), Decimal("33.33"), Decimal("0.1667"), 12, dt.date(2023, 12, 31)),
    ],
    "funds_rows": [
        Line(
            7,
            "WS-1",
            "文旅“综合体”",
            Decimal("3.2"),
            Decimal("100"),
            Decimal("3.2"),
            date=(dt.date(2023, 1, 1), dt.date(2023, 11, 1)),
            months=9,
            started_on=dt.date(2022, 6, 30),
        ),
    ],
    "window_rows": [
        Line(
            7,
            "WS-1",
            "文旅",
            Decimal("1"),
            Decimal("60"),
            Decimal("0.6"),
            date=dt.date(2022, 2, 1),
            started_on=dt.date(2023, 5, 1),
        ),
        Line(
            8,
            "WS-2",
            "康养",
            Decimal("1"),
            Decimal("40"),
            Decimal("0.4"),
            date=dt.date(2023, 2, 1),
            started_on=dt.date(2024, 1, 3),
            counted=False,
        ),
        Line(9, "WS-3", "物流", Decimal("1"), Decimal("100"), Decimal("1"), date=dt.date(2023, 4, 1)),
    ],
}


@pytest.mark.parametrize("tag", sorted(LOOPS))
@pytest.mark.parametrize("empty", [False, True])
def test_the_rows_are_the_template_loops_html(tag, empty):
    lines = [] if empty else LINES[tag]
    loaded = "{% load money scoring_tags %}"
    expected = Template(loaded + LOOPS[tag]).render(Context({"lines": lines}))
    assert Template(loaded + "{% " + tag + " lines %}").render(Context({"lines": lines})) == expected
    if not empty:
        assert "&lt;综合体&gt;&amp;项目" in expected or tag != "contract_rows"  # names are escaped


def test_links_reversed_once_are_the_links_reverse_gives():
    from django.urls import clear_script_prefix, reverse, set_script_prefix

    from scoring.templatetags import scoring_tags

    for pk in (1, 42, 987654, 10**12):
        assert scoring_tags.project_url(pk) == reverse("projects:detail", args=[pk])
        assert scoring_tags.record_url("contract", pk) == reverse("projects:record", args=["contract", pk])
    set_script_prefix("/zhaoshang/")
    try:
        assert scoring_tags.project_url(7) == reverse("projects:detail", args=[7])
        assert scoring_tags.project_url(7).startswith("/zhaoshang/")
    finally:
        clear_script_prefix()
    assert scoring_tags.project_url(7) == reverse("projects:detail", args=[7])


@pytest.mark.parametrize("places", [2, 4])
def test_decimals_are_floatformat(places):
    from django.template.defaultfilters import floatformat

    from scoring.templatetags.scoring_tags import decimals

    values = [
        Decimal("60"),
        Decimal("33.33"),
        Decimal("34.005"),
        Decimal("34.0049"),
        Decimal("0.5"),
        Decimal("100.00"),
        Decimal("12.3450"),
        Decimal("0.00001"),
        Decimal("66.666666"),
        Decimal("99.995"),
        40,
        12.5,
        Decimal("1E+1"),
    ]
    values += [Decimal(n) / 7 for n in range(1, 60)]
    for value in values:
        assert decimals(value, places) == floatformat(value, f"-{places}"), value
