"""Fixtures of the filing tests: a project of the filer's unit, files of each kind, ledgers as workbooks."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import PDF_BYTES, make_project

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def ofd_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


def workbook(sheets: dict) -> bytes:
    """An .xlsx with one sheet per entry: {"projects": [header, row, …]}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def in_2023():
    """Mid-2023, inside the plan year: 20 June 2023, 10:00 in Wushan."""
    with time_machine.travel(dt.datetime(2023, 6, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield dt.date(2023, 6, 20)


@pytest.fixture
def project(filer):
    return make_project(by=filer, code="WS-001", credits=[("县文化旅游委", 100)], total_investment="20")


@pytest.fixture
def other_project(other_filer):
    return make_project(by=other_filer, code="JT-001", credits=[("县交通局", 100)], investor="交通投资公司")


@pytest.fixture
def pdf():
    return upload("合同.pdf", PDF_BYTES, "application/pdf")
