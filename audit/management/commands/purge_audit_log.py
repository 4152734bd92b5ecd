from django.conf import settings
from django.core.management.base import BaseCommand

from audit.retention import audit_purge, retention_cutoff


class Command(BaseCommand):
    help = "删除超过保存期限（AUDIT_RETENTION_DAYS，至少 180 天）的审计日志；清理本身也记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除")

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention_cutoff()
        count = audit_purge(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(
            f"保存期限 {settings.AUDIT_RETENTION_DAYS} 天：{verb} {cutoff:%Y-%m-%d %H:%M} (UTC) 之前的审计日志 {count} 条。"
        )
