"""The enterprise import (INTERCHANGE.md §5) fuzzed as the ledger is: random bytes, damaged files and any cells give
Chinese errors and never an exception; a dry run keeps nothing."""

from hypothesis import assume, given
from hypothesis import strategies as st

from enterprises.interchange import EXPORT_COLUMNS, import_workbook, read_workbook
from enterprises.models import ChainLink, TargetEnterprise
from enterprises.views.upload import EXAMPLE
from tests.security.fuzzkit import fuzz_settings
from tests.security.test_import_fuzzing import CELL, assert_chinese, mutate, workbook_bytes

HEADERS = {sheet: [c for c in columns if c != "last_contact"] for sheet, columns in EXPORT_COLUMNS.items()}


@fuzz_settings(max_examples=40)
@given(data=st.one_of(st.binary(max_size=2048), st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b)))
def test_the_enterprise_reader_answers_random_bytes_with_a_chinese_error(data):
    book = read_workbook(data)
    assert book.errors
    assert_chinese(book.errors)


def sheets():
    def sheet(name):
        header = HEADERS[name]
        row = st.tuples(*[st.one_of(st.just(v), st.just(v), CELL) for v in EXAMPLE[name][0]])
        heads = st.one_of(st.just(header), st.lists(st.sampled_from([*header, "企业名称", "", "环节"]), max_size=10))
        return st.tuples(heads, st.lists(row.map(list), max_size=4))

    return st.fixed_dictionaries({name: sheet(name) for name in HEADERS}).map(
        lambda d: {name: [list(head), *rows] for name, (head, rows) in d.items()}
    )


@fuzz_settings(max_examples=40)
@given(sheets=sheets())
def test_the_enterprise_workbook_with_any_cells_gives_chinese_errors_never_an_exception(db, world, sheets):
    try:
        data = workbook_bytes(sheets)
    except (ValueError, TypeError):  # openpyxl will not write such a cell
        assume(False)
    before = (TargetEnterprise.objects.count(), ChainLink.objects.count())
    book = read_workbook(data)
    assert_chinese(book.errors)
    result = import_workbook(book, by=world["users"]["auditor"], source="fuzz.xlsx", dry_run=True)
    assert_chinese(result.errors)
    assert (TargetEnterprise.objects.count(), ChainLink.objects.count()) == before


@fuzz_settings(max_examples=20)
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_damaged_enterprise_workbook_gives_a_chinese_error(db, world, edits):
    book = read_workbook(mutate(workbook_bytes({s: [HEADERS[s], *EXAMPLE[s]] for s in HEADERS}), edits))
    assert_chinese(book.errors)
    assert_chinese(import_workbook(book, by=world["users"]["auditor"], dry_run=True).errors)
