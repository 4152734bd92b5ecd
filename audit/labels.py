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
