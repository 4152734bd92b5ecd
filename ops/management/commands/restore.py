from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from audit.services import audit_log
from ops.backup import BackupError, restore_backup
from ops.databases import Database


class Command(BaseCommand):
    help = "从 manage.py backup 的备份恢复到空数据库和空的文件目录，并核对行数和每个文件的 SHA-256。"

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="备份目录或 .tar.gz")
        parser.add_argument("--force", action="store_true", help="目标数据库或文件目录不为空时仍然覆盖（慎用）")

    def handle(self, *args, backup, force=False, **options):
        connections.close_all()
        db = Database.from_settings(connections["default"].settings_dict)
        try:
            report = restore_backup(source=backup, db=db, media_root=Path(settings.MEDIA_ROOT), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not report.ok:
            raise CommandError("恢复后核对不一致：\n" + "\n".join(report.problems))
        audit_log(action="backup.restore", detail={"source": str(backup), "rows": report.rows, "files": report.files})
        self.stdout.write(f"恢复完成并核对一致：{report.tables} 张表 {report.rows} 行，{report.files} 个文件。")
