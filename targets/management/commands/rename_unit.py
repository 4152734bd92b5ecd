from django.core.management.base import BaseCommand, CommandError

from targets.importing import normalise_name
from targets.models import Unit, UnitName
from targets.services import PlanError, unit_rename


class Command(BaseCommand):
    help = (
        "单位更名（如 县经济信息委 → 县经济和信息化委员会）：单位保持同一身份，其项目、开工和三年开工率不变；"
        "原名记为曾用名，导入时仍可使用。"
    )

    def add_arguments(self, parser):
        parser.add_argument("old", help="现名称（或曾用名）")
        parser.add_argument("new", help="新名称")
        parser.add_argument("--from-year", type=int, required=True, help="新名称开始使用的年度，如 2024")

    def handle(self, *args, old, new, from_year, **options):
        name = normalise_name(old)
        unit = Unit.objects.filter(name=name).first()
        if unit is None:
            former = UnitName.objects.filter(name=name).select_related("unit").first()
            unit = former.unit if former else None
        if unit is None:
            raise CommandError(f"没有名为“{old}”的单位")
        try:
            unit_rename(unit=unit, new_name=new, from_year=from_year)
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"“{name}”自{from_year}年起更名为“{unit.name}”；曾用名仍可用于导入。")
