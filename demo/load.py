"""The demo year in one call (``manage.py load_demo``): the filings, the guarantee units and the office's bulletins."""

import datetime as dt

from django.db import transaction

from demo.guarantee import GuaranteeDemo
from demo.records import YEAR, Demo, aware
from enterprises.demo import load_enterprise_demo
from projects.models import Project
from reports import services as bulletins
from reports.models import Bulletin
from targets.models import AssessmentYear, TargetRow, UnitKind

PROBLEMS = (
    "一是部分单位到位资金进度滞后于序时进度，个别单位连续两月未报送到位资金佐证；"
    "二是重大项目签约后开工转化偏慢，储备项目库在谈项目推进不够有力。"
)
NEXT_STEPS = (
    "一是各牵头县领导督促滞后单位制定赶超措施，按月盯办到位资金；"
    "二是县招商投资事务中心加强对签约项目的跟踪服务，推动早开工、早投产；"
    "三是各单位按时报送佐证材料，确保数据真实、准确、可追溯。"
)


def publish_demo_bulletins(office) -> int:
    """The office's 2023 bulletins: January–November published (each on the 10th of the next month), December a
    draft with its text written, so the archive and the publishing step both have something to show."""
    if Bulletin.objects.filter(year__year=YEAR).exists():
        return 0
    year = AssessmentYear.objects.get(year=YEAR)
    for month in range(1, 13):
        bulletin = bulletins.bulletin_prepare(year=year, month=month, by=office)
        bulletins.bulletin_save_text(bulletin=bulletin, problems=PROBLEMS, next_steps=NEXT_STEPS, by=office)
        if month < 12:
            issued = aware(dt.date(YEAR, month + 1, 10), 16)
            bulletins.bulletin_publish(bulletin=bulletin, by=office, now=issued)
    return 12


def load_demo_year(stdout=None, *, unit_limit: int | None = None) -> bool:
    """Generate the demo year once; returns False when the database already holds projects.
    ``unit_limit`` keeps only the first rows' units (for a quick test)."""
    if Project.objects.exists():
        return False
    demo = Demo(stdout)
    if demo.auditor is None:
        raise RuntimeError("需要先有一个审核员账号")
    rows = list(TargetRow.objects.filter(year=demo.year).select_related("unit", "sector").order_by("position"))
    rows = rows[:unit_limit] if unit_limit else rows
    units = list(dict.fromkeys(r.unit for r in rows))
    with transaction.atomic():
        for row in rows:
            demo.unit_projects(row.unit, row.signed_target, row.funded_target, row.sector)
        for unit in units:
            demo.activities(unit)
            demo.reports(unit)
        demo.events([u for u in units if u.kind != UnitKind.CENTER])
        demo.pipeline(rows)
        load_enterprise_demo(year=demo.year, by=demo.auditor, filer_of=demo.filer_of, say=demo.say)
        if unit_limit is None:
            GuaranteeDemo(demo).run()
    demo.say(f"演示数据：{Project.objects.count()} 个项目，{len(units)} 个单位的 {YEAR} 年填报记录。")
    return True
