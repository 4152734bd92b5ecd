"""``python manage.py score --year YEAR --as-of YYYY-MM-DD --format json`` (INTERCHANGE.md §3)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from scoring import selectors
from scoring.exports import scores_dict, scores_xlsx
from targets.models import AssessmentYear


class Command(BaseCommand):
    # No system checks on every run: they import every view (the URLconf), most of a cold start; ``manage.py
    # check --deploy`` and every server start run them.
    requires_system_checks = []
    help = "按已认定记录计算某年度截至某日的招商责任单位考核得分，输出 JSON（或 xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="考核年度，如 2023")
        parser.add_argument("--as-of", dest="as_of", help="截止日期 YYYY-MM-DD（默认：最近的月末）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", help="xlsx 输出文件")

    def handle(self, *args, year, as_of=None, format="json", output=None, **options):
        assessment_year = AssessmentYear.objects.filter(year=year).first()
        if assessment_year is None:
            raise CommandError(f"{year}年度尚未设置（请先导入目标任务分解表）")
        if as_of:
            try:
                cut_off = dt.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of“{as_of}”不是有效日期，应为 YYYY-MM-DD") from None
            if cut_off.year != year:
                raise CommandError(f"--as-of 须在{year}年内")
        else:
            cut_off = selectors.default_as_of(year)
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx 需要用 -o 指定输出文件")
        scores = selectors.year_scores(assessment_year, cut_off)
        if format == "xlsx":
            try:
                scores_xlsx(scores, output)
            except OSError as error:
                raise CommandError(f"无法写入 {output}：{error.strerror or error}") from None
            self.stderr.write(f"已写入 {output}（{len(scores.units)} 个单位，方案 {scores.rules.label}）")
            return
        self.stdout.write(json.dumps(scores_dict(scores), ensure_ascii=False, indent=2))
