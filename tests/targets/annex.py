"""Workbooks in the layout of Annex 1 as a person would type it from the printed plan: a title, one header row,
merged 类别 and 牵头领导 cells, padded names (王  军), several leaders in one cell, the rows outside any sector at
the end, no 单位类型 column and no 合计 row. Tests change cells of it to make every kind of bad file."""

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from openpyxl import Workbook

PLAN_CSV = Path(__file__).resolve().parents[2] / "targets" / "data" / "targets_2023.csv"


def plan_rows() -> list[dict]:
    with PLAN_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pad(name: str) -> str:
    return f"{name[0]}  {name[1]}" if len(name) == 2 else name


def annex_sheet(ws, rows=None, *, title="2023年招商引资目标任务分解表", first_row=3, subheader=False):
    """Writes the table onto ``ws``; returns {"sector/unit": row number}. With ``subheader`` the header takes two
    rows (单位目标 | 类别合计 under each amount), as the export writes it."""
    rows = rows if rows is not None else plan_rows()
    if title:
        ws["A1"] = title
        ws.merge_cells("A1:G1")
    header = first_row - (2 if subheader else 1)
    for c, text in enumerate(["类别", "牵头领导", "责任单位", "签约资金（亿元）", None, "到位资金（亿元）", None], 1):
        ws.cell(header, c, text)
    ws.merge_cells(start_row=header, start_column=4, end_row=header, end_column=5)
    ws.merge_cells(start_row=header, start_column=6, end_row=header, end_column=7)
    if subheader:
        for c, text in enumerate(["单位目标", "类别合计", "单位目标", "类别合计"], 4):
            ws.cell(header + 1, c, text)
        for c in (1, 2, 3):
            ws.merge_cells(start_row=header, start_column=c, end_row=header + 1, end_column=c)
    where = {}
    r = first_row
    for sector, group in groupby(rows, key=lambda row: row["sector"]):
        group = list(group)
        top = r
        for row in group:
            ws.cell(r, 3, row["unit"])
            signed, funded = Decimal(row["signed_target_yi"]), Decimal(row["funded_target_yi"])
            ws.cell(r, 4, float(signed) if signed else None)  # Annex 1 leaves 工贸园区管委会's 科技金融 blank
            ws.cell(r, 6, float(funded))
            if not sector:
                ws.cell(r, 5, float(signed))
                ws.cell(r, 7, float(funded))
            where[f"{sector}/{row['unit']}"] = r
            r += 1
        if sector:
            ws.cell(top, 1, sector)
            ws.cell(top, 5, float(sum(Decimal(x["signed_target_yi"]) for x in group)))
            ws.cell(top, 7, float(sum(Decimal(x["funded_target_yi"]) for x in group)))
            if len(group) > 1:
                for c in (1, 5, 7):
                    ws.merge_cells(start_row=top, start_column=c, end_row=r - 1, end_column=c)
        # Leaders: one merged cell over consecutive rows with the same leaders, names padded and on separate lines.
        i = top
        for leaders, same in groupby(group, key=lambda row: row["leaders"]):
            n = len(list(same))
            ws.cell(i, 2, "\n".join(pad(name) for name in leaders.split(";")))
            if n > 1 and sector:
                ws.merge_cells(start_row=i, start_column=2, end_row=i + n - 1, end_column=2)
            i += n
    return where


def annex_workbook(change: Callable | None = None, **kw) -> bytes:
    """The Annex as bytes; ``change(ws, where)`` edits it first."""
    wb = Workbook()
    ws = wb.active
    ws.title = "附件1"
    where = annex_sheet(ws, **kw)
    if change:
        change(ws, where)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def last_row(ws) -> int:
    return max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value)
