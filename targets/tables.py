"""The breakdown table as the pages draw it: Annex 1's columns, 类别 cells spanning their rows, subtotal and total
lines.

The lines come from ``targets.breakdown.lines``; this adds each row's leader and unit cells (links where the viewer
may follow them, the unit's kind on the upload preview) and ``targets/_breakdown_table.html`` draws the table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from targets.breakdown import Line
from targets.models import UnitKind


@dataclass(frozen=True)
class BreakdownRow:
    line: Line
    leaders: SafeString | str = ""
    unit: SafeString | str = ""


class BreakdownTable:
    def __init__(
        self,
        lines: Iterable[Line],
        *,
        link_units: Callable[[int], bool] | None = None,
        link_leaders: bool = False,
        show_kinds: bool = False,
    ):
        self.lines = list(lines)
        self.link_units = link_units or (lambda unit_id: False)
        self.link_leaders = link_leaders
        self.show_kinds = show_kinds  # the upload preview shows each unit's kind, which the import may have inferred

    def rows(self) -> list[BreakdownRow]:
        return [
            BreakdownRow(line, self.leaders(line), self.unit(line)) if line.kind == "row" else BreakdownRow(line)
            for line in self.lines
        ]

    def leaders(self, line: Line):
        leaders = line.entry.leaders if line.entry else ()
        # One name never breaks across lines on a phone; the line may break after 、.
        if self.link_leaders:
            return format_html_join(
                "、",
                '<a class="text-nowrap" href="{}">{}</a>',
                ((reverse("targets:leader", args=[pk]), name) for name, pk in leaders if pk),
            )
        return format_html_join("、", '<span class="text-nowrap">{}</span>', ((name,) for name, _ in leaders))

    def unit(self, line: Line):
        entry = line.entry
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
