from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.importing import parse_csv
from targets.services import PlanError, plan_import


class Command(BaseCommand):
    help = "导入年度目标任务分解表（CSV，或附件1格式的 .xlsx）。全部正确才保存，任何一行有错则不改动数据库。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file, year, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        parsed = parse_csv(path.read_bytes(), year=year)
        for error in parsed.errors:
            self.stderr.write(str(error))
        if parsed.errors:
            raise CommandError(f"共 {len(parsed.errors)} 处错误，未导入任何内容。")
        try:
            summary = plan_import(year=year, parsed=parsed, source=path.name)
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{year}年目标任务分解表：{summary['rows']} 行，变更 {summary['changed']} 行，删除 {summary['removed']} 行。"
        )
