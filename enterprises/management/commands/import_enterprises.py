from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.importers import importer
from enterprises.interchange import import_workbook, read_workbook

SYSTEM_USERNAME = "enterprise-import"


class Command(BaseCommand):
    help = (
        "导入产业链环节和目标企业（.xlsx，工作表 chain_links、enterprises）。全部正确才保存：任何一行有错则列出每个错误"
        "（工作表、行、列、原因）并以状态 1 退出，数据库不变。同一文件重复导入不会改动任何内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", help="导入人账号（审核员或超级管理员），记入审计日志")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将导入的内容，不保存")

    def handle(self, *args, file, username=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        by = importer(
            username,
            capability="enterprises.import",
            what="目标企业",
            system_username=SYSTEM_USERNAME,
            system_name="目标企业导入（系统）",
        )
        result = import_workbook(read_workbook(path.read_bytes()), by=by, source=path.name, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"共 {len(result.errors)} 处错误，未导入任何内容。")
        prefix = "检查通过（未保存）：将" if dry_run else "导入完成："
        self.stdout.write(f"{prefix}{result.summary()}。导入人：{by.username}")
