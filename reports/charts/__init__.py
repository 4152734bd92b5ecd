"""Server-rendered SVG charts: the same picture on screen (inline <svg>) and in the PDF, readable in greyscale.

Every function returns a safe SVG string (all text escaped), deterministic for the same input.
"""

from reports.charts.bars import bar_chart, grouped_bar_chart, progress_bar
from reports.charts.data import Band, Bar, Cell, GridRow, Marker, Series
from reports.charts.grid import five_colour_grid, five_colour_table
from reports.charts.lines import line_chart

__all__ = [
    "Band",
    "Bar",
    "Cell",
    "GridRow",
    "Marker",
    "Series",
    "bar_chart",
    "five_colour_grid",
    "five_colour_table",
    "grouped_bar_chart",
    "line_chart",
    "progress_bar",
]
