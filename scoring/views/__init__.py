"""Scoring pages: thin views over the selectors (reads) and the services (writes)."""

from scoring.views.guarantee import (
    appraisal,
    finding_withdraw,
    guarantee,
    guarantee_current,
    rate,
    rating_links,
    rating_paper,
)
from scoring.views.scheme import bands_css, scheme, scheme_current, scheme_edit
from scoring.views.scores import progress, progress_current, ranking, ranking_current, ranking_xlsx, unit_score

__all__ = [
    "appraisal",
    "bands_css",
    "finding_withdraw",
    "guarantee",
    "guarantee_current",
    "progress",
    "progress_current",
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
]
