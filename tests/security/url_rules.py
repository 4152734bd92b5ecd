"""Who may open and who may write each URL: one line per URL name, read by test_permission_matrix.py.

A new URL without a line here fails the suite ("新增URL缺少权限规则: <name>"). Add it with one of:

    "app:name": page(READERS, kw={"year": "year"}),                 # GET only
    "app:name": form(STAFF, post={"auditor"}, kw={"pk": "unit"}),    # GET the form, POST to it
    "app:name": action({"auditor"}, kw={"kind": "=funds", "pk": "funds"}, scoped=True),  # POST only

Roles: filer (a unit's filer), other_filer (another unit's filer), auditor, leader, office, admin (系统管理员),
audit_admin (审计管理员); anonymous is always sent to the sign-in page unless ``public=True``.
``kw`` builds the URL's arguments: a string names an object of the test world (tests/security/world.py: unit, project,
contract, evidence, funds, start, event, target, year, leader, finding, token, sector, link, node), "=text" is the literal text, an int is itself.
``scoped=True``: the object belongs to a unit; the matrix runs it with the filer's own unit's object and with another
unit's, and a filer of the other unit must get 404 (or 403) — never the page.
Expected statuses: allowed GET → ``ok`` (200 unless told, e.g. 302 for a page that forwards to the current year);
refused → 403 (``hidden`` roles: 404, as for objects they may not know of); POST by an allowed role → anything
below 500 except a refusal; POST by anyone else → refused and the database unchanged.
"""

from dataclasses import dataclass, field

FILERS = frozenset({"filer", "other_filer"})
STAFF = frozenset({"auditor", "leader", "office"})
READERS = FILERS | STAFF
ADMIN = frozenset({"admin"})
AUDIT_ADMIN = frozenset({"audit_admin"})
SIGNED_IN = READERS | ADMIN | AUDIT_ADMIN
ROLES = ("filer", "other_filer", "auditor", "leader", "office", "admin", "audit_admin", "anonymous")
AUDITOR = frozenset({"auditor"})
NOBODY = frozenset()

# Not part of the matrix: Django's admin site (its own staff check; our admins use it for accounts) and, when DEBUG
# serves them, static/media/debug-toolbar URLs. Names or namespaces, matched at the start of the URL name.
EXEMPT = {
    "admin": "Django 后台：由 django.contrib.admin 的 is_staff 检查把关，系统管理员用它管理账号",
    "static": "开发环境下的静态文件",
    "media": "开发环境下的上传文件（生产环境经 X-Accel-Redirect 在权限检查后提供）",
    "djdt": "调试工具栏（仅开发环境）",
    "__debug__": "调试工具栏（仅开发环境）",
}


@dataclass(frozen=True)
class Rule:
    get: frozenset  # roles that may GET
    post: frozenset | None = None  # roles that may POST; None: the view takes no POST (not tried)
    kw: dict = field(default_factory=dict)
    scoped: bool = False
    post_only: bool = False
    ok: int = 200
    public: bool = False
    hidden: frozenset = frozenset()  # refused with 404 rather than 403
    note: str = ""


def page(get, **options) -> Rule:
    return Rule(get=frozenset(get), **options)


def form(get, post=None, **options) -> Rule:
    return Rule(get=frozenset(get), post=frozenset(get if post is None else post), **options)


def action(post, **options) -> Rule:
    return Rule(get=NOBODY, post=frozenset(post), post_only=True, **options)


Y = {"year": "year"}
RECORD = {"kind": "=contract", "pk": "contract"}  # a draft contract of the unit, with one evidence file
SUBMITTED = {"kind": "=funds", "pk": "funds"}  # a submitted funds record of the unit
CONFIRMED = {"kind": "=start", "pk": "start"}  # a confirmed start of the unit
BULLETIN = {"year": "year", "month": 1}

RULES: dict[str, Rule] = {
    # --- sign-in and account -------------------------------------------------------------------------------------
    "home": page(SIGNED_IN, ok=None, note="各角色转到自己的看板或显示首页"),
    "login": form(SIGNED_IN, public=True, ok=None, note="已登录的人被转走"),
    "logout": action(SIGNED_IN, public=True),
    "password_change": form(SIGNED_IN),
    "password_change_done": page(SIGNED_IN),
    "otp_setup": form(SIGNED_IN),
    "otp_verify": form(SIGNED_IN, ok=None, note="未处于第二步验证时转走"),
    # --- the plan ------------------------------------------------------------------------------------------------
    "targets:breakdown_current": page(READERS | ADMIN, ok=None),
    "targets:breakdown": page(READERS | ADMIN, kw=Y),
    "targets:export": page(READERS | ADMIN, kw=Y),
    "targets:unit": page(READERS | ADMIN, kw={"pk": "unit"}, scoped=True),
    "targets:leader": page(STAFF | ADMIN, kw={"pk": "leader"}, hidden=FILERS),
    "targets:import": form(AUDITOR | ADMIN),
    "targets:import_preview": form(AUDITOR | ADMIN, ok=None),
    "targets:import_confirm": action(AUDITOR | ADMIN),
    "targets:import_cancel": action(AUDITOR | ADMIN),
    # --- reports -------------------------------------------------------------------------------------------------
    "reports:five_colour_current": page(READERS, ok=302),
    "reports:five_colour": page(READERS, kw=Y),
    "reports:five_colour_xlsx": page(READERS, kw=Y),
    "reports:five_colour_pdf": page(READERS, kw=Y),
    "reports:bulletins": page(READERS),
    # month 1 of the test world has no bulletin: the office and the center preview it computed now; for the other
    # readers a bulletin exists only once published (404 until then)
    "reports:bulletin": page({"auditor", "office"}, kw=BULLETIN, hidden=FILERS | {"leader"}),
    "reports:bulletin_pdf": page({"auditor", "office"}, kw=BULLETIN, hidden=FILERS | {"leader"}),
    "reports:bulletin_xlsx": page({"auditor", "office"}, kw=BULLETIN, hidden=FILERS | {"leader"}),
    "reports:bulletin_prepare": action({"auditor", "office"}, kw=BULLETIN),
    "reports:bulletin_recompute": action({"auditor", "office"}, kw=BULLETIN),
    "reports:bulletin_text": action({"auditor", "office"}, kw=BULLETIN),
    "reports:bulletin_publish": action({"office"}, kw=BULLETIN),
    "dashboards:county_current": page(STAFF, ok=302),
    "dashboards:county": page(STAFF, kw=Y),
    "dashboards:county_xlsx": page(STAFF, kw=Y),
    "dashboards:county_pdf": page(STAFF, kw=Y),
    "dashboards:my_units_current": page({"leader"}, ok=302),
    "dashboards:my_units": page({"leader"}, kw=Y),
    "dashboards:my_units_xlsx": page({"leader"}, kw=Y),
    "dashboards:leader": page(STAFF, kw={"pk": "leader", "year": "year"}),
    "dashboards:leader_xlsx": page(STAFF, kw={"pk": "leader", "year": "year"}),
    "dashboards:unit_current": page(READERS, ok=None),
    "dashboards:unit": page(READERS, kw={"pk": "unit", "year": "year"}, scoped=True),
    "dashboards:unit_xlsx": page(READERS, kw={"pk": "unit", "year": "year"}, scoped=True),
    "dashboards:office_current": page({"auditor", "office"}, ok=302),
    "dashboards:office": page({"auditor", "office"}, kw=Y),
    "dashboards:office_xlsx": page({"auditor", "office"}, kw=Y),
    "dashboards:review_current": page(STAFF, ok=302),
    "dashboards:review": page(STAFF, kw={"year": "year", "quarter": 1}),
    "dashboards:review_xlsx": page(STAFF, kw={"year": "year", "quarter": 1}),
    "dashboards:review_pdf": page(STAFF, kw={"year": "year", "quarter": 1}),
    "dashboards:review_publish": action({"office"}, kw={"year": "year", "quarter": 1}),
    "dashboards:review_text": action({"auditor", "office"}, kw={"year": "year", "quarter": 1}),
    "dashboards:notice_current": page(READERS, ok=302),
    "dashboards:notice": page(READERS, kw=Y),
    "dashboards:notice_xlsx": page(READERS, kw=Y),
    "dashboards:notice_pdf": page(READERS, kw=Y),
    "dashboards:notice_publish": action({"office"}, kw=Y),
    # --- the audit trail (审计管理员 only) -------------------------------------------------------------------------
    "audit:search": page(AUDIT_ADMIN),
    "audit:export": page(AUDIT_ADMIN, kw={"fmt": "=csv"}),
    # --- scoring -------------------------------------------------------------------------------------------------
    "scoring:ranking_current": page(READERS, ok=302),
    "scoring:ranking": page(READERS, kw=Y),
    "scoring:ranking_xlsx": page(READERS, kw=Y),
    "scoring:unit": page(READERS, kw={"year": "year", "pk": "unit"}, scoped=True),
    "scoring:progress_current": page(READERS, ok=302),
    "scoring:progress": page(READERS, kw=Y),
    "scoring:scheme_current": page(READERS | ADMIN, ok=302),
    "scoring:scheme": page(READERS | ADMIN, kw=Y),
    "scoring:scheme_edit": form(ADMIN, kw=Y),
    "scoring:bands_css": page(SIGNED_IN, kw=Y, public=True, note="评分色带样式表：无数据，登录页也要用"),
    "scoring:guarantee_current": page(READERS, ok=302),
    "scoring:guarantee": page(READERS, kw=Y),
    "scoring:rating_links": form(AUDITOR, kw=Y),
    "scoring:rating_paper": form(AUDITOR, kw=Y),
    "scoring:appraisal": form(READERS, post=AUDITOR, kw=Y),
    "scoring:progress_xlsx": page(READERS, kw=Y),
    "scoring:unit_xlsx": page(READERS, kw={"year": "year", "pk": "unit"}, scoped=True),
    "scoring:guarantee_xlsx": page(READERS, kw=Y),
    "scoring:appraisal_xlsx": page(READERS, kw=Y),
    "scoring:finding_withdraw": action(AUDITOR, kw={"pk": "finding"}),
    "rate": form(SIGNED_IN, kw={"token": "token"}, public=True, note="企业凭一次性链接评分，无需账号"),
    # --- projects and filing -------------------------------------------------------------------------------------
    "projects:list": page(READERS),
    "projects:create": form(FILERS | AUDITOR),
    "projects:detail": page(READERS, kw={"pk": "project"}, scoped=True),
    "projects:edit": form(FILERS | AUDITOR, kw={"pk": "project"}, scoped=True),
    "projects:project_evidence": action(FILERS | AUDITOR, kw={"pk": "project"}, scoped=True),
    "projects:record_new": form(FILERS, kw={"project_pk": "project", "kind": "=contract"}, scoped=True),
    "projects:records": page(READERS),
    "projects:unit_record_new": form(FILERS, kw={"kind": "=activity"}),
    "projects:record": page(READERS, kw=RECORD, scoped=True),
    "projects:record_edit": form(FILERS, kw=RECORD, scoped=True),
    "projects:record_evidence": action(FILERS, kw=RECORD, scoped=True),
    "projects:record_submit": action(FILERS, kw=RECORD, scoped=True),
    "projects:proposal_submit": action(FILERS, kw={"pk": "proposal"}, scoped=True),
    "projects:proposal_confirm": action(AUDITOR, kw={"pk": "proposal"}, scoped=True),
    "projects:proposal_return": action(AUDITOR, kw={"pk": "proposal"}, scoped=True),
    "projects:record_correct": form(FILERS, kw=CONFIRMED, scoped=True),
    "projects:record_return": action(AUDITOR, kw=SUBMITTED, scoped=True),
    "projects:record_confirm": action(AUDITOR, kw=SUBMITTED, scoped=True),
    "projects:evidence": page(READERS, kw={"pk": "evidence"}, scoped=True),
    "projects:evidence_preview": page(READERS, kw={"pk": "evidence"}, scoped=True),
    "projects:evidence_remove": action(FILERS, kw={"pk": "evidence"}, scoped=True),
    "projects:queue": page(AUDITOR),
    "projects:queue_confirm": action(AUDITOR),
    "projects:events": page(READERS),
    "projects:event_create": form(AUDITOR),
    "projects:event": form(READERS, post=AUDITOR, kw={"pk": "event"}, scoped=True),
    "projects:event_edit": form(AUDITOR, kw={"pk": "event"}, scoped=True),
    "projects:matrix": page(STAFF),
    "projects:reminders": page(READERS),
    "projects:ledger": form(AUDITOR),
    "projects:ledger_confirm": action(AUDITOR),
    "projects:ledger_template": page(AUDITOR),
    "projects:sheet_default": page(FILERS, ok=302, note="转到当前报送月份的月度填报表"),
    "projects:sheet": form(FILERS, kw={"month": "=2023-04"}),
    "projects:sheet_row": action(FILERS, kw={"month": "=2023-04", "project_pk": "project"}, scoped=True),
    "projects:sheet_add": page(FILERS, kw={"month": "=2023-04"}, ok=302, note="转到所选项目的填报页"),
    # --- target enterprises and 三图一表 (issue 14) ------------------------------------------------------------------
    "enterprises:list": page(READERS),
    "enterprises:create": form(FILERS | AUDITOR),
    "enterprises:detail": page(READERS, kw={"pk": "target"}, scoped=True),
    "enterprises:edit": form(FILERS | AUDITOR, kw={"pk": "target"}, scoped=True),
    "enterprises:stage": action(FILERS | AUDITOR, kw={"pk": "target"}, scoped=True),
    "enterprises:contact": action(FILERS | AUDITOR, kw={"pk": "target"}, scoped=True),
    "enterprises:link_activity": action(FILERS | AUDITOR, kw={"pk": "target"}, scoped=True),
    "enterprises:convert": form(FILERS | AUDITOR, kw={"pk": "target"}, scoped=True),
    "enterprises:key_list": page(READERS),
    "enterprises:key_list_xlsx": page(READERS),
    "enterprises:upload": form(AUDITOR),
    "enterprises:upload_confirm": action(AUDITOR),
    "enterprises:upload_template": page(AUDITOR),
    "enterprises:chains": page(READERS, ok=302),
    "maps:chain": page(READERS, kw={"pk": "sector"}),
    "maps:chain_pdf": page(READERS, kw={"pk": "sector"}),
    "enterprises:link_add": action(AUDITOR, kw={"pk": "sector"}),
    "enterprises:link_delete": action(AUDITOR, kw={"pk": "link"}),
    "enterprises:ecosystems": page(READERS, ok=302),
    "enterprises:ecosystem": form(READERS, post=AUDITOR, kw={"pk": "sector"}),
    "enterprises:node_delete": action(AUDITOR, kw={"pk": "node"}),
    "maps:distribution": page(READERS),
}
