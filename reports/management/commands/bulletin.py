"""``python manage.py bulletin --year YEAR --month M -o FILE.pdf`` (INTERCHANGE.md §4).

The PDF the office exports: a published month as the file stored when it was published (byte-identical every time); any other month
computed now from the records confirmed by its cut-off (the month's end, or today if earlier)."""

import gc

from django.core.management.base import BaseCommand, CommandError

from reports import documents, services
from reports.bulletin.figures import BulletinError, bulletin_figures, check_month, plan_year
from reports.bulletin.render import bulletin_pdf
from reports.checks import HINT, harfbuzz_subset_problem
from reports.models import Bulletin


class Command(BaseCommand):
    # No system checks on every run: they import every view (the URLconf), most of a cold start; ``manage.py
    # check --deploy`` and every server start run them.  The one check this command needs — fonts subset with
    # HarfBuzz, else a PDF takes five times as long — is asked directly (``reports.checks``).
    requires_system_checks = []
    help = "生成某年某月的招商引资工作月通报 PDF（已发布的按发布时的数据快照，其余按截止日已认定记录即时计算）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2023")
        parser.add_argument("--month", type=int, required=True, help="月份 1—12")
        parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")

    def handle(self, *args, year, month, output, **options):
        try:
            month = check_month(month)
            assessment_year = plan_year(year)
            published = Bulletin.objects.filter(
                year=assessment_year, month=month, state=Bulletin.State.PUBLISHED
            ).first()
            if published is not None:  # the file stored when it was published (rendered now if there is none)
                pdf = documents.document_bytes(services.bulletin_document(bulletin=published))
                how = f"已发布（{published.issued_at:%Y-%m-%d %H:%M} 印发）"
            else:
                # A process that draws one PDF and ends (issue 15, ≤ 2 s from a cold start): no cycle collection at
                # all, from the figures to the file (it walked the same objects again and again: 0.15 s; the
                # process frees everything as it ends).
                gc.disable()
                problem = harfbuzz_subset_problem()
                if problem:  # never silently slow
                    self.stderr.write(f"警告：{problem}。{HINT}")
                snap = bulletin_figures(assessment_year, month)
                pdf = bulletin_pdf(snap, problems="", next_steps="", state="live")
                how = f"未发布，按截至{snap['as_of']}已认定记录即时计算"
        except (BulletinError, documents.DocumentError) as error:
            raise CommandError(str(error)) from None
        try:
            with open(output, "wb") as f:
                f.write(pdf)
        except OSError as error:
            raise CommandError(f"无法写入 {output}：{error.strerror or error}") from None
        self.stderr.write(f"已写入 {output}（{year}年第{month}期，{how}，{len(pdf):,} 字节）")
