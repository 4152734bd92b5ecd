"""Render time of the sample monthly bulletin (reports/samples.py: the 2023 plan, 26 units, made-up figures).

    .venv/bin/python bench/pdf_bench.py [--runs 5] [-o var/sample-bulletin.pdf]

Prints the wall-clock and CPU time of each stage (context, template, WeasyPrint) and the page count. CPU time is the
figure to compare on a shared machine: wall time grows with whatever else runs on the cores.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--month", type=int, default=12)
    parser.add_argument("-o", "--output", type=Path, help="also write the PDF here")
    args = parser.parse_args()

    import django

    django.setup()
    from weasyprint.text.ffi import harfbuzz_subset

    from reports.pdf import document_to_pdf, html_to_document, render_source
    from reports.samples import plan_lines_from_csv, sample_context

    if not harfbuzz_subset:
        print("warning: libharfbuzz-subset0 is missing: fonts are subset with fontTools, several times slower")
    lines = plan_lines_from_csv()
    wall, cpu, pdf = [], [], b""
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        context = sample_context(lines, month=args.month)
        source = render_source("reports/pdf/sample_bulletin.html", context)
        w1, c1 = time.perf_counter(), time.process_time()
        document = html_to_document(source)
        pdf = document_to_pdf(document, identifier="bench")
        w2, c2 = time.perf_counter(), time.process_time()
        wall.append((w1 - w0, w2 - w1))
        cpu.append((c1 - c0, c2 - c1))
    print(
        f"sample bulletin, month {args.month}: {len(pdf) / 1024:.0f} KiB, {len(source.html) / 1024:.0f} KiB of HTML, "
        f"{args.runs} runs"
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
