from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.importing import parse_file
from targets.selectors import unit_kinds_on_file
from targets.services import PlanError, plan_import

MIN_YEAR, MAX_YEAR = 2000, 2100


class Command(BaseCommand):
    help = (
        "导入年度目标任务分解表：CSV（year,sector,leaders,unit,unit_kind,signed_target_yi,funded_target_yi），"
        "或附件1格式的 .xlsx。全部正确才保存，任何一行有错则逐行报告并不改动数据库（退出状态 1）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".csv 或 .xlsx 文件")
        parser.add_argument("--year", type=int, required=True, help="考核年度，如 2023")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, *args, file, year, dry_run=False, **options):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"年度 {year} 不合理（应在 {MIN_YEAR}—{MAX_YEAR} 之间）")
        path = Path(file)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from None
        parsed = parse_file(path.name, data, year=year, known_kinds=unit_kinds_on_file())
        for error in parsed.errors:
            self.stderr.write(str(error))
        if parsed.errors:
            raise CommandError(f"{path.name}：共 {len(parsed.errors)} 处错误，未导入任何内容。")
        if dry_run:
            self.stdout.write(f"{path.name}：{len(parsed.rows)} 行，检查通过（未保存）。")
            return
        try:
            summary = plan_import(year=year, parsed=parsed, source=path.name)
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{year}年目标任务分解表：{summary['rows']} 行，新增或变更 {summary['changed']} 行，"
            f"删除 {summary['removed']} 行。"
        )
