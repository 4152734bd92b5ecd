"""A blank ledger to start from: the four sheets with their headers (§2) and one example row each."""

import io

from core.xlsx import append_row
from projects.ledger.columns import SHEETS

EXAMPLE = {
    "projects": [
        [
            "WS-2023-001",
            "示例：文旅综合体项目",
            "重庆示例文旅有限公司",
            "91330100716105852F",
            "china500",
            "other",
            "no",
            "生态旅游",
            "",
            "30",
            "yes",
            "县文化旅游委:60;旅发集团:40",
        ],
    ],  # fmt: skip
    "contracts": [["WS-2023-001", "formal", "2023-03-15", "10", "confirmed"]],
    "starts": [["WS-2023-001", "2023-05-01", "confirmed"]],
    "funds": [["WS-2023-001", "2023-05", "1.2", "bank", "confirmed"]],
}


def template_workbook() -> bytes:
    """The four sheets with their headers (§2) and one example row each, to be replaced by the real ledger."""
    import openpyxl  # ~0.3 s: loaded when the template is asked for, not at every start

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        append_row(ws, _ORDER[sheet])
        for row in EXAMPLE[sheet]:
            append_row(ws, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_ORDER = {
    "projects": ["code", "name", "investor", "credit_code", "investor_tags", "kind", "major", "sector", "town",
                 "total_investment_yi", "fai", "credits"],
    "contracts": ["project_code", "kind", "signed_on", "amount_yi", "status"],
    "starts": ["project_code", "started_on", "status"],
    "funds": ["project_code", "month", "amount_yi", "source", "status"],
}  # fmt: skip
