"""core/xlsx_rows.py reads what openpyxl's read-only, data-only mode reads: the ledger import relies on it."""

import datetime as dt
import io
import zipfile

import openpyxl

from core.xlsx_rows import iter_sheets

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def excel_like_workbook() -> bytes:
    """As Excel and WPS save: shared strings (one with rich-text runs and a phonetic run), a date-formatted number
    (a built-in and a custom format), a boolean, an error, a formula's cached string, a missing row and a gap."""
    sheet = (
        f"<worksheet {MAIN}><sheetData>"
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>45000</v></c><c r="C2"><v>12.5</v></c>'
        '<c r="E2" t="b"><v>1</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" s="2"><v>44927.5</v></c><c r="C4"><v>30</v></c>'
        '<c r="D4" t="e"><v>#N/A</v></c><c r="E4" t="str"><f>A1</f><v>公式结果</v></c></row>'
        "</sheetData></worksheet>"
    )
    strings = (
        f'<sst {MAIN} count="5" uniqueCount="5">'
        "<si><t>project_code</t></si><si><t>month</t></si><si><t>amount_yi</t></si>"
        "<si><r><t>WS-</t></r><r><rPr><b/></rPr><t>001</t></r><rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>"
        '<si><t xml:space="preserve"> 巫山 </t></si></sst>'
    )
    styles = (
        f'<styleSheet {MAIN}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>'
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships {PKG}><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {MAIN} {R}><sheets><sheet name="funds" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships {PKG}><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings,
        "xl/styles.xml": styles,
    }  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def by_openpyxl(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return {title: [tuple(row) for row in book[title].iter_rows(values_only=True)] for title in book.sheetnames}


def by_fast_reader(data: bytes) -> dict:
    return {title: list(rows) for title, rows in iter_sheets(data)}


def trimmed(sheets: dict) -> dict:
    """Rows without their trailing empty cells (openpyxl pads every row to the sheet's width)."""
    out = {}
    for title, rows in sheets.items():
        out[title] = [tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]) for row in rows]
    return out


def test_an_excel_saved_workbook_reads_as_openpyxl_reads_it():
    data = excel_like_workbook()
    assert trimmed(by_fast_reader(data)) == trimmed(by_openpyxl(data))
    rows = by_fast_reader(data)["funds"]
    assert rows[1][:3] == ("WS-001", dt.datetime(2023, 3, 15), 12.5) and rows[1][4] is True
    assert rows[2] == () and rows[3][1] == dt.datetime(2023, 1, 1, 12) and rows[3][3:] == ("#N/A", "公式结果")
    assert rows[3][0] == " 巫山 " and isinstance(rows[3][2], int)


def test_a_workbook_openpyxl_wrote_reads_the_same():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "contracts"
    sheet.append(["project_code", "signed_on", "amount_yi", "note"])
    sheet.append(["L-001", dt.datetime(2023, 3, 15), 10, None])
    sheet.append([])
    sheet.append(["L-002", "2023-04-02", 8.5, "=1+1"])
    sheet.cell(row=6, column=6, value=True)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert trimmed(by_fast_reader(data)) == trimmed(by_openpyxl(data))
