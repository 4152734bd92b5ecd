"""The big-ledger benchmark (issue 13): a ledger of 20,000 funds rows previews in ≤ 5 s and imports in ≤ 20 s.

    .venv/bin/python bench/ledger_bench.py [--funds-rows 20000] [--projects 200] [--keep]

1. Builds a scratch database (a temporary SQLite file, or ``LEDGER_BENCH_DATABASE_URL`` — never a test database):
   migrations, the shipped 2023 plan, one auditor.
2. Generates the ledger: ``--projects`` projects on the projects sheet and ``--funds-rows`` funds rows (one per
   project and month, the months running back from March 2023), strings in the shared-string table as Excel saves.
3. Times ``manage.py import_records --dry-run`` and ``manage.py import_records`` as whole subprocesses from a cold
   start (interpreter, Django, migrations check and all).
4. Starts gunicorn (the production settings, one sync worker, the 60 s worker timeout) on a free port, signs in as the
   auditor and times the upload page's preview (the POST of the file until the page is read) over HTTP.

Prints each number (wall-clock and CPU seconds) against its goal and exits 1 when one is missed (2 when the run
itself failed); ``--judge cpu`` compares CPU seconds, for a machine shared with other work.
"""

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GOALS = {"preview (HTTP)": 5.0, "import (command)": 20.0}
PASSWORD = "Bench@ledger-2023"
UNITS = ["县文化旅游委", "旅发集团", "县交通局", "工贸园区管委会", "县经济信息委"]


def generate(path: Path, *, projects: int, funds_rows: int) -> None:
    import openpyxl

    # A normal workbook, not write-only: strings go to the shared-string table, as Excel and WPS save them.
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("projects")
    sheet.append(["code", "name", "investor", "kind", "total_investment_yi", "credits"])
    for i in range(projects):
        sheet.append([f"B-{i:05d}", f"压测项目{i:05d}", f"压测投资公司{i % 50:02d}", "other", 500, UNITS[i % 5]])
    sheet = book.create_sheet("funds")
    sheet.append(["project_code", "month", "amount_yi", "source", "status"])
    months = -(-funds_rows // projects)
    for i in range(funds_rows):
        project, back = i % projects, i // projects
        year, month = divmod(2023 * 12 + 2 - back, 12)  # March 2023 and earlier
        if months > 12 * (2023 - 2000):
            raise SystemExit("too many months per project: add projects")
        sheet.append([f"B-{project:05d}", f"{year}-{month + 1:02d}", "0.0123", "bank", "confirmed"])
    book.save(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CPU = {}  # measure → CPU seconds (user + system) of the process that did the work


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(env, *args, check=True, measure: str = "") -> tuple[float, subprocess.CompletedProcess]:
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if measure:
        CPU[measure] = _children_cpu() - cpu
    if check and done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(2)
    return elapsed, done


def preview_over_http(env, ledger: Path, log: Path) -> tuple[float, int, int]:
    """Seconds for the upload page's preview of ``ledger``, the page's status and size (gunicorn's log in ``log``)."""
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "wushan_invest.wsgi", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_LOG_LEVEL": "warning",
            # Measured even past production's 60 s worker timeout, so a miss is a number, not a crash.
            "GUNICORN_TIMEOUT": "300",
        },
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 (closed with the process)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                opener.open(base + "/accounts/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        csrf = lambda: next(c.value for c in jar if c.name == "csrftoken")  # noqa: E731
        body = urllib.parse.urlencode(
            {"username": "bench-auditor", "password": PASSWORD, "csrfmiddlewaretoken": csrf()}
        ).encode()
        login = urllib.request.Request(base + "/accounts/login/", body, headers={"Referer": base + "/accounts/login/"})
        opener.open(login, timeout=30).read()
        page = opener.open(base + "/ledger-import/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{ledger.name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
            + ledger.read_bytes()
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        upload = urllib.request.Request(
            base + "/ledger-import/",
            b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": base + "/ledger-import/"},
        )
        worker = int(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()[0])
        started, cpu = time.perf_counter(), _cpu_of(worker)
        try:
            with opener.open(upload, timeout=120) as response:
                html = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            print(f"preview answered {exc.code}; gunicorn's log:", log.read_text()[-4000:], sep="\n", file=sys.stderr)
            raise SystemExit(2) from None
        elapsed = time.perf_counter() - started
        CPU["preview (HTTP)"] = _cpu_of(worker) - cpu
        if "检查通过" not in html.decode():
            print(html.decode()[-3000:], file=sys.stderr)
            raise SystemExit(2)
        return elapsed, status, len(html)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--funds-rows", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (database, ledger)")
    parser.add_argument(
        "--judge",
        choices=["wall", "cpu"],
        default="wall",
        help="compare the goals with wall-clock time (default) or with the CPU time of the process doing the work "
        "(on a machine shared with other jobs, where wall-clock time measures the others too)",
    )
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    url = os.environ.get("LEDGER_BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
    if re.search(r"/(test[^/]*|wushan|wushan_bench|wushan_load)$", url):
        raise SystemExit(f"refusing to use {url}")
    # As on a server (and as bench/waits.py runs its subprocesses): bytecode compiled once and cached, in
    # var/pycache-bench so the tree stays clean; a shell's PYTHONDONTWRITEBYTECODE=1 would add the compiling of every
    # module to each command and to the worker's first ledger.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **env,
        "PYTHONPYCACHEPREFIX": str(ROOT / "var" / "pycache-bench"),
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(scratch / "media"),
        "DEBUG": "0",
        "SECRET_KEY": "ledger-bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    try:
        run(env, "migrate", "-v0")  # compiles and caches the bytecode too (as a deployment's first command)
        run(env, "import_targets", str(ROOT / "targets" / "data" / "targets_2023.csv"), "--year", "2023")
        run(
            env,
            "shell",
            "-c",
            "from accounts.models import User, Role; "
            f"u = User(username='bench-auditor', role=Role.AUDITOR); u.set_password('{PASSWORD}'); u.save()",
        )
        ledger = scratch / "ledger-20000.xlsx"
        generate(ledger, projects=options.projects, funds_rows=options.funds_rows)
        size = ledger.stat().st_size
        print(f"ledger: {options.projects} projects, {options.funds_rows} funds rows, {size / 1024:.0f} KB")

        results = {}
        results["preview (command --dry-run)"], done = run(
            env, "import_records", str(ledger), "--dry-run", measure="preview (command --dry-run)"
        )
        print(f"preview (command --dry-run): {results['preview (command --dry-run)']:.1f} s", flush=True)
        results["preview (HTTP)"], status, page_size = preview_over_http(env, ledger, scratch / "gunicorn.log")
        print(f"preview page: HTTP {status}, {page_size / 1024:.0f} KB")
        results["import (command)"], done = run(
            env, "import_records", str(ledger), "--as", "bench-auditor", measure="import (command)"
        )
        print(done.stdout.strip().splitlines()[-1])
    finally:
        if options.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    missed = False
    judged = "CPU seconds" if options.judge == "cpu" else "wall-clock seconds"
    print(f"\n{'measure':<30}{'wall s':>8}{'CPU s':>8}{'goal':>8}   (judged on {judged})")
    for name, seconds in results.items():
        goal, cpu = GOALS.get(name), CPU.get(name, float("nan"))
        judged_value = cpu if options.judge == "cpu" else seconds
        verdict = "" if goal is None else ("  ok" if judged_value <= goal else "  MISSED")
        missed |= goal is not None and judged_value > goal
        print(f"{name:<30}{seconds:>8.1f}{cpu:>8.1f}{(f'≤ {goal:g}' if goal else '—'):>8}{verdict}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"(run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
