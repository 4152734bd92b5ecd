"""Scoring pages: thin views over the selectors (reads) and the services (writes)."""

from scoring.views.guarantee import (
    appraisal,
    appraisal_xlsx,
    finding_withdraw,
    guarantee,
    guarantee_current,
    guarantee_xlsx,
    rate,
    rating_links,
    rating_paper,
)
from scoring.views.scheme import bands_css, scheme, scheme_current, scheme_edit
from scoring.views.scores import (
    progress,
    progress_current,
    progress_xlsx,
    ranking,
    ranking_current,
    ranking_xlsx,
    unit_score,
    unit_xlsx,
)

__all__ = [
    "appraisal",
    "appraisal_xlsx",
    "bands_css",
    "finding_withdraw",
    "guarantee",
    "guarantee_current",
    "guarantee_xlsx",
    "progress",
    "progress_current",
    "progress_xlsx",
    "ranking",
    "ranking_current",
    "ranking_xlsx",
    "rate",
    "rating_links",
    "rating_paper",
    "scheme",
    "scheme_current",
    "scheme_edit",
    "unit_score",
    "unit_xlsx",
]
