"""The main menu: (label, URL name, capability). A page appears in the menu for those who may open it.

Apps add their pages here, one line each, so the menu stays in one place.
"""

MENU = [
    ("首页", "home", None),
    ("目标任务分解表", "targets:breakdown_current", "targets.view"),
    ("项目库", "projects:list", "records.view"),
    ("填报记录", "projects:records", "records.view"),
    ("审核", "projects:queue", "records.audit"),
    ("报送情况", "projects:matrix", "filing.status_matrix"),
    ("活动与培训", "projects:events", "records.view"),
    ("考核得分", "scoring:ranking_current", "scores.view"),
    ("全县进度", "scoring:progress_current", "scores.view"),
    ("保障单位评价", "scoring:guarantee_current", "scores.view"),
]

ADMIN_MENU = [
    ("考核方案", "scoring:scheme_current", "scheme.view"),
    ("导入分解表", "targets:import", "targets.import"),
    ("通报版式样例", "reports:sample", "reports.sample"),
    ("导入招商台账", "projects:ledger", "records.import"),
    ("后台管理", "admin:index", "accounts.manage"),
    ("审计日志", "audit:search", "auditlog.view"),
]
