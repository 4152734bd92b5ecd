from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from enterprises.interchange import export_workbook
from targets.models import Sector
from targets.selectors import current_year


class Command(BaseCommand):
    help = (
        "导出重点企业表（.xlsx，工作表 chain_links、enterprises，列同导入，另加最近对接日期 last_contact 和转化项目编号 "
        "project_code）；导出的文件可原样导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--sector", help="只导出该类别（本年度的类别名称）")

    def handle(self, *args, output, sector=None, **options):
        year = current_year()
        if year is None:
            raise CommandError("系统中还没有任何考核年度")
        if sector and not Sector.objects.filter(year=year, name=sector).exists():
            names = "、".join(year.sectors.values_list("name", flat=True))
            raise CommandError(f"“{sector}”不是{year.year}年的类别（应为 {names} 之一）")
        path = Path(output)
        if path.parent and not path.parent.exists():
            raise CommandError(f"找不到目录：{path.parent}")
        path.write_bytes(export_workbook(sector))
        self.stdout.write(f"已导出 {path}")
