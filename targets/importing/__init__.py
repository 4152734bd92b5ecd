"""Reading the breakdown table (INTERCHANGE.md §1) into plain rows, checking every cell, before anything is saved.

A parse never touches the database (what it needs to know, the kinds of units on file, is passed in);
``targets.services.plan_import`` saves a clean parse all or nothing.
"""

from collections.abc import Mapping
from pathlib import PurePath

from core.spreadsheet import OLE2_MAGIC
from targets.importing.csv_table import CSV_COLUMNS, parse_csv
from targets.importing.rows import CellError, ParseResult, PlanRow, infer_kind, normalise_name, split_leaders
from targets.importing.xlsx_table import parse_xlsx

SUFFIXES = (".csv", ".xlsx")

__all__ = [
    "CSV_COLUMNS",
    "CellError",
    "ParseResult",
    "PlanRow",
    "infer_kind",
    "normalise_name",
    "parse_csv",
    "parse_file",
    "parse_xlsx",
    "split_leaders",
]


def parse_file(name: str, data: bytes, *, year: int, known_kinds: Mapping[str, str] | None = None) -> ParseResult:
    """A ``.csv`` or ``.xlsx`` file by its name; an Excel file is recognised by its content whatever its name."""
    suffix = PurePath(name).suffix.lower()
    if data.startswith(OLE2_MAGIC) or data.startswith(b"PK") or suffix in {".xlsx", ".xls"}:
        return parse_xlsx(data, year=year, known_kinds=known_kinds)
    if suffix != ".csv":
        result = ParseResult()
        result.errors.append(CellError("", 1, "", f"不支持的文件类型“{suffix or name}”：只接受 .csv 或 .xlsx 文件"))
        return result
    return parse_csv(data, year=year, known_kinds=known_kinds)
