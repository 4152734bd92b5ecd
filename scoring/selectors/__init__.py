"""Reads of the scoring app: the ORM side that loads confirmed records and hands plain data to ``scoring.rules``."""

from scoring.selectors.explain import score_story
from scoring.selectors.guarantee import (
    appraisal_results,
    guarantee_results,
    links_for,
    rated_units,
    rating_link_for,
    rating_units_for,
    ratings_for,
)
from scoring.selectors.progress import county_progress
from scoring.selectors.records import unit_records
from scoring.selectors.scheme import (
    current_scheme,
    default_as_of,
    month_ends,
    parse_as_of,
    scheme_history,
    scheme_version,
    show,
)
from scoring.selectors.scores import counted_contracts, counted_funds, year_inputs, year_scores

__all__ = [
    "appraisal_results",
    "counted_contracts",
    "counted_funds",
    "county_progress",
    "current_scheme",
    "default_as_of",
    "guarantee_results",
    "links_for",
    "month_ends",
    "parse_as_of",
    "rated_units",
    "rating_link_for",
    "ratings_for",
    "rating_units_for",
    "scheme_history",
    "scheme_version",
    "score_story",
    "show",
    "unit_records",
    "year_inputs",
    "year_scores",
]
