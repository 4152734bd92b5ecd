"""The breakdown table (django-tables2): Annex 1's columns, 类别 cells spanning their rows, subtotal and total lines.

The lines come from ``targets.breakdown.lines``; the template ``targets/_breakdown_table.html`` draws the 类别 cell
once per sector (rowspan) and the subtotal/total lines across the first three columns.
"""

from collections.abc import Callable

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.formatting import yi_target
from targets.models import UnitKind

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}
# On a phone the unit goes to the note under the table so that both amount columns fit the screen.
YI = mark_safe('<span class="d-none d-sm-inline">（亿元）</span>')


class BreakdownTable(tables.Table):
    sector = tables.Column("类别", empty_values=())
    leaders = tables.Column("牵头领导", empty_values=(), attrs={"td": {"class": "leaders"}})
    unit = tables.Column("责任单位", empty_values=(), attrs={"td": {"class": "unit"}})
    signed = tables.Column(format_html("签约资金{}", YI), attrs=NUM)
    funded = tables.Column(format_html("到位资金{}", YI), attrs=NUM)

    class Meta:
        orderable = False
        template_name = "targets/_breakdown_table.html"
        attrs = {"class": "table table-sm table-bordered align-middle bg-white table-breakdown mb-0"}
        row_attrs = {"class": lambda record: record.css}
        empty_text = "本年度还没有目标任务分解表。"

    def __init__(
        self,
        data,
        *,
        link_units: Callable[[int], bool] | None = None,
        link_leaders: bool = False,
        show_kinds: bool = False,
        **kw,
    ):
        super().__init__(data, **kw)
        self.link_units = link_units or (lambda unit_id: False)
        self.link_leaders = link_leaders
        self.show_kinds = show_kinds  # the upload preview shows each unit's kind, which the import may have inferred

    def render_sector(self, record):
        return record.sector or ""

    def render_leaders(self, record):
        leaders = record.entry.leaders if record.entry else ()
        # One name never breaks across lines on a phone; the line may break after 、.
        if self.link_leaders:
            return format_html_join(
                "、",
                '<a class="text-nowrap" href="{}">{}</a>',
                ((reverse("targets:leader", args=[pk]), name) for name, pk in leaders if pk),
            )
        return format_html_join("、", '<span class="text-nowrap">{}</span>', ((name,) for name, _ in leaders))

    def render_unit(self, record):
        entry = record.entry
        if entry is None:
            return ""
        if entry.unit_id and self.link_units(entry.unit_id):
            name = format_html('<a href="{}">{}</a>', reverse("targets:unit", args=[entry.unit_id]), entry.unit)
        else:
            name = format_html("{}", entry.unit)
        if self.show_kinds:
            return format_html(
                '{} <span class="badge text-bg-light unit-kind">{}</span>', name, UnitKind(entry.unit_kind).label
            )
        return name

    def render_signed(self, value):
        return yi_target(value)

    def render_funded(self, value):
        return yi_target(value)
