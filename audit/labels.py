"""Chinese names of the audit actions. Codes not listed are shown as they are (e.g. `contract.confirm`)."""

ACTION_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.login_locked": "锁定期间尝试登录",
    "auth.lockout": "账号锁定",
    "auth.password_change": "修改密码",
    "auth.otp_enrol": "启用双因素认证",
    "auth.otp_verify": "双因素认证通过",
    "account.unlock": "解除登录锁定",
    "account.otp_reset": "重置双因素认证",
    "access.denied": "越权访问被拒绝",
    "admin.add": "后台新增",
    "admin.change": "后台修改",
    "admin.delete": "后台删除",
    "auditlog.export": "导出审计日志",
    "auditlog.purge": "清理过期审计日志",
    "backup.create": "备份",
    "backup.restore": "恢复",
    "evidence.attach": "上传佐证材料",
    "evidence.remove": "撤下佐证材料",
}

SUBJECTS = {
    "contract": "签约合同",
    "start": "项目开工",
    "funds": "资金到位",
    "activity": "招商活动",
    "report": "月度工作情况",
    "project": "项目",
    "evidence": "佐证材料",
    "targets": "目标任务分解表",
}

VERBS = {
    "create": "创建",
    "edit": "修改",
    "update": "修改",
    "submit": "提交",
    "return": "退回",
    "confirm": "认定",
    "correct": "发起更正",
    "attach": "上传佐证",
    "import": "导入",
}


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    subject, _, verb = action.rpartition(".")
    if verb not in VERBS:
        return action
    return f"{SUBJECTS.get(subject, subject)}{VERBS[verb]}"


# --- the detail of an event, for people ----------------------------------------------------------------------------
# The stored detail keeps its codes (exports carry the JSON as it is); the page names each key in Chinese and writes
# each value as words. A key not listed is shown as it is.

DETAIL_LABELS = {
    "second_factor": "第二因素",
    "factor": "认证方式",
    "failures": "失败次数上限",
    "minutes": "锁定分钟",
    "late": "逾期报送",
    "reason": "原因",
    "changes": "改动",
    "supersedes": "更正的原记录",
    "sha256": "SHA-256",
    "record": "所属记录",
    "status": "状态",
    "ledger": "台账",
    "source": "来源",
    "rows": "行数",
    "changed": "新增或变更行数",
    "removed": "删除行数",
    "created_year": "新建年度",
    "created": "新建",
    "existing": "已存在",
    "path": "访问地址",
    "method": "请求方式",
    "capabilities": "所需权限",
    "credits": "招商单位及分成",
    "before": "改动前",
    "after": "改动后",
    "credit_code": "统一社会信用代码",
    "number": "版本",
    "from": "原版本",
    "to": "新版本",
    "units": "单位",
    "unit": "单位",
    "month": "月份",
    "criterion": "考核内容",
    "expires_at": "有效期至",
    "ratings": "评分",
    "scores": "各项得分",
    "total": "总分",
    "note": "说明",
    "as_of": "数据截至",
    "problems": "存在问题（字数）",
    "next_steps": "下步工作（字数）",
    "was_expired": "因密码过期而修改",
    "had_device": "原已绑定验证器",
    "attempts_cleared": "清除失败记录数",
    "format": "格式",
    "filters": "筛选条件",
    "day": "日期",
    "mailed": "已发邮件",
    "files": "文件数",
    "deleted": "删除条数",
    "retention_days": "保留天数",
    "model": "数据表",
}

VALUE_LABELS = {
    ("second_factor", "none"): "无需",
    ("second_factor", "verify"): "待输入验证码",
    ("second_factor", "setup"): "待启用",
}


def detail_text(key: str, value) -> str:
    if isinstance(value, str) and (key, value) in VALUE_LABELS:
        return VALUE_LABELS[(key, value)]
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return "；".join(f"{DETAIL_LABELS.get(str(k), k)}：{detail_text(str(k), v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(detail_text(key, v) for v in value)
    return str(value)


def detail_lines(detail) -> list[tuple[str, str]]:
    """An event's detail as (label, text) lines for the page."""
    if not isinstance(detail, dict):
        return [("", detail_text("", detail))] if detail else []
    return [(DETAIL_LABELS.get(str(k), str(k)), detail_text(str(k), v)) for k, v in detail.items()]
