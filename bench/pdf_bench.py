"""Render time of the monthly bulletin's PDF by stage, from a fixed snapshot (the 2023 plan, 26 units, December).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wushan_bench .venv/bin/python bench/pdf_bench.py \
        [--projects 300] [--runs 5] [-o var/bulletin-stages.pdf]

The snapshot is the real bulletin's (``reports.bulletin.figures``) over a generated year of ``--projects`` projects
(as bench/bulletin_bench.py; the database named by DATABASE_URL is emptied and refilled: use a scratch one), taken
once; then each run turns it into the page context and HTML, and WeasyPrint into the PDF. Prints the wall-clock and
CPU time of each stage and the page count. CPU time is the figure to compare on a shared machine: wall time grows
with whatever else runs on the cores.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wushan_bench")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

TODAY_ISSUED = "2024-01-10T10:00:00+08:00"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("-o", "--output", type=Path, help="also write the PDF here")
    args = parser.parse_args()

    import datetime as dt

    import django

    django.setup()
    from bulletin_bench import NEXT_STEPS, PROBLEMS
    from dashboard_bench import empty, prepare
    from weasyprint.text.ffi import harfbuzz_subset

    from reports.bulletin.figures import bulletin_figures
    from reports.bulletin.render import PDF_TEMPLATE, bulletin_context
    from reports.dashboards.generate import generate_year
    from reports.pdf import document_to_pdf, html_to_document, render_source
    from targets.models import AssessmentYear

    if not harfbuzz_subset:
        print("warning: libharfbuzz-subset0 is missing: fonts are subset with fontTools, several times slower")
    users = prepare()
    year = AssessmentYear.objects.get(year=2023)
    empty()
    generate_year(year, projects=args.projects, by=users["auditor"])
    snap = bulletin_figures(year, 12, today=dt.date(2024, 1, 10)) | {"issued_at": TODAY_ISSUED}
    created = dt.datetime.fromisoformat(TODAY_ISSUED)
    wall, cpu, pdf = [], [], b""
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        context = bulletin_context(snap, problems=PROBLEMS, next_steps=NEXT_STEPS, state="published")
        source = render_source(PDF_TEMPLATE, context, created=created)
        w1, c1 = time.perf_counter(), time.process_time()
        document = html_to_document(source)
        pdf = document_to_pdf(document, identifier="bench")
        w2, c2 = time.perf_counter(), time.process_time()
        wall.append((w1 - w0, w2 - w1))
        cpu.append((c1 - c0, c2 - c1))
    print(
        f"bulletin, December, {len(snap['units'])} units: {len(pdf) / 1024:.0f} KiB, "
        f"{len(source.html) / 1024:.0f} KiB of HTML, {args.runs} runs"
    )
    for name, series in (("wall", wall), ("cpu", cpu)):
        prep = [a for a, _b in series]
        render = [b for _a, b in series]
        total = [a + b for a, b in series]
        print(
            f"  {name:4}  context+template {statistics.median(prep):.3f} s   WeasyPrint "
            f"{statistics.median(render):.3f} s   total median {statistics.median(total):.3f} s  "
            f"min {min(total):.3f} s"
        )
    print(f"  load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {len(document.pages)} pages")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(pdf)
        print(f"  written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
