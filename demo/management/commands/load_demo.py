"""Load the 2023 plan shipped with the project and one demo account per role. Safe to run again."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Role, User
from demo.load import load_demo_year, publish_demo_bulletins
from targets.models import AssessmentYear, Leader, Unit

PLAN_2023 = Path(__file__).resolve().parents[3] / "targets" / "data" / "targets_2023.csv"
DEMO_PASSWORD = "Wushan@2023"
DEMO_MAIL = "demo.wushan.example"  # a reserved domain: the console backend prints the mail, nothing is delivered

# username, display name, role, unit, leader
DEMO_ACCOUNTS = [
    ("filer", "县文化旅游委填报员", Role.FILER, "县文化旅游委", None),
    ("filer2", "县交通局填报员", Role.FILER, "县交通局", None),
    ("auditor", "招商中心审核员", Role.AUDITOR, None, None),
    ("leader", "王军", Role.LEADER, None, "王军"),
    ("office", "县政府办", Role.OFFICE, None, None),
    ("admin", "系统管理员", Role.ADMIN, None, None),
    ("auditadmin", "审计管理员", Role.AUDIT_ADMIN, None, None),
]


class Command(BaseCommand):
    help = "导入随项目提供的2023年目标任务分解表，并创建各角色的演示账号（仅供演示）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="只导入年度计划，不创建演示账号")
        parser.add_argument("--no-records", action="store_true", help="不生成2023年的演示填报记录")
        parser.add_argument(
            "--current-year",
            action="store_true",
            help="另把2023年的分解表作为今年的目标任务导入（今年尚无分解表时），以便演示本月的报送日历、提醒和报送情况；"
            "各看板随之默认显示今年",
        )

    def handle(self, *args, no_accounts=False, no_records=False, current_year=False, **options):
        if not AssessmentYear.objects.filter(year=2023).exists():
            call_command("import_targets", str(PLAN_2023), year=2023, stdout=self.stdout, stderr=self.stderr)
        if current_year:
            self.load_current_year()
        if no_accounts:
            return
        for username, name, role, unit, leader in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "display_name": name,
                    "role": role,
                    "unit": Unit.objects.get(name=unit) if unit else None,
                    "leader": Leader.objects.get(name=leader) if leader else None,
                    "is_staff": role == Role.ADMIN,
                    "email": f"{username}@{DEMO_MAIL}",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.stdout.write(f"演示账号 {username}（{user.get_role_display()}）")
        if not no_records:
            if load_demo_year(self.stdout):
                self.stdout.write("各责任单位另有演示填报员账号 unitNN（NN 为单位编号），密码同上。")
            if publish_demo_bulletins(User.objects.get(username="office")):
                self.stdout.write("演示月通报：2023年1—11月已发布，12月为草稿。")
        for unit in Unit.objects.filter(contact_email=""):
            unit.contact_email = f"unit{unit.pk:02d}@{DEMO_MAIL}"
            unit.save(update_fields=["contact_email"])
        self.stdout.write(f"演示账号的密码均为 {DEMO_PASSWORD}（仅供演示）。")
        self.stdout.write(
            f"演示账号和单位的邮箱在 {DEMO_MAIL}：未配置邮件服务器时，send_reminders 把提醒邮件输出到控制台。"
        )

    def load_current_year(self) -> None:
        """The 2023 figures as this year's plan, through the same import as a real one: the demo then has a month
        whose deadlines are live (due, late, missing; reminders; the filing-status matrix)."""
        from dataclasses import replace

        from targets.importing import ParseResult, parse_csv
        from targets.services import plan_import

        year = timezone.localdate().year
        if AssessmentYear.objects.filter(year=year).exists():
            self.stdout.write(f"{year}年已有目标任务分解表，未改动。")
            return
        shipped = parse_csv(PLAN_2023.read_bytes(), year=2023)
        parsed = ParseResult(rows=[replace(row, year=year) for row in shipped.rows], errors=shipped.errors)
        summary = plan_import(year=year, parsed=parsed, source=f"演示：按2023年分解表导入{year}年")
        self.stdout.write(f"演示：{year}年目标任务分解表按2023年的数字导入（{summary['changed']} 行）。")
