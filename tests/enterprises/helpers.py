"""Workbooks in the §5 layout and valid credit codes, for the enterprise tests."""

import io

import openpyxl

from projects.validators import CREDIT_CODE_CHARS, credit_code_check_char

LINKS_HEADER = ["sector", "segment", "link", "role"]
ENTERPRISES_HEADER = ["name", "credit_code", "region", "sector", "link", "tags", "unit", "stage", "expected_yi", "note"]


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 numbered n."""
    body = f"91500237{n:09d}"
    assert all(c in CREDIT_CODE_CHARS for c in body)
    return body + credit_code_check_char(body)


def workbook_bytes(chain_links=None, enterprises=None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, rows in (
        ("chain_links", LINKS_HEADER, chain_links),
        ("enterprises", ENTERPRISES_HEADER, enterprises),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    if not book.sheetnames:
        book.create_sheet("Sheet1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CHAIN = [
    ["生态旅游", "上游", "旅游资源开发", "strength"],
    ["生态旅游", "中游", "高端酒店民宿", "gap"],
    ["生态旅游", "下游", "旅游营销服务", ""],
    ["生态工业", "上游", "新型建材", ""],
]


def targets_rows():
    return [
        ["华侨城集团有限公司", credit_code(1), "广东省深圳市", "生态旅游", "高端酒店民宿", "central_soe;china500",
         "县文化旅游委", "negotiating", "30", "拟建高端度假酒店"],
        ["携程旅行网", "", "上海市", "生态旅游", "旅游营销服务", "unicorn", "县文化旅游委", "contacted", "", ""],
        ["某建材科技有限公司", credit_code(2), "四川省成都市", "生态工业", "新型建材", "specialized_new;gazelle",
         "工贸园区管委会", "target", "5.5", ""],
        ["某暂停企业", "", "湖北省武汉市", "生态旅游", "", "", "县文化旅游委", "paused", "", "企业投资计划调整"],
    ]  # fmt: skip
