"""重点企业表: the key-enterprise list as a page and as an .xlsx in the county's layout, with the list's filters."""

from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone

from accounts.access import requires
from core.tables import Column, Row, Table
from core.xlsx import xlsx_response
from enterprises import access, selectors
from enterprises.forms import TargetFilterForm
from targets import access as targets_access
from targets.selectors import current_year

COLUMNS = [
    Column("no", "序号", "int", width=5),
    Column("sector", "类别", "center"),
    Column("segment", "链段", "center"),
    Column("link", "拟补环节"),
    Column("name", "企业名称"),
    Column("region", "总部所在地"),
    Column("tags", "企业标签"),
    Column("unit", "责任单位"),
    Column("leader", "跟踪县领导", "center"),
    Column("stage", "阶段", "center"),
    Column("expected", "预计投资（亿元）", "amount"),
    Column("last", "最近对接", "center"),
    Column("project", "转化项目"),
]


def key_table(targets, *, year) -> Table:
    rows = []
    for i, t in enumerate(targets, start=1):
        last = t.contact_list[0] if t.contact_list else None
        rows.append(
            Row(
                [
                    i,
                    t.sector.name,
                    t.link.segment if t.link else "",
                    (t.link.name + ("（补链）" if t.link.role == "gap" else "")) if t.link else "",
                    t.name,
                    t.region,
                    "、".join(tag.name for tag in t.tags.all()),
                    t.unit.name,
                    t.leader.name if t.leader else "",
                    t.get_stage_display() + (f"：{t.pause_reason}" if t.pause_reason else ""),
                    t.expected_amount,
                    f"{last.occurred_on:%Y-%m-%d} {last.get_kind_display()}" if last else "",
                    t.project.code if t.project else "",
                ]
            )
        )
    total = sum((t.expected_amount or Decimal("0") for t in targets), Decimal("0"))
    rows.append(Row(["", "合计", "", "", f"{len(targets)}家", "", "", "", "", "", total, "", ""], kind="total"))
    return Table(
        title=f"{year.year}年重点企业表" if year else "重点企业表",
        columns=COLUMNS,
        rows=rows,
        unit="金额单位：亿元",
        sheet_name="重点企业表",
        notes=[
            f"导出时间 {timezone.localtime():%Y-%m-%d %H:%M}；最近对接为各单位报送的拜访、接待、活动记录（不含已退回、已更正的记录）。"
        ],
    )


@requires("enterprises.view")
def key_list(request, fmt="html"):
    year = current_year()
    form = TargetFilterForm(request.GET or None, year=year, units=targets_access.visible_units(request.user))
    targets = list(
        selectors.filter_targets(
            selectors.targets_with_contacts(access.visible_targets(request.user)), **form.filters()
        )[:2000]
    )
    table = key_table(targets, year=year)
    if fmt == "xlsx":
        return xlsx_response(table, f"{table.title}.xlsx")
    query = request.GET.urlencode()
    return render(request, "enterprises/key_list.html", {"form": form, "table": table, "query": query})
