"""The cell values of an .xlsx's sheets, read straight from the sheet XML: what openpyxl's read-only, data-only
mode gives (strings, int/float, bool, datetime for date-formatted numbers, error text), several times faster on a
ledger of 20,000 rows. A workbook this reader does not understand raises an exception; callers then fall back to
openpyxl."""

import io
import posixpath
import zipfile
from xml.etree.ElementTree import iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _column(ref: str) -> int:
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


def _row_number(ref: str) -> int:
    return int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _text_of(element) -> str:
    """A shared or inline string: its <t>, or the <t> of each rich-text run (phonetic runs left out)."""
    parts = []
    for child in element:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            parts.extend(t.text or "" for t in child.iter(MAIN + "t"))
    return "".join(parts)


def _shared_strings(archive, names) -> list[str]:
    path = "xl/sharedStrings.xml"
    if path not in names:
        return []
    strings = []
    for _event, element in iterparse(archive.open(path)):
        if element.tag == MAIN + "si":
            strings.append(_text_of(element))
            element.clear()
    return strings


def _date_styles(archive, names) -> set[int]:
    """The indexes of the cell formats that show a number as a date or time."""
    path = "xl/styles.xml"
    if path not in names:
        return set()
    custom, dates, in_cell_xfs, index = {}, set(), False, 0
    for event, element in iterparse(archive.open(path), events=("start", "end")):
        if event == "start" and element.tag == MAIN + "cellXfs":
            in_cell_xfs = True
        elif event == "end" and element.tag == MAIN + "cellXfs":
            in_cell_xfs = False
        elif event == "end" and element.tag == MAIN + "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif event == "end" and element.tag == MAIN + "xf" and in_cell_xfs:
            number_format = int(element.get("numFmtId", "0"))
            code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, "General"))
            if is_date_format(code):
                dates.add(index)
            index += 1
    return dates


def _sheet_paths(archive) -> list[tuple[str, str]]:
    """(title, path in the archive) of each worksheet, in workbook order."""
    targets = {}
    for _event, element in iterparse(archive.open("xl/_rels/workbook.xml.rels")):
        if element.tag == PKG_REL + "Relationship":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[element.get("Id")] = path
    sheets, epoch = [], CALENDAR_WINDOWS_1900
    for _event, element in iterparse(archive.open("xl/workbook.xml")):
        if element.tag == MAIN + "sheet":
            sheets.append((element.get("name", ""), targets[element.get(REL + "id")]))
        elif element.tag == MAIN + "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
    return sheets, epoch


def _value(cell, strings, dates, epoch):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(MAIN + "is")
        return _text_of(inline) if inline is not None else None
    v = cell.find(MAIN + "v")
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        return from_ISO8601(text)
    number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
    if int(cell.get("s", "0")) in dates:
        return from_excel(number, epoch)
    return number


def _rows(archive, path, strings, dates, epoch):
    """Each row's values, as tuples; a row missing from the XML comes as an empty tuple (row numbers stay right)."""
    expected = 1
    for _event, element in iterparse(archive.open(path)):
        if element.tag != MAIN + "row":
            continue
        number = int(element.get("r") or expected)
        while expected < number:
            yield ()
            expected += 1
        values = []
        for cell in element.iter(MAIN + "c"):
            ref = cell.get("r")
            column = _column(ref) if ref else len(values) + 1
            values.extend([None] * (column - 1 - len(values)))
            values.append(_value(cell, strings, dates, epoch))
        yield tuple(values)
        expected = number + 1
        element.clear()


def iter_sheets(data: bytes):
    """(title, rows) of each worksheet in workbook order; the rows are read lazily, as the caller goes (a caller may
    stop early). Anything this reader does not understand raises: callers fall back to openpyxl."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    sheets, epoch = _sheet_paths(archive)
    strings, dates = _shared_strings(archive, names), _date_styles(archive, names)
    for title, path in sheets:
        yield title, _rows(archive, path, strings, dates, epoch)
