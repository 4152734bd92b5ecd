"""Validating a ledger row, cell by cell: one parser per column of each sheet, each raising ValueError with the
Chinese reason (amounts, dates and months by core.spreadsheet's rules, docs/imports.md). No database."""

import re
from decimal import Decimal, InvalidOperation

from core.formatting import plain
from core.spreadsheet import normalise_name, read_amount, read_date, read_month, read_text
from core.validators import NAME_MAX, NOTE_MAX, date_problem, text_problem
from projects.ledger.columns import CONTRACT_KINDS, FUNDS_SOURCES, NO, PROJECT_KINDS, STATUS_VALUES, YES
from projects.models import Status


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"应为 yes 或 no，而不是“{value}”")


def _choice(value, choices: dict, what: str) -> str:
    text = read_text(value)
    if text in choices:
        return choices[text]
    if text.lower() in choices:
        return choices[text.lower()]
    allowed = "、".join(v for v in dict.fromkeys(choices.values()) if v)
    raise ValueError(f"未知的{what}“{text}”，应为 {allowed} 之一")


def _checked(text: str, max_length: int) -> str:
    """The input rules of the pages (core/validators.py): no control characters, the field's maximum length."""
    problem = text_problem(text, max_length=max_length)
    if problem:
        raise ValueError(problem)
    return text


def _not_too_early(day):
    problem = date_problem(day)
    if problem:
        raise ValueError(problem)
    return day


def _date(value):
    return _not_too_early(read_date(value))


def _month(value):
    return _not_too_early(read_month(value))


def _name(value) -> str | None:
    return normalise_name(_checked(read_text(value), 100)) or None


def _credits(value) -> list[tuple[str, Decimal]]:
    text = _checked(read_text(value), NOTE_MAX)
    if not text:
        raise ValueError("招商单位不能为空")
    parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    credits = []
    for part in parts:
        name, sep, share = re.split(r"([:：])", part, maxsplit=1) if re.search(r"[:：]", part) else (part, "", "")
        name = normalise_name(name)
        if not sep:
            if len(parts) > 1:
                raise ValueError(f"联合招商须写明每个单位的分成比例，如“单位A:60;单位B:40”（“{part}”没有比例）")
            credits.append((name, Decimal("100")))
            continue
        try:
            share_value = Decimal(share.strip().rstrip("%％"))
        except InvalidOperation:
            raise ValueError(f"“{part}”的分成比例不是数字") from None
        if not share_value.is_finite() or share_value <= 0 or share_value > 100:
            raise ValueError(f"“{part}”的分成比例应在0到100之间")
        credits.append((name, share_value))
    names = [n for n, _ in credits]
    if len(set(names)) != len(names):
        raise ValueError("同一单位不能重复列出")
    total = sum((s for _, s in credits), Decimal("0"))
    if total != 100:
        raise ValueError(f"各单位分成比例之和必须为100，现为{plain(total)}")
    return credits


def _required(what: str, max_length: int = NAME_MAX):
    def parse(value) -> str:
        text = _checked(read_text(value), max_length)
        if not text:
            raise ValueError(f"{what}不能为空")
        return text

    return parse


def _tags(value) -> list[str] | None:
    """The tags given, or None for an empty cell: "not given", which never clears the tags the system holds."""
    tags = [t.strip() for t in re.split(r"[;；,，、]", _checked(read_text(value), NOTE_MAX)) if t.strip()]
    return tags or None


CELL_PARSERS = {
    "projects": {
        "code": _required("项目编号", 40),
        "name": _required("项目名称"),
        "investor": _required("投资企业"),
        "credit_code": lambda v: _checked(read_text(v), 18).upper(),
        "investor_tags": _tags,
        "kind": lambda v: _choice(v, PROJECT_KINDS, "项目类型"),
        "major": _yes_no,
        "sector": _name,
        "town": _name,
        "total_investment_yi": read_amount,
        "fai": _yes_no,
        "credits": _credits,
        "service_kind": lambda v: read_text(v) or None,
    },
    "contracts": {
        "project_code": _required("项目编号", 40),
        "kind": lambda v: _choice(v, CONTRACT_KINDS, "合同类型"),
        "signed_on": _date,
        "amount_yi": read_amount,
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
    "starts": {
        "project_code": _required("项目编号", 40),
        "started_on": _date,
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
    "funds": {
        "project_code": _required("项目编号", 40),
        "month": _month,
        "amount_yi": read_amount,
        "source": lambda v: _choice(v, FUNDS_SOURCES, "数据来源"),
        "status": lambda v: _choice(v, STATUS_VALUES, "状态"),
    },
}
DEFAULTS = {"major": False, "fai": False, "status": Status.CONFIRMED, "credit_code": "", "investor_tags": None}
