"""The importers fuzzed directly: the breakdown table (targets CSV and Annex 1 xlsx) and the records ledger, fed random
bytes, damaged workbooks and workbooks of the right shape whose cells are anything (text, Chinese, huge and negative
numbers, NaN and infinities, dates, booleans, formulas). Each answers with errors in Chinese, never an exception."""

import csv
import io
import re

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from projects.ledger import _ORDER, EXAMPLE, import_ledger, read_ledger
from targets.importing import CSV_COLUMNS, parse_csv, parse_file, parse_xlsx
from tests.security.fuzzkit import NASTY, NUMBER_TEXT, TEXT, fuzz_settings
from tests.targets.annex import annex_sheet, plan_rows

HAN = re.compile("[\u4e00-\u9fff]")


def assert_chinese(errors):
    for error in errors:
        assert HAN.search(str(error)), f"错误信息不是中文: {error!r}"


def clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


CELL = st.one_of(
    st.none(),
    st.sampled_from(NASTY).map(clean),
    TEXT.map(clean),
    NUMBER_TEXT,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["=1/0", "=A1", "=SUM(D1:D9)", "#N/A", "#DIV/0!", "是", "否", "√", "合计", "备注：无"]),
)


def workbook_bytes(sheets: dict) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mutate(data: bytes, edits) -> bytes:
    """The bytes with some of them overwritten: a damaged download."""
    out = bytearray(data)
    for position, value in edits:
        out[position % len(out)] = value
    return bytes(out)


# --- the breakdown table (targets) ----------------------------------------------------------------------------------


@fuzz_settings(max_examples=50)
@given(
    name=st.sampled_from(["plan.csv", "plan.xlsx", "plan.xls", "分解表.CSV", "plan", "plan.pdf"]),
    data=st.one_of(st.binary(max_size=4096), st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b)),
)
def test_the_plan_importer_answers_random_bytes_with_chinese_errors(name, data):
    result = parse_file(name, data, year=2023)
    assert not result.ok or result.rows
    assert_chinese(result.errors)


@fuzz_settings(max_examples=50)
@given(
    rows=st.lists(st.lists(st.one_of(st.sampled_from(NASTY), TEXT, NUMBER_TEXT), min_size=0, max_size=9), max_size=8),
    header=st.one_of(st.just(list(CSV_COLUMNS)), st.lists(st.sampled_from([*CSV_COLUMNS, "类别", "", "x"]))),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]),
)
def test_the_plan_csv_with_any_cells_gives_chinese_errors_never_an_exception(rows, header, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    result = parse_csv(data, year=2023)
    assert_chinese(result.errors)


@fuzz_settings(max_examples=40)
@given(
    edits=st.dictionaries(
        st.tuples(st.integers(3, 30), st.integers(1, 8)), CELL, min_size=1, max_size=6
    ),  # (row, column) of the Annex table → new value
    title=st.one_of(st.just("2023年招商引资目标任务分解表"), st.sampled_from(NASTY).map(clean), st.none()),
)
def test_the_annex_workbook_with_any_cells_gives_chinese_errors_never_an_exception(edits, title):
    book = openpyxl.Workbook()
    annex_sheet(book.active, plan_rows(), title=title)
    for (r, c), value in edits.items():
        try:
            book.active.cell(r, c).value = value
        except AttributeError:  # a merged cell's hidden part: Excel would not let one type there either
            continue
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_xlsx(buffer.getvalue(), year=2023)
    assert_chinese(result.errors)


@pytest.fixture(scope="module")
def annex_bytes():
    book = openpyxl.Workbook()
    annex_sheet(book.active, plan_rows())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@fuzz_settings(max_examples=40)
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_damaged_annex_workbook_gives_a_chinese_error(annex_bytes, edits):
    result = parse_file("plan.xlsx", mutate(annex_bytes, edits), year=2023)
    assert_chinese(result.errors)


# --- the records ledger (projects) ----------------------------------------------------------------------------------


@fuzz_settings(max_examples=50)
@given(data=st.one_of(st.binary(max_size=4096), st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b)))
def test_the_ledger_reader_answers_random_bytes_with_a_chinese_error(data):
    ledger = read_ledger(data)
    assert ledger.errors
    assert_chinese(ledger.errors)


def ledger_sheets():
    """The template's four sheets: its header (sometimes one column renamed or dropped) and example rows whose
    cells are each kept or replaced by anything."""

    def sheet(name):
        header = _ORDER[name]
        row = st.tuples(*[st.one_of(st.just(v), st.just(v), CELL) for v in EXAMPLE[name][0]])
        heads = st.one_of(st.just(header), st.lists(st.sampled_from([*header, "项目编号", "", "金额"]), max_size=8))
        return st.tuples(heads, st.lists(row.map(list), min_size=0, max_size=4))

    return st.fixed_dictionaries({name: sheet(name) for name in _ORDER}).map(
        lambda d: {name: [list(head), *rows] for name, (head, rows) in d.items()}
    )


@fuzz_settings(max_examples=40)
@given(sheets=ledger_sheets())
def test_the_ledger_with_any_cells_gives_chinese_errors_never_an_exception(db, world, sheets):
    try:
        data = workbook_bytes(sheets)
    except (ValueError, TypeError):  # openpyxl will not write such a cell: no file of ours can hold it
        assume(False)
    ledger = read_ledger(data)
    assert_chinese(ledger.errors)
    result = import_ledger(ledger, by=world["users"]["auditor"], source="fuzz.xlsx", dry_run=True)
    assert_chinese(result.errors)
    assert_chinese(result.warnings)


@fuzz_settings(max_examples=30)
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_damaged_ledger_gives_a_chinese_error(db, world, edits):
    from projects.ledger import template_workbook

    ledger = read_ledger(mutate(template_workbook(), edits))
    assert_chinese(ledger.errors)
    result = import_ledger(ledger, by=world["users"]["auditor"], source="fuzz.xlsx", dry_run=True)
    assert_chinese(result.errors)


# --- crashes the fuzzing found, kept as plain examples ------------------------------------------------------------


def test_a_ledger_amount_too_large_to_round_is_refused_in_chinese():
    """1e309 is a finite Decimal with too many digits to quantize: _amount raised InvalidOperation."""
    header, row = _ORDER["projects"], list(EXAMPLE["projects"][0])
    row[header.index("total_investment_yi")] = "1e309"
    ledger = read_ledger(workbook_bytes({"projects": [header, row]}))
    assert [e.message for e in ledger.errors] == ["金额 1e309 亿元不合常理，请核对单位（亿元）"]


def test_an_annex_amount_typed_as_a_huge_number_is_refused_in_chinese():
    """A float cell of 1e300 was quantized before the size check: parse_amount raised InvalidOperation."""
    book = openpyxl.Workbook()
    where = annex_sheet(book.active, plan_rows())
    book.active.cell(where["生态旅游/县文化旅游委"], 4).value = 1e300
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_xlsx(buffer.getvalue(), year=2023)
    assert any("金额过大" in str(e) for e in result.errors)


def test_a_ledger_damaged_inside_a_sheet_is_refused_in_chinese():
    """A corrupt deflate stream inside a sheet passed load_workbook (read-only mode reads lazily) and raised
    zlib.error while the rows were read."""
    import zipfile

    from projects.ledger import template_workbook

    source = zipfile.ZipFile(io.BytesIO(template_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
    data = bytearray(buffer.getvalue())
    sheet = data.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")  # its local header's name
    data[sheet : sheet + 8] = b"\xff" * 8  # the start of the compressed sheet
    ledger = read_ledger(bytes(data))
    assert [e.message for e in ledger.errors][0].startswith("不是有效的 Excel .xlsx 文件")
