"""The ledger's vocabulary (INTERCHANGE.md §2): its sheets and columns, the names people give them, the values its
choice columns take."""

from projects.models import ContractKind, FundsSource, ProjectKind, Status

SHEETS = ("projects", "contracts", "starts", "funds")
SHEET_ALIASES = {
    "项目": "projects",
    "项目库": "projects",
    "招商项目": "projects",
    "合同": "contracts",
    "签约合同": "contracts",
    "开工": "starts",
    "项目开工": "starts",
    "到位资金": "funds",
    "资金": "funds",
}
COLUMNS = {
    "projects": {
        "required": ["code", "name", "investor", "kind", "total_investment_yi", "credits"],
        "optional": ["credit_code", "investor_tags", "major", "sector", "town", "fai", "service_kind"],
    },
    "contracts": {"required": ["project_code", "kind", "signed_on", "amount_yi"], "optional": ["status"]},
    "starts": {"required": ["project_code", "started_on"], "optional": ["status"]},
    "funds": {"required": ["project_code", "month", "amount_yi", "source"], "optional": ["status"]},
}
COLUMN_ALIASES = {
    "项目编号": "code",
    "项目名称": "name",
    "投资企业": "investor",
    "企业名称": "investor",
    "统一社会信用代码": "credit_code",
    "企业标签": "investor_tags",
    "生产性服务业类别": "service_kind",
    "项目类型": "kind",
    "合同类型": "kind",
    "重大项目": "major",
    "类别": "sector",
    "落地乡镇": "town",
    "乡镇": "town",
    "总投资（亿元）": "total_investment_yi",
    "总投资(亿元)": "total_investment_yi",
    "总投资": "total_investment_yi",
    "纳入固投统计": "fai",
    "纳入固定资产投资统计": "fai",
    "招商单位及分成": "credits",
    "招商单位": "credits",
    "签约日期": "signed_on",
    "合同金额（亿元）": "amount_yi",
    "合同金额(亿元)": "amount_yi",
    "金额（亿元）": "amount_yi",
    "金额(亿元)": "amount_yi",
    "到位资金（亿元）": "amount_yi",
    "到位资金(亿元)": "amount_yi",
    "状态": "status",
    "开工日期": "started_on",
    "月份": "month",
    "数据来源": "source",
}
YES = {"yes", "y", "true", "1", "是", "√"}
NO = {"no", "n", "false", "0", "否", ""}
STATUS_VALUES = {
    "": Status.CONFIRMED,
    "draft": Status.DRAFT,
    "草稿": Status.DRAFT,
    "submitted": Status.SUBMITTED,
    "待审核": Status.SUBMITTED,
    "已提交": Status.SUBMITTED,
    "confirmed": Status.CONFIRMED,
    "已认定": Status.CONFIRMED,
    "returned": Status.RETURNED,
    "已退回": Status.RETURNED,
}


def _choices(enum, extra=None) -> dict:
    values = {v: v for v in enum.values}
    values.update({label: v for v, label in enum.choices})
    values.update(extra or {})
    return values


PROJECT_KINDS = _choices(ProjectKind, {"制造业": "manufacturing", "生产性服务业": "producer_service"})
CONTRACT_KINDS = _choices(ContractKind, {"意向协议": "intention", "战略合作": "strategic"})
FUNDS_SOURCES = _choices(FundsSource, {"统计": "statistics", "银行": "bank", "其他": "other"})
# Model fields named in service messages → ledger columns.
FIELD_COLUMNS = {
    "amount": "amount_yi",
    "total_investment": "total_investment_yi",
    "investor_name": "investor",
    "credits": "credits",
    "credit_code": "credit_code",
    "in_fai_statistics": "fai",
    "is_major": "major",
}
