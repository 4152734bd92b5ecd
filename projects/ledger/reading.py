"""Reading a ledger workbook into checked rows and cell errors, without touching the database."""

import re
from dataclasses import dataclass, field

from core.spreadsheet import CellError, UnreadableWorkbook, check_xlsx, read_sheets, read_text
from projects.ledger.cells import CELL_PARSERS, DEFAULTS
from projects.ledger.columns import COLUMN_ALIASES, COLUMNS, SHEET_ALIASES, SHEETS
from projects.models import Status


@dataclass
class Row:
    sheet: str
    row: int
    values: dict  # cleaned values by column


@dataclass
class Ledger:
    rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})
    errors: list = field(default_factory=list)
    codes_in_file: set = field(default_factory=set)  # every project code of the projects sheet, even of a bad row
    data_rows: int = 0  # rows below the headers of the four sheets, read so far
    too_big: bool = False  # more rows than the reader was allowed to take (nothing checked)

    def error(self, sheet, row, column, message):
        self.errors.append(CellError(sheet, row, column, message))


KEEP = " projects、contracts、starts、funds 四张工作表"


def _sheet_key(title: str) -> str | None:
    key = SHEET_ALIASES.get(title.strip(), title.strip().lower())
    return key if key in SHEETS else None


def _header_name(value, sheet: str) -> str:
    text = re.sub(r"\s+", "", read_text(value))
    name = COLUMN_ALIASES.get(text, text.lower())
    # 项目编号 is the key on the projects sheet and the reference on the others.
    return "project_code" if name == "code" and sheet != "projects" else name


def read_ledger(data: bytes, *, max_rows: int | None = None) -> Ledger:
    """Every cell of the workbook checked; nothing saved. With ``max_rows``, a workbook of more data rows is not
    checked at all (``too_big``): the upload page hands such a ledger to the management command."""
    ledger = Ledger()
    try:
        found = _read_rows(data, ledger, max_rows)
    except UnreadableWorkbook as exc:
        ledger.error("", 1, "", str(exc))
        return ledger
    if ledger.too_big:
        return ledger
    if not found:
        ledger.error("", 1, "", "文件中没有 projects、contracts、starts、funds 中的任何一个工作表")
        return ledger
    for sheet in SHEETS:
        if sheet in found:
            _read_sheet(ledger, sheet, found[sheet])
    if not any(ledger.rows.values()) and not ledger.errors:
        ledger.error("", 1, "", "文件中没有数据行")
    return ledger


def _read_rows(data: bytes, ledger: Ledger, max_rows: int | None) -> dict:
    """The rows of the ledger's sheets, read from the sheet XML (core/xlsx_rows.py: several times faster than
    openpyxl on 20,000 rows), openpyxl being the fallback; reading stops past ``max_rows`` data rows."""
    check_xlsx(data, keep=KEEP)

    def collect(sheets) -> dict:
        found = {}
        for title, rows in sheets:
            key = _sheet_key(title)
            if key is None or key in found:
                continue
            found[key] = []
            for cells in rows:
                found[key].append(cells)
                ledger.data_rows += len(found[key]) > 1
                if max_rows is not None and ledger.data_rows > max_rows:
                    ledger.too_big = True
                    return found
        return found

    try:
        from core.xlsx_rows import iter_sheets  # it loads openpyxl's helpers: only when a ledger is read

        return collect(iter_sheets(data))
    except Exception:  # anything the direct reader does not understand: openpyxl reads it, or calls it damaged
        ledger.data_rows, ledger.too_big = 0, False
        return collect((key, rows) for key, rows in read_sheets(data, keep=KEEP, pick=_sheet_key).items())


def _read_sheet(ledger: Ledger, sheet: str, rows) -> None:
    rows = iter(rows)
    header = next(rows, None) or ()
    columns = [_header_name(h, sheet) for h in header]
    missing = [c for c in COLUMNS[sheet]["required"] if c not in columns]
    for column in missing:
        ledger.error(sheet, 1, column, "缺少该列")
    if missing:
        return
    wanted = COLUMNS[sheet]["required"] + COLUMNS[sheet]["optional"]
    index = {c: columns.index(c) for c in wanted if c in columns}
    seen_codes = {}
    for number, cells in enumerate(rows, start=2):
        if not any(read_text(c) for c in cells):
            continue
        values, bad = {}, False
        for column in wanted:
            raw = cells[index[column]] if column in index and index[column] < len(cells) else None
            if column not in index and column in DEFAULTS:
                values[column] = DEFAULTS[column]
                continue
            if column == "status" and read_text(raw) == "":
                values[column] = Status.CONFIRMED
                continue
            try:
                values[column] = CELL_PARSERS[sheet][column](raw)
            except ValueError as exc:
                ledger.error(sheet, number, column, str(exc))
                bad = True
        if sheet == "projects":
            code = read_text(cells[index["code"]]) if index["code"] < len(cells) else ""
            if code:
                if code in seen_codes:
                    ledger.error(sheet, number, "code", f"项目编号“{code}”与第{seen_codes[code]}行重复")
                    bad = True
                seen_codes.setdefault(code, number)
                ledger.codes_in_file.add(code)
        if not bad:
            ledger.rows[sheet].append(Row(sheet, number, values))
