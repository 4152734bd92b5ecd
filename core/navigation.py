"""The main menu: (label, URL name, capability, area). A page appears in the menu for those who may open it.

Apps add their pages here, one line each, so the menu stays in one place. The menu shows one dropdown per area
(填报, 审核, 考核, 报表); a line without an area (a 3-tuple) goes to the area of its URL's app (AREA_OF_APP).
"""

MENU = [
    ("首页", "home", None, ""),
    ("项目库", "projects:list", "records.view", "填报"),
    ("填报记录", "projects:records", "records.view", "填报"),
    ("月度填报表", "projects:sheet_default", "records.file", "填报"),
    ("活动与培训", "projects:events", "records.view", "填报"),
    ("目标企业库", "enterprises:list", "enterprises.view", "招商"),
    ("重点企业表", "enterprises:key_list", "enterprises.view", "招商"),
    ("产业链图", "enterprises:chains", "enterprises.view", "招商"),
    ("企业分布图", "maps:distribution", "enterprises.view", "招商"),
    ("产业生态图", "enterprises:ecosystems", "enterprises.view", "招商"),
    ("审核", "projects:queue", "records.audit", "审核"),
    ("报送情况", "projects:matrix", "filing.status_matrix", "审核"),
    ("目标任务分解表", "targets:breakdown_current", "targets.view", "考核"),
    ("考核得分", "scoring:ranking_current", "scores.view", "考核"),
    ("全县进度", "scoring:progress_current", "scores.view", "考核"),
    ("保障单位评价", "scoring:guarantee_current", "scores.view", "考核"),
    ("全县驾驶舱", "dashboards:county_current", "dashboard.county", "报表"),
    ("我牵头的单位", "dashboards:my_units_current", "dashboard.my_units", "报表"),
    ("本单位看板", "dashboards:unit_current", "records.file", "报表"),
    ("办公室工作台", "dashboards:office_current", "dashboard.office", "报表"),
    ("月通报", "reports:bulletins", "reports.view", "报表"),
    ("季度点评", "dashboards:review_current", "review.view", "报表"),
    ("年度排名公示", "dashboards:notice_current", "notice.view", "报表"),
    ("五色图", "reports:five_colour_current", "five_colour.view", "报表"),
]

AREAS = ("填报", "招商", "审核", "考核", "报表")
AREA_OF_APP = {
    "projects": "填报",
    "targets": "考核",
    "scoring": "考核",
    "reports": "报表",
    "dashboards": "报表",
    "enterprises": "招商",
    "maps": "招商",
}

ADMIN_MENU = [
    ("考核方案", "scoring:scheme_current", "scheme.view"),
    ("导入分解表", "targets:import", "targets.import"),
    ("导入招商台账", "projects:ledger", "records.import"),
    ("导入目标企业", "enterprises:upload", "enterprises.import"),
    ("后台管理", "admin:index", "accounts.manage"),
    ("审计日志", "audit:search", "auditlog.view"),
]


def area_of(entry) -> str:
    if len(entry) > 3:
        return entry[3]
    return AREA_OF_APP.get(entry[1].split(":")[0], "") if ":" in entry[1] else ""
