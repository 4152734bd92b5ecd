"""Chinese names of the audit actions and of the fields their details name. Every code the code base writes has a
name here (tests/audit/test_action_labels.py reads the sources and checks)."""

from django.apps import apps

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
    "investor.tags": "修改企业标签",
    "project.credits": "修改招商单位及分成",
    "attendance.record": "登记参加情况",
    "records.import": "导入台账",
    "year.create_historical": "新建历史考核年度",
    "unit.create_town": "新建乡镇（街道）",
    "reminders.send": "发送报送提醒",
    "targets.import": "导入目标任务分解表",
    "scheme.create": "建立考核方案初始版本",
    "scheme.update": "修改考核方案",
    "rating_link.issue": "生成企业评分链接",
    "rating.submit": "企业在线评分",
    "rating.enter": "录入纸质评分",
    "appraisal.finding": "记录实绩考核扣分",
    "appraisal.withdraw": "撤销实绩考核扣分",
    "bulletin.prepare": "生成月通报",
    "bulletin.recompute": "重新计算月通报",
    "bulletin.text": "修改月通报文字",
    "bulletin.publish": "发布月通报",
    "review.text": "修改季点评文号、印发日期及文字",
    "notice.publish": "发布考核结果公示",
    "notice.correct": "发布考核结果公示更正版",
    "review.publish": "发布季点评",
    "review.correct": "发布季点评更正版",
    "facts.propose": "提出计分信息变更申请",
    "facts.submit": "提交计分信息变更申请",
    "facts.return": "退回计分信息变更申请",
    "facts.confirm": "认定计分信息变更申请",
    "account.create_superuser": "命令行创建管理员账号",
    "enterprises.import": "导入目标企业",
    "target.contact": "记录目标企业对接",
    "target.convert": "目标企业转化为项目",
    "target.stage": "调整目标企业阶段",
    "target.tags": "修改目标企业标签",
    "unit.rename": "单位更名",
    "year.close": "关闭考核年度",
    "year.reopen": "重新开放考核年度",
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
    "investor": "投资企业",
    "required_event": "必参活动/培训",
    "attendance": "参加情况",
    "bulletin": "月通报",
    "rating_link": "企业评分链接",
    "rating": "保障单位评分",
    "appraisal": "实绩考核扣分",
    "scheme": "考核方案",
    "year": "考核年度",
    "unit": "单位",
    "target": "目标企业",
    "chain_link": "产业链环节",
    "ecosystem_node": "产业生态主体",
    "notice": "考核结果公示",
    "review": "季点评",
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
    "delete": "删除",
    "publish": "发布",
}

ADMIN_VERBS = {"add": "新增", "change": "修改", "delete": "删除"}


def _model_name(model_name: str) -> str:
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return str(model._meta.verbose_name)
    return model_name


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    parts = action.split(".")
    if len(parts) == 3 and parts[0] == "admin" and parts[2] in ADMIN_VERBS:
        return f"后台{ADMIN_VERBS[parts[2]]}{_model_name(parts[1])}"
    subject, _, verb = action.rpartition(".")
    if verb not in VERBS or subject not in SUBJECTS:
        return action
    return f"{SUBJECTS[subject]}{VERBS[verb]}"


def actions_named(text: str, codes) -> list[str]:
    """The codes among ``codes`` whose Chinese name contains ``text`` (the 操作 filter searches what the page shows)."""
    text = text.strip()
    return [code for code in codes if text and text in action_label(code)]


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
    "doc_number": "文号",
    "key": "文档标识",
    "version": "版本号",
    "issued_on": "印发日期",
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
    "attended": "已参加",
    "excused": "请假",
    "labels": "产业标签",
    "leaders": "县领导",
    "tags": "企业标签",
    "contact": "联系方式",
    "created_by": "创建人",
    "created_at": "创建时间",
    "updated_at": "修改时间",
    "content_type": "对象类型",
    "object_id": "对象编号",
    "row": "分解行",
    "leader": "县领导",
    "position": "顺序",
    "zero_target": "目标为0时的计分",
    "funds_rate_without_contracts": "当期无新签约时的资金到位率",
    "start_rate_without_signings": "近三年无签约时的开工率",
    "joint_split": "联合招商的计分",
}

VALUE_LABELS = {
    ("second_factor", "none"): "无需",
    ("second_factor", "verify"): "待输入验证码",
    ("second_factor", "setup"): "待启用",
}


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        return None


def detail_label(key: str, model=None) -> str:
    """A detail key in Chinese: the audit's own names first, then the field's name on the event's object."""
    if key in DETAIL_LABELS:
        return DETAIL_LABELS[key]
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a private field without a name
            return key
        return str(getattr(field, "verbose_name", key))
    return key


def detail_text(key: str, value, model=None) -> str:
    if isinstance(value, str) and (key, value) in VALUE_LABELS:
        return VALUE_LABELS[(key, value)]
    if key == "model" and isinstance(value, str) and _model(value) is not None:
        return str(_model(value)._meta.verbose_name)
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return "；".join(f"{detail_label(str(k), model)}：{_change_text(str(k), v, model)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(detail_text(key, v, model) for v in value)
    return str(value)


def _change_text(key: str, value, model) -> str:
    """A changed field is stored as [before, after]: read "before → after"."""
    if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, (list, dict)) for v in value):
        return f"{detail_text(key, value[0], model)} → {detail_text(key, value[1], model)}"
    return detail_text(key, value, model)


def detail_lines(detail, object_type: str = "") -> list[tuple[str, str]]:
    """An event's detail as (label, text) lines for the page; field names are those of the event's object."""
    if not isinstance(detail, dict):
        return [("", detail_text("", detail))] if detail else []
    model = _model(object_type)
    return [(detail_label(str(k), model), detail_text(str(k), v, model)) for k, v in detail.items()]
