"""The heavy sums of a year's scores in plain SQL (PostgreSQL and SQLite alike).

Why not the ORM here: Django reaches the credited shares of a project's funds through the project table
(funds → project → credit) and adds a hash of every project to the largest query; joining funds to the credits on
``project_id`` directly keeps scoring within twice the cost of one raw GROUP BY over the same funds rows
(bench/score_bench.py). The results are the same sums the ORM querysets in scores.py describe.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection

from projects.models import (
    Contract,
    FundsInPlace,
    IndustryLabel,
    Investor,
    InvestorTag,
    Project,
    ProjectCredit,
    ProjectStart,
)

FOUR = Decimal("0.0001")


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _date(value: dt.date):
    return connection.ops.adapt_datefield_value(value)


def amount(value) -> Decimal:
    """A sum as an exact Decimal: PostgreSQL returns numeric; SQLite returns a float, rounded back to the 4 places
    every stored amount has (as Django's own SQLite converter does)."""
    if value is None:
        return Decimal("0")
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(FOUR)
    return Decimal(value)


def percent(value) -> Decimal:
    """A credit share as an exact Decimal: SQLite returns 33.33 as a float (Decimal × float would fail), rounded back
    to the 2 places every stored share has."""
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    return Decimal(value)


def day(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def credited_funds(*, year_start: dt.date, as_of: dt.date) -> list[tuple]:
    """(unit, share, Σ amount) of confirmed funds of January … the cut-off's month, of projects with a confirmed
    start on or before the cut-off."""
    # Sum per project first, then credit: the join to the shares runs over projects, not over every funds row.
    sql = f"""
        SELECT c.unit_id, c.share, SUM(x.total)
        FROM (SELECT f.project_id, SUM(f.amount) AS total
              FROM {_t(FundsInPlace)} f
              WHERE f.status = 'confirmed' AND f.month >= %(start)s AND f.month <= %(month)s
              GROUP BY f.project_id) x
        JOIN {_t(ProjectCredit)} c ON c.project_id = x.project_id
        WHERE EXISTS (SELECT 1 FROM {_t(ProjectStart)} s
                      WHERE s.project_id = x.project_id AND s.status = 'confirmed' AND s.started_on <= %(as_of)s)
        GROUP BY c.unit_id, c.share
    """
    params = {"start": _date(year_start), "month": _date(as_of.replace(day=1)), "as_of": _date(as_of)}
    return [(unit, percent(share), amount(total)) for unit, share, total in _rows(sql, params)]


def contract_sums(
    *, year_start: dt.date, window_start: dt.date, as_of: dt.date, tags: tuple[str, ...]
) -> tuple[list[tuple], list[dict]]:
    """One pass over the confirmed formal contracts up to the cut-off, grouped per project, read twice:

    - per (unit, share): Σ amount signed 1 January … cut-off (C), the projects first signed in the window, and of those
      the ones with a confirmed start by the cut-off (one confirmed start per project at most);
    - the bonus candidates: projects first signed between 1 January and the cut-off whose investor carries one of
      ``tags``, that are of a listed producer-service kind (招新引优) or that are industrial (百亿级工业), with their
      amount, credited units, all their tags and their producer-service kind; the rules decide which qualify.
    """
    tag_names = {f"tag{i}": code for i, code in enumerate(tags)}
    group = connection.ops.quote_name("group")
    tagged = ""
    if tag_names:
        placeholders = ", ".join(f"%({name})s" for name in tag_names)
        tagged = f"""OR p.investor_id IN (
            SELECT it.investor_id FROM {_t(Investor.tags.through)} it
            JOIN {_t(InvestorTag)} t ON t.id = it.investortag_id WHERE t.code IN ({placeholders}))"""
    sql = f"""
        WITH per_project AS (
            SELECT project_id, MIN(signed_on) AS first_signed,
                   SUM(CASE WHEN signed_on >= %(start)s THEN amount ELSE 0 END) AS year_amount
            FROM {_t(Contract)}
            WHERE status = 'confirmed' AND kind = 'formal' AND signed_on <= %(as_of)s
            GROUP BY project_id
            HAVING MAX(signed_on) >= %(window)s
        )
        SELECT 'unit', c.unit_id, c.share, SUM(x.year_amount),
               SUM(CASE WHEN x.first_signed >= %(window)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN x.first_signed >= %(window)s AND s.id IS NOT NULL THEN 1 ELSE 0 END),
               CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR(40)), CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(20)),
               CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS VARCHAR(32)), CAST(NULL AS VARCHAR(20))
        FROM per_project x
        JOIN {_t(ProjectCredit)} c ON c.project_id = x.project_id
        LEFT JOIN {_t(ProjectStart)} s
               ON s.project_id = x.project_id AND s.status = 'confirmed' AND s.started_on <= %(as_of)s
        GROUP BY c.unit_id, c.share
        UNION ALL
        SELECT 'bonus', c.unit_id, c.share, x.year_amount, NULL, NULL,
               p.id, p.code, p.name, p.kind, p.is_major, x.first_signed, t.code,
               (SELECT MIN(l.code) FROM {_t(Project.labels.through)} pl
                JOIN {_t(IndustryLabel)} l ON l.id = pl.industrylabel_id
                WHERE pl.project_id = p.id AND l.{group} = 'producer_service') AS service_kind
        FROM per_project x
        JOIN {_t(Project)} p ON p.id = x.project_id
        JOIN {_t(ProjectCredit)} c ON c.project_id = p.id
        LEFT JOIN {_t(Investor.tags.through)} it ON it.investor_id = p.investor_id
        LEFT JOIN {_t(InvestorTag)} t ON t.id = it.investortag_id
        WHERE x.first_signed >= %(start)s AND (p.kind = 'manufacturing' OR EXISTS (
                SELECT 1 FROM {_t(Project.labels.through)} pl JOIN {_t(IndustryLabel)} l ON l.id = pl.industrylabel_id
                WHERE pl.project_id = p.id AND l.{group} = 'producer_service') {tagged})
    """
    params = {"start": _date(year_start), "window": _date(window_start), "as_of": _date(as_of), **tag_names}
    units, projects = [], {}
    rows = _rows(sql, params)
    for row_kind, unit, share, total, signed, started, pid, code, name, kind, is_major, first, tag, service in rows:
        if row_kind == "unit":
            units.append((unit, percent(share), amount(total), int(signed or 0), int(started or 0)))
            continue
        project = projects.setdefault(
            pid,
            {
                "project": pid,
                "code": code,
                "name": name,
                "kind": kind,
                "is_major": bool(is_major),
                "service_kind": service or "",
                "first": day(first),
                "amount": amount(total),
                "credits": {},
                "tags": set(),
            },
        )
        project["credits"].setdefault(unit, percent(share))
        if tag:
            project["tags"].add(tag)
    for project in projects.values():
        project["credits"] = dict(sorted(project["credits"].items(), key=lambda item: (-item[1], item[0])))
    return units, sorted(projects.values(), key=lambda p: p["project"])
