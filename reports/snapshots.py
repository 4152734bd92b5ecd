"""What a published notice or review pack keeps of its figures (``PublishedDocument.snapshot``): plain JSON, Decimals
as strings, dates ISO, so its page, PDF and workbook read the same forever (as a bulletin's snapshot does).

    table_json(table) → dict            json_table(dict) → Table   (the same cells, the same Decimals)
    dec(Decimal("1.50")) → "1.50"      undec("1.50") → Decimal("1.50")
"""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

from django.utils.safestring import mark_safe

from core.tables import KINDS, Column, HeaderCell, Row, Table, Value


def dec(value) -> str | None:
    return None if value is None else str(value)


def undec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def unday(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def band_json(band) -> dict | None:
    return None if band is None else {"code": band.code, "label": band.label, "colour": band.colour}


def json_band(data: dict | None):
    return None if data is None else SimpleNamespace(**data)


def progress_json(p) -> dict:
    """A ``scoring.rules.Progress`` as the templates read it."""
    return {
        "label": p.label,
        "actual": dec(p.actual),
        "target": dec(p.target),
        "completion": dec(p.completion),
        "progress": dec(p.progress),
        "gap_points": dec(p.gap_points),
        "expected": dec(p.expected),
        "band": band_json(p.band),
    }


def json_progress(data: dict) -> SimpleNamespace:
    return SimpleNamespace(
        label=data["label"],
        band=json_band(data["band"]),
        **{k: undec(data[k]) for k in ("actual", "target", "completion", "progress", "gap_points", "expected")},
    )


def svg(text: str) -> str:
    """A chart kept as its SVG markup (the same picture, byte for byte)."""
    return mark_safe(text)  # noqa: S308 — our own chart markup, stored as rendered


def _cell_json(value):
    if isinstance(value, Value):
        return {
            "v": _cell_json(value.value),
            **{k: getattr(value, k) for k in ("text", "fill", "font_colour", "bold", "colspan", "rowspan")},
        }
    if isinstance(value, Decimal):
        return {"d": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _json_cell(data):
    if isinstance(data, dict):
        if "d" in data:
            return Decimal(data["d"])
        if "date" in data:
            return dt.date.fromisoformat(data["date"])
        return Value(_json_cell(data["v"]), **{k: v for k, v in data.items() if k != "v"})
    return data


def table_json(table: Table) -> dict:
    for column in table.columns:
        assert column.kind in KINDS, column.kind
    return {
        "title": table.title,
        "columns": [[c.key, c.title, c.kind, c.width] for c in table.columns],
        "rows": [{"cells": [_cell_json(v) for v in r.cells], "kind": r.kind} for r in table.rows],
        "header": None
        if table.header is None
        else [[[h.text, h.colspan, h.rowspan] for h in line] for line in table.header],
        "unit": table.unit,
        "number": table.number,
        "notes": list(table.notes),
        "sheet_name": table.sheet_name,
        "meta": {k: v for k, v in table.meta.items() if isinstance(v, str | int | bool | list | type(None))},
    }


def json_table(data: dict) -> Table:
    return Table(
        title=data["title"],
        columns=[Column(*c) for c in data["columns"]],
        rows=[Row([_json_cell(v) for v in r["cells"]], kind=r["kind"]) for r in data["rows"]],
        header=None if data["header"] is None else [[HeaderCell(*h) for h in line] for line in data["header"]],
        unit=data["unit"],
        number=data["number"],
        notes=data["notes"],
        sheet_name=data["sheet_name"],
        meta=data["meta"],
    )


def tables_json(tables: dict[str, Table]) -> dict:
    return {name: table_json(t) for name, t in tables.items()}


def json_tables(data: dict) -> dict[str, Table]:
    return {name: json_table(t) for name, t in data.items()}


def xlsx_bytes(tables, created: dt.datetime) -> bytes:
    """A published version's workbook, byte for byte the same on every download: its tables from the snapshot, the
    workbook dated ``created`` (the snapshot's computation time) and every zip entry and the "modified" property dated
    that moment too (openpyxl dates them with the clock)."""
    import io
    import zipfile

    from core.xlsx import tables_workbook, workbook_bytes

    moment = created.astimezone(dt.UTC).replace(tzinfo=None)
    raw = workbook_bytes(tables_workbook(list(tables), created=moment))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl dates "modified" with the clock when it saves
                stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
                )
            target.writestr(fixed, data)
    return out.getvalue()
