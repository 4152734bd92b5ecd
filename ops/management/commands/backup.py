from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from audit.services import audit_log
from ops.backup import BackupError, create_backup, prune_backups
from ops.databases import Database


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和全部佐证材料，附 SHA-256 清单。可在系统使用中运行。"

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help=f"备份目录（默认 BACKUP_DIR：{settings.BACKUP_DIR}）")
        parser.add_argument("--tar", action="store_true", help="打包为 .tar.gz")
        parser.add_argument(
            "--prune", action="store_true", help=f"只保留最新的 BACKUP_KEEP（{settings.BACKUP_KEEP}）份"
        )

    def handle(self, *args, output=None, tar=False, prune=False, **options):
        backup_dir = output or Path(settings.BACKUP_DIR)
        db = Database.from_settings(connections["default"].settings_dict)
        try:
            backup = create_backup(db=db, media_root=Path(settings.MEDIA_ROOT), backup_dir=backup_dir, tar=tar)
        except BackupError as error:
            raise CommandError(str(error)) from None
        m = backup.manifest
        audit_log(
            action="backup.create", detail={"path": str(backup.path), "rows": m["rows"], "files": len(m["media"])}
        )
        self.stdout.write(
            f"备份完成：{backup.path}\n  {len(m['tables'])} 张表 {m['rows']} 行，{len(m['media'])} 个文件，用时 {m['seconds']} 秒"
        )
        if prune:
            for path in prune_backups(backup_dir, settings.BACKUP_KEEP):
                self.stdout.write(f"  删除旧备份：{path.name}")
