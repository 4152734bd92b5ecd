"""What the charts take: plain frozen dataclasses, filled by the report code from scores and records."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from reports.charts.svg import Number


@dataclass(frozen=True)
class Bar:
    """One bar. ``tone``: "normal", "alert" (e.g. behind time progress: hatched red), "muted"; ``text`` replaces the
    formatted value printed at the bar's end."""

    label: str
    value: Number | None
    tone: str = "normal"
    text: str | None = None


@dataclass(frozen=True)
class Marker:
    """A reference line across the plot: "target" (solid), "progress" (dashed red, 序时进度), "milestone" (dotted)."""

    value: Number
    label: str
    kind: str = "target"


@dataclass(frozen=True)
class Series:
    """A named row of values (None: no value, e.g. a month still to come). ``fill`` for bars: "solid", "hatch",
    "light", "dots", "grey" (default by position); ``line`` for lines: "solid", "dashed", "dotted"."""

    name: str
    values: Sequence[Number | None]
    fill: str | None = None
    line: str | None = None
    show_values: bool = False


@dataclass(frozen=True)
class Band:
    """A colour band of the five-colour chart, as the year's scheme defines it (绿 ≥ 100 % …)."""

    key: str
    name: str
    colour: str
    text_colour: str = "#000000"
    description: str = ""
    mark: str = ""  # printed in each cell's corner so the band reads in greyscale; default: the name's first char

    @property
    def symbol(self) -> str:
        return self.mark or self.name[:1]


@dataclass(frozen=True)
class Cell:
    """A cell of the five-colour grid: its band (None: no value), its value and an optional second line."""

    band: str | None
    text: str
    detail: str = ""


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: Sequence[Cell]
    group: str = ""  # consecutive rows of the same group share a merged group cell (类别)
    note: str = field(default="", compare=False)
