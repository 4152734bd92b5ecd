"""The five-colour chart (五色图, DOMAIN.md §5.3) of the assessed units at a cut-off, in two steps:

- ``five_colour_data(year, as_of)``: the figures, as a JSON-serialisable dict (Decimals as strings). Scoring's own
  results (``reports.dashboards.selectors.standings``) for the indicator view; two grouped queries for the month view.
  A published bulletin keeps this dict in its snapshot.
- ``five_colour_views(data)``: the legend, the two tables (screen, PDF, .xlsx) and the two SVG charts, from the dict
  alone, so a snapshot renders again identically whatever the records or the scheme become later.

What each cell is coloured by (the legend's notes say the same):
- 正式合同额 and 到位资金: completion c = actual ÷ annual target against time progress t (contracts months/12, funds
  the plan's quarterly milestones), the scheme's bands (绿 c ≥ 100 %, 蓝 c ≥ t, 黄/橙/红 by the points behind t).
- 总得分: the same rule with c = total ÷ full marks against the pass line (80 of 100): "would it pass if the year
  ended today"; the gap is in points of score.
- The month view: one sub-row per amount; each month's cumulative completion at that month end against that month's
  time progress (the cut-off's month at the cut-off itself).
"""

from reports.five_colour.data import five_colour_data, legend_of
from reports.five_colour.render import FiveColourViews, five_colour_views, legend_bands

__all__ = ["FiveColourViews", "five_colour_data", "five_colour_views", "legend_bands", "legend_of"]
