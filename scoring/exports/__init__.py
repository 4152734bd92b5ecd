"""The scoring pages' figures as files: the year's scores (interchange JSON, .xlsx) and each page's tables as .xlsx
through the reports foundation (one sheet per table, values rounded as the page shows them)."""

from scoring.exports.guarantee import appraisal_tables, appraisal_title, guarantee_tables
from scoring.exports.progress import progress_tables
from scoring.exports.scores import COLUMNS, scores_dict, scores_workbook, scores_xlsx, unit_dict
from scoring.exports.unit import unit_tables

__all__ = [
    "COLUMNS",
    "appraisal_tables",
    "appraisal_title",
    "guarantee_tables",
    "progress_tables",
    "scores_dict",
    "scores_workbook",
    "scores_xlsx",
    "unit_dict",
    "unit_tables",
]
