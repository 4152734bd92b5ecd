"""Nothing lost: the records the load test's filers were sent to (bench/results/filed.jsonl, one line per 302 to a
new record's page) must be exactly the contracts, starts and funds those accounts hold in the database afterwards,
each with its evidence and sent to the center (待审核, or 已认定 by an auditor of the run).

Prints a JSON summary; exit status 1 (and a line on stderr) when anything differs.

    DATABASE_URL=postgres://…/wushan_load .venv/bin/python bench/load_check.py bench/results/filed.jsonl
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402

from accounts.models import User  # noqa: E402
from projects.models import Contract, Evidence, FundsInPlace, ProjectStart, Status  # noqa: E402

MODELS = {"contract": Contract, "start": ProjectStart, "funds": FundsInPlace}


def main(path: Path) -> int:
    text = path.read_text(encoding="utf-8") if path.exists() else ""  # a short run may file nothing
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    reported = {(r["kind"], r["pk"]) for r in lines}
    users = User.objects.filter(username__regex=r"^lt\d+_\d+$")
    found, statuses, without_evidence = set(), Counter(), []
    for kind, model in MODELS.items():
        rows = model.objects.filter(created_by__in=users).values_list("pk", "status")
        with_evidence = set(
            Evidence.objects.filter(
                content_type=ContentType.objects.get_for_model(model), removed_at__isnull=True
            ).values_list("object_id", flat=True)
        )
        for pk, status in rows:
            found.add((kind, pk))
            statuses[f"{kind}:{status}"] += 1
            if pk not in with_evidence:
                without_evidence.append(f"{kind}#{pk}")
    missing = sorted(reported - found)
    unreported = sorted(found - reported)
    not_sent = [k for k, n in statuses.items() if k.split(":")[1] not in (Status.SUBMITTED, Status.CONFIRMED) and n]
    summary = {
        "filed_by_responses": len(lines),
        "distinct_filed": len(reported),
        "found_in_database": len(found),
        "by_kind": dict(Counter(kind for kind, _ in found)),
        "statuses": dict(sorted(statuses.items())),
        "missing_from_database": [f"{k}#{pk}" for k, pk in missing][:50],
        "in_database_not_reported": [f"{k}#{pk}" for k, pk in unreported][:50],
        "without_evidence": without_evidence[:50],
        "duplicates_in_responses": len(lines) - len(reported),
    }
    ok = (
        len(lines) == len(reported) == len(found)
        and not missing
        and not unreported
        and not without_evidence
        and not not_sent
    )
    summary["ok"] = ok
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if not ok:
        print(
            f"NOTHING-LOST CHECK FAILED: {len(reported)} records filed according to the responses, "
            f"{len(found)} in the database; missing {len(missing)}, unreported {len(unreported)}, "
            f"without evidence {len(without_evidence)}, not sent to the center: {not_sent}",
            file=sys.stderr,
        )
        return 1
    print(f"nothing lost: {len(found)} records filed = {len(found)} in the database", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "results" / "filed.jsonl")))
