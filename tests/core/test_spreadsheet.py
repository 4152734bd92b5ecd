"""core.spreadsheet: one rule for the cells both importers read (the breakdown table and the records ledger)."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import spreadsheet
from core.spreadsheet import (
    MAX_AMOUNT,
    UnreadableWorkbook,
    check_xlsx,
    read_amount,
    read_date,
    read_month,
    read_sheets,
    read_text,
)
from projects.ledger import _ORDER, EXAMPLE, read_ledger
from targets.importing import parse_xlsx
from targets.importing.rows import parse_amount
from tests.targets.annex import annex_workbook


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


def ledger_amount(value):
    """The ledger's reading of a project's 总投资 cell holding ``value``: the amount, or the error message."""
    header, row = _ORDER["projects"], list(EXAMPLE["projects"][0])
    row[header.index("total_investment_yi")] = value
    ledger = read_ledger(workbook_bytes({"projects": [header, row]}))
    if ledger.errors:
        return [e.message for e in ledger.errors]
    return ledger.rows["projects"][0].values["total_investment_yi"]


def plan_amount(value):
    try:
        return parse_amount(value)
    except ValueError as exc:
        return [str(exc)]


ACCEPTED = [
    ("30", Decimal("30")),
    ("1,234.5", Decimal("1234.5")),
    (0.1 + 0.2, Decimal("0.3")),  # a number cell of =0.1+0.2: Excel's binary noise is not a fifth place
    (12.3456, Decimal("12.3456")),
    (7, Decimal("7")),
    ("9999999999.9999", Decimal("9999999999.9999")),
]
REFUSED = ["0.1+0.2", "=0.1+0.2", "三十", "1e10", 1e10, "10000000000", "-1", "0.00001", "nan", "inf", 1e300, "1e309"]


@pytest.mark.parametrize(("value", "amount"), ACCEPTED)
def test_both_importers_accept_the_same_amounts(db, value, amount):
    assert read_amount(value) == amount
    assert plan_amount(value) == amount
    assert ledger_amount(value) == amount


@pytest.mark.parametrize("value", REFUSED)
def test_both_importers_refuse_the_same_amounts_in_chinese(db, value):
    with pytest.raises(ValueError):
        read_amount(value)
    assert isinstance(plan_amount(value), list)
    assert isinstance(ledger_amount(value), list)


def test_formula_like_text_is_not_a_number():
    with pytest.raises(ValueError, match="不是数字"):
        read_amount("0.1+0.2")


def test_an_amount_that_does_not_fit_the_column_is_refused_as_implausible():
    assert read_amount(str(MAX_AMOUNT - Decimal("0.0001"))) == MAX_AMOUNT - Decimal("0.0001")
    with pytest.raises(spreadsheet.AmountTooLarge, match="请核对单位"):
        read_amount(str(MAX_AMOUNT))


def test_a_blank_amount_is_what_the_importer_says_or_refused():
    assert read_amount("  ", blank=Decimal("0")) == 0
    with pytest.raises(ValueError, match="金额不能为空"):
        read_amount(None)


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT - 1, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_written_with_at_most_four_places_reads_back_exactly(amount):
    assert read_amount(f"{amount:f}") == amount


def test_dates_and_months_read_from_text_or_real_date_cells():
    assert (
        read_date("2023-03-15")
        == read_date("2023年3月15日")
        == read_date(dt.datetime(2023, 3, 15, 8))
        == dt.date(2023, 3, 15)
    )
    assert read_month("2023-05") == read_month("2023年5月") == read_month(dt.date(2023, 5, 20)) == dt.date(2023, 5, 1)
    for bad, reader, message in [
        ("2023-02-30", read_date, "不是有效日期"),
        ("明天", read_date, "不是日期"),
        ("2023-13", read_month, "不是月份"),
        ("", read_month, "月份不能为空"),
    ]:
        with pytest.raises(ValueError, match=message):
            reader(bad)
    assert read_text(2023.0) == "2023" and read_text("  县交通局 ") == "县交通局" and read_text(None) == ""


def zip_bomb() -> bytes:
    """A real workbook with one more member that unpacks past the limit."""
    buffer = io.BytesIO(annex_workbook())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (spreadsheet.MAX_UNZIPPED + 1))
    return buffer.getvalue()


def test_both_importers_refuse_a_workbook_that_unpacks_too_large(db):
    data = zip_bomb()
    with pytest.raises(UnreadableWorkbook, match="解压后过大"):
        check_xlsx(data, keep="一张工作表")
    assert "解压后过大" in str(parse_xlsx(data, year=2023).errors[0])
    assert "解压后过大" in read_ledger(data).errors[0].message


def test_both_importers_name_an_old_xls_file(db):
    data = spreadsheet.OLE2_MAGIC + b"\0" * 64
    assert "旧版 Excel（.xls）" in str(parse_xlsx(data, year=2023).errors[0])
    assert "旧版 Excel（.xls）" in read_ledger(data).errors[0].message


def test_read_sheets_reads_only_the_sheets_picked():
    data = workbook_bytes({"项目": [["a"], [1]], "其他": [["b"]]})
    assert read_sheets(data, keep="x", pick=lambda t: "projects" if t == "项目" else None) == {
        "projects": [("a",), (1,)]
    }
