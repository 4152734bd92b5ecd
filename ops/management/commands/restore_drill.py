import contextlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops.backup import BackupError, create_backup, restore_backup
from ops.databases import Database


def drill(*, db: Database, media_root: Path, backup: Path | None = None):
    """Restore a backup (a fresh one unless given) into a scratch database and directory, check it, remove both."""
    with tempfile.TemporaryDirectory(prefix="wushan-drill-") as tmp:
        tmp = Path(tmp)
        if backup is None:
            backup = create_backup(db=db, media_root=media_root, backup_dir=tmp / "backups").path
        if db.vendor == "postgresql":
            scratch = db.with_name(f"{db.name[:40]}_drill_{os.getpid()}_{int(time.time())}")
        else:
            scratch = Database("sqlite", str(tmp / "drill.sqlite3"))
        scratch.create()
        try:
            return backup, restore_backup(source=backup, db=scratch, media_root=tmp / "media")
        finally:
            with contextlib.suppress(Exception):
                scratch.drop()


class Command(BaseCommand):
    help = "恢复演练：把备份（默认当场新做一份）恢复到临时的空数据库，核对每张表的行数和每个文件的 SHA-256，然后删除临时库。"

    def add_arguments(self, parser):
        parser.add_argument("--backup", type=Path, help="演练用的备份（目录或 .tar.gz）；不给则当场备份")

    def handle(self, *args, backup=None, **options):
        db = Database.from_settings(connections["default"].settings_dict)
        started = time.monotonic()
        try:
            used, report = drill(db=db, media_root=Path(settings.MEDIA_ROOT), backup=backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        if not report.ok:
            raise CommandError("恢复演练失败：\n" + "\n".join(report.problems))
        self.stdout.write(
            f"恢复演练通过（{seconds:.1f} 秒）：{used}\n"
            f"  {report.tables} 张表 {report.rows} 行与备份清单一致，{report.files} 个文件的 SHA-256 一致，"
            "每条佐证材料记录都有其文件。"
        )
