"""docs/scoring.md's worked example, set up through the services and checked against the `score` command's output."""

import io
import json
import re
from pathlib import Path

from django.core.management import call_command

from projects.models import IndustryLabel
from tests.helpers import (
    confirmed_contract,
    confirmed_funds,
    confirmed_report,
    confirmed_start,
    make_project,
    required_event,
    unit,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
TOURISM, TRANSPORT, COMMERCE = "县文化旅游委", "县交通局", "县商务委"


def expected():
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- worked-example -->\s*```json\n(.*?)\n```", text, re.S)
    return json.loads(block.group(1))


def subset(actual, wanted):
    """``actual`` restricted to the keys ``wanted`` names, recursively."""
    if isinstance(wanted, dict):
        return {k: subset(actual[k], v) for k, v in wanted.items()}
    return actual


def test_the_worked_example_of_the_documentation_is_what_the_system_computes(filer, auditor, earlier_years):
    ctx = {"filer": filer, "auditor": auditor}
    a = make_project(
        by=filer,
        code="A",
        credits=[(TOURISM, 100)],
        investor="甲集团",
        investor_tags=["global500"],
        total_investment="30",
    )
    confirmed_contract(a, **ctx, amount="12", signed_on="2023-02-15")
    confirmed_start(a, **ctx, started_on="2023-04-10")
    for month, amount in (("2023-04", "0.8"), ("2023-05", "0.6"), ("2023-06", "0.6")):
        confirmed_funds(a, **ctx, month=month, amount=amount)

    b = make_project(
        by=filer, code="B", credits=[(TRANSPORT, 70), (COMMERCE, 30)], investor="乙公司", total_investment="30"
    )
    confirmed_contract(b, **ctx, amount="20", signed_on="2023-01-10", kind="intention")
    confirmed_contract(b, **ctx, amount="8", signed_on="2023-03-20")
    confirmed_start(b, **ctx, started_on="2023-05-08")
    confirmed_funds(b, **ctx, month="2023-05", amount="1.0")
    confirmed_funds(b, **ctx, month="2023-06", amount="1.5")

    c = make_project(by=filer, code="C", credits=[(TRANSPORT, 100)], investor="丙公司", year=2022)
    confirmed_contract(c, **ctx, amount="5", signed_on="2022-06-01")
    confirmed_start(c, **ctx, started_on="2022-10-01")
    for month, amount in (("2023-01", "0.3"), ("2023-02", "0.3"), ("2023-03", "0.4")):
        confirmed_funds(c, **ctx, month=month, amount=amount)

    d = make_project(
        by=filer,
        code="D",
        credits=[(COMMERCE, 100)],
        investor="丁研究院",
        kind="producer_service",
        labels=[IndustryLabel.objects.get(group="producer_service", code="R")],
    )
    confirmed_contract(d, **ctx, amount="2", signed_on="2023-05-30")
    confirmed_funds(d, **ctx, month="2023-06", amount="0.5")

    e = make_project(by=filer, code="E", credits=[(TOURISM, 100)], investor="戊公司", year=2021)
    confirmed_contract(e, **ctx, amount="3", signed_on="2021-03-01")

    for month in range(1, 7):
        confirmed_report(unit(TOURISM), **ctx, month=f"2023-{month:02d}", missing=["publicity"] if month == 3 else [])
        confirmed_report(unit(TRANSPORT), **ctx, month=f"2023-{month:02d}")
        if month < 6:
            confirmed_report(unit(COMMERCE), **ctx, month=f"2023-{month:02d}")
    required_event(
        by=auditor,
        held_on="2023-04-20",
        title="招商大讲堂",
        kind="training",
        attended=[TOURISM, COMMERCE],
        missed=[TRANSPORT],
    )

    wanted = expected()
    out = io.StringIO()
    call_command("score", "--year", "2023", "--as-of", wanted["as_of"], "--format", "json", stdout=out)
    units = {u["unit"]: u for u in json.loads(out.getvalue())["responsible_units"]}
    for name, figures in wanted["units"].items():
        assert subset(units[name], figures) == figures, name
