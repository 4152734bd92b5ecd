"""The load test's summary table (from locust's CSV, the sign-in times and the nothing-lost check), printed and kept in
bench/results/summary.md. Exit status 1 when a goal is missed: ≥ 50 requests/s, p95 ≤ 500 ms for every page
(GET) and every form post, no failed request, nothing lost."""

import argparse
import csv
import json
import sys
from pathlib import Path

GOAL_RPS = 50
GOAL_P95_MS = 500


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--uptime-before", default="")
    parser.add_argument("--uptime-after", default="")
    parser.add_argument("--workers", default="")
    parser.add_argument("--threads", default="")
    parser.add_argument("--users", default="")
    parser.add_argument("--check-status", type=int, default=0)
    parser.add_argument("--cpu-server", type=float, default=0.0, help="CPU seconds of gunicorn's processes")
    parser.add_argument("--cpu-locust", type=float, default=0.0, help="CPU seconds of locust")
    parser.add_argument("--speed", type=float, default=0.0, help="CPU seconds of a 10-million-step Python loop")
    parser.add_argument("--hash-cpu", type=float, default=0.0, help="CPU seconds of one PBKDF2 password hash")
    args = parser.parse_args()
    stats_path = args.results / "locust_stats.csv"
    if not stats_path.exists():
        print(f"no locust statistics in {stats_path}; see {args.results / 'locust.log'}", file=sys.stderr)
        return 1
    rows = list(csv.DictReader(stats_path.open(encoding="utf-8")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [
        "| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    slow = []
    for r in sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -int(r["Request Count"])):
        name = r["Name"] if r["Name"].startswith(("GET", "POST")) else f"{r['Type']} {r['Name']}"
        sign_in = "accounts/login" in name
        p95 = float(r["95%"]) if r["95%"] not in ("", "N/A") else 0.0  # locust writes N/A for a request never made
        mark = ""
        if not sign_in and p95 > GOAL_P95_MS:
            slow.append(name)
            mark = " ⚠"
        lines.append(
            f"| {name}{mark} | {r['Request Count']} | {float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | "
            f"{r['99%']} | {float(r['Max Response Time']):.0f} | {r['Failure Count']} |"
        )
    lines.append(
        f"| **all** | {total['Request Count']} | **{float(total['Requests/s']):.1f}** | {total['50%']} | "
        f"{total['95%']} | {total['99%']} | {float(total['Max Response Time']):.0f} | {total['Failure Count']} |"
    )
    logins = {}
    if (args.results / "logins.json").exists():
        logins = json.loads((args.results / "logins.json").read_text())
    check = {}
    try:
        check = json.loads((args.results / "check.json").read_text())
    except (OSError, ValueError):
        pass
    failures = []
    if (args.results / "locust_failures.csv").exists():
        failures = list(csv.DictReader((args.results / "locust_failures.csv").open(encoding="utf-8")))

    rps = float(total["Requests/s"])
    failed = int(total["Failure Count"])
    goals = {
        f"≥ {GOAL_RPS} requests/s": rps >= GOAL_RPS,
        f"p95 ≤ {GOAL_P95_MS} ms for every page and form post": not slow,
        "no failed request": failed == 0,
        "nothing lost (records filed = records in the database)": args.check_status == 0 and check.get("ok", False),
    }
    out = [
        f"Month-end load test: {args.users} users, gunicorn {args.workers} workers × {args.threads} threads "
        "(statistics after every user had signed in)",
        "",
        f"- load before: `{args.uptime_before.strip()}`",
        f"- load after:  `{args.uptime_after.strip()}`",
        *(
            [f"- this machine's speed: a 10-million-step Python loop took {args.speed:.2f} CPU s before the run"]
            if args.speed
            else []
        ),
        "",
        *lines,
        "",
        f"- sign-in (GET form + POST, PBKDF2) of {logins.get('count', '?')} users during the ramp: "
        f"p50 {logins.get('p50_ms', '?')} ms, p95 {logins.get('p95_ms', '?')} ms, max {logins.get('max_ms', '?')} ms",
        f"- records filed (from the responses): {check.get('filed_by_responses', '?')}; found in the database: "
        f"{check.get('found_in_database', '?')} {check.get('by_kind', '')}; statuses {check.get('statuses', '')}",
    ]
    served = sum(1 for _ in (args.results / "access.log").open()) if (args.results / "access.log").exists() else 0
    if served and args.cpu_server:
        out.append(
            f"- CPU used by gunicorn over the whole run (ramp and sign-ins included): {args.cpu_server:.0f} s for "
            f"{served} requests = **{1000 * args.cpu_server / served:.1f} ms per request** (what a quiet machine's two "
            f"cores must supply, PostgreSQL apart); locust: {args.cpu_locust:.0f} s "
            f"({1000 * args.cpu_locust / served:.1f} ms per request)"
        )
        if args.hash_cpu and logins.get("count"):
            signing_in = logins["count"] * args.hash_cpu
            rest = args.cpu_server - signing_in
            out.append(
                f"- of which the sign-ins' password hashes: {logins['count']} × {args.hash_cpu:.2f} s ≈ {signing_in:.0f} s; "
                f"the other requests: {1000 * rest / served:.1f} ms each"
            )
    for failure in failures[:10]:
        out.append(f"- failure ×{failure['Occurrences']}: {failure['Method']} {failure['Name']}: {failure['Error']}")
    out.append("")
    for goal, met in goals.items():
        out.append(f"- {'PASS' if met else 'FAIL'} {goal}")
    if slow:
        out.append(f"- slower than {GOAL_P95_MS} ms at p95: {', '.join(slow)}")
    text = "\n".join(out)
    (args.results / "summary.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
