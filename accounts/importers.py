"""The command-line imports (``import_records``, ``import_enterprises``): who an import is attributed to in the audit
trail, and the command around an all-or-nothing import of one .xlsx file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.access import can
from accounts.models import Role, User


def importer(username: str | None, *, capability: str, what: str, system_username: str, system_name: str) -> User:
    """The account named by --as, which must hold ``capability`` (an active auditor, or a superuser; else the
    command stops: it cannot import ``what``), or without --as the import's system account (``system_username``,
    shown as ``system_name``), an auditor that cannot sign in, created the first time."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"找不到账号“{username}”")
        if not can(user, capability):
            raise CommandError(f"账号“{username}”不是有效的审核员或超级管理员，不能导入{what}")
        return user
    user, created = User.objects.get_or_create(
        username=system_username, defaults={"display_name": system_name, "role": Role.AUDITOR, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class ImportCommand(BaseCommand):
    """``manage.py <command> FILE.xlsx [--as USERNAME] [--dry-run]``: every error on standard error and exit status 1
    with nothing imported, else its 提示 and its summary. A command names what it imports and its accounts, and
    imports the file's bytes in ``run_import`` (a ``core.spreadsheet.ImportResult``)."""

    capability = what = system_username = system_name = ""

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", help="导入人账号（审核员或超级管理员），记入审计日志")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将导入的内容，不保存")

    def run_import(self, data: bytes, *, by, source: str, dry_run: bool):
        raise NotImplementedError

    def handle(self, *args, file, username=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        by = importer(
            username,
            capability=self.capability,
            what=self.what,
            system_username=self.system_username,
            system_name=self.system_name,
        )
        result = self.run_import(path.read_bytes(), by=by, source=path.name, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"共 {len(result.errors)} 处错误，未导入任何内容。")
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        prefix = "检查通过（未保存）：将" if dry_run else "导入完成："
        self.stdout.write(f"{prefix}{result.summary()}。导入人：{by.username}")
