import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.exporting import plan_xlsx
from targets.selectors import entries_for_export


class Command(BaseCommand):
    help = (
        "把年度目标任务分解表导出为附件1格式的 .xlsx（类别合并单元格、类别合计、合计行），可再用 import_targets 导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="考核年度，如 2023")
        parser.add_argument("-o", "--output", required=True, help="输出文件，须以 .xlsx 结尾")

    def handle(self, *args, year, output, **options):
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件须以 .xlsx 结尾：{output}")
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}")
        entries = entries_for_export(year)
        if entries is None:
            raise CommandError(f"没有 {year} 年度的目标任务分解表")
        data = plan_xlsx(year, entries)
        # Written next to the target and renamed, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".xlsx.part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise CommandError(f"无法写入 {output}：{exc.strerror}") from None
        self.stdout.write(f"{year}年目标任务分解表：{len(entries)} 行，已导出到 {path}")
