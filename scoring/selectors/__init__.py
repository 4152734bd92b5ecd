"""Reads of the scoring app: the ORM side that loads confirmed records and hands plain data to ``scoring.rules``."""

from scoring.selectors.scheme import (
    current_scheme,
    default_as_of,
    month_ends,
    parse_as_of,
    scheme_history,
    scheme_version,
)
from scoring.selectors.scores import counted_contracts, counted_funds, year_inputs, year_scores

__all__ = [
    "counted_contracts",
    "counted_funds",
    "current_scheme",
    "default_as_of",
    "month_ends",
    "parse_as_of",
    "scheme_history",
    "scheme_version",
    "year_inputs",
    "year_scores",
]
