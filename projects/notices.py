"""提示: what is unusual but can be true (INTERCHANGE.md §2). The record is saved; the ledger output, its preview and
the record forms show the message (a form asks the user to confirm it first). Errors stay in services.validate_record.
"""

from decimal import Decimal


def _yi(value: Decimal) -> str:
    return f"{value.normalize():f}"


def record_notices(kind: str, record) -> list[str]:
    """A formal contract or a month's statistics figure above the project's total investment (a later phase, a
    revised total); a bank voucher on a project in fixed-asset-investment statistics, whose figure the method
    counts instead. Non-formal agreements may exceed the total without any message."""
    project = getattr(record, "project", None)
    amount = getattr(record, "amount", None)
    if project is None or amount is None:
        return []
    total = project.total_investment
    notices = []
    if kind == "contract" and record.kind == "formal" and total and amount > total:
        notices.append(
            f"正式合同金额 {_yi(amount)} 亿元超过项目总投资 {_yi(total)} 亿元（后续期次或总投资已调整？请核实）"
        )
    if kind == "funds" and record.source == "statistics" and total and amount > total:
        notices.append(f"统计部门当月到位资金 {_yi(amount)} 亿元超过项目总投资 {_yi(total)} 亿元，请核实")
    if kind == "funds" and record.source == "bank" and project.in_fai_statistics:
        notices.append(
            "该项目纳入固定资产投资统计，考核办法按统计部门认定的完成投资计算：此银行凭证记录请审核员核对统计数据"
        )
    return notices


def investment_ceiling(year) -> Decimal | None:
    """Above this a project's total investment is implausible: the year's setting, else its county-wide signed
    target."""
    ceiling = getattr(year, "investment_ceiling", None) or getattr(year, "county_signed_target", None)
    return ceiling or None


def project_notices(*, total_investment: Decimal, year) -> list[str]:
    ceiling = investment_ceiling(year)
    if ceiling and total_investment and total_investment > ceiling:
        return [
            f"项目总投资 {_yi(total_investment)} 亿元超过 {_yi(ceiling)} 亿元（{year.year}年合理上限，"
            "默认为全县正式合同额目标），请核实金额单位（亿元）"
        ]
    return []
