import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.reminders import mail_printed, reminders_send


class Command(BaseCommand):
    help = (
        "生成今天的填报提醒（截止日前、逾期），显示在各单位首页；服务器配置了邮件时同时发邮件。"
        "每天运行一次（systemd 定时器）；同一天重复运行不会重复生成或发送。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD），默认今天；用于补发或核对")
        parser.add_argument("--no-email", action="store_true", help="只在系统内提醒，不发邮件")

    def handle(self, *args, date=None, no_email=False, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD，而不是“{date}”") from None
        if today > timezone.localdate():
            raise CommandError(f"不能按将来的日期（{today:%Y-%m-%d}）生成提醒：提醒会写进各单位的提醒列表。")
        result = reminders_send(today=today, email=not no_email)
        if not result["mail_configured"]:
            mail = "未配置邮件，仅系统内提醒"
        elif mail_printed():
            mail = f"未配置邮件服务器，{result['mailed']} 封邮件输出到控制台"
        else:
            mail = f"发送邮件 {result['mailed']} 封"
        self.stdout.write(f"{today:%Y-%m-%d}：新提醒 {result['created']} 条，{mail}。")
