"""The audit log as CSV (streamed, any size) or xlsx (up to XLSX_MAX_ROWS rows)."""

import csv
import datetime as dt
import io
import json

from django.utils import timezone

from audit.labels import action_label
from core.xlsx import append_row, defuse_formula

HEADERS = [
    "编号",
    "时间（UTC）",
    "时间（北京时间）",
    "用户名",
    "地址",
    "操作代码",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "结果",
    "详情",
]
XLSX_MAX_ROWS = 100_000


def _cell(value):
    """Text a spreadsheet will not run as a formula, in the CSV too (CSV injection)."""
    return defuse_formula("" if value is None else str(value))


def rows(events):
    for e in events.iterator(chunk_size=2000):
        yield [
            e.pk,
            e.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            _cell(e.username),
            e.ip or "",
            _cell(e.action),
            action_label(e.action),
            _cell(e.object_type),
            _cell(e.object_id),
            _cell(e.object_repr),
            e.get_outcome_display(),
            _cell(json.dumps(e.detail, ensure_ascii=False, sort_keys=True)) if e.detail else "",
        ]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(events):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV as Chinese only with a byte-order mark
    yield writer.writerow(HEADERS)
    for row in rows(events):
        yield writer.writerow(row)


def xlsx_bytes(events) -> bytes:
    from openpyxl import Workbook  # on the first export, not at start-up

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    append_row(sheet, HEADERS)
    for row in rows(events[:XLSX_MAX_ROWS]):
        append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
