"""The three heavy sums of a year's scores in plain SQL (PostgreSQL and SQLite alike).

Why not the ORM here: Django reaches the credited shares of a project's funds through the project table
(funds → project → credit) and adds a hash of every project to the largest query; joining funds to the credits on
``project_id`` directly keeps scoring within twice the cost of one raw GROUP BY over the same funds rows
(bench/score_bench.py). The results are the same sums the ORM querysets in scores.py describe.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection

from projects.models import Contract, FundsInPlace, Investor, InvestorTag, Project, ProjectCredit, ProjectStart

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
    return [(unit, share, amount(total)) for unit, share, total in _rows(sql, params)]


def contract_figures(*, year_start: dt.date, window_start: dt.date, as_of: dt.date) -> list[tuple]:
    """(unit, share, Σ contract amount signed 1 January … cut-off, projects first signed in the window, of which
    started by the cut-off), over confirmed formal contracts; one confirmed start per project at most."""
    sql = f"""
        WITH per_project AS (
            SELECT project_id, MIN(signed_on) AS first_signed,
                   SUM(CASE WHEN signed_on >= %(start)s THEN amount ELSE 0 END) AS year_amount
            FROM {_t(Contract)}
            WHERE status = 'confirmed' AND kind = 'formal' AND signed_on <= %(as_of)s
            GROUP BY project_id
            HAVING MAX(signed_on) >= %(window)s
        )
        SELECT c.unit_id, c.share, SUM(p.year_amount),
               SUM(CASE WHEN p.first_signed >= %(window)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN p.first_signed >= %(window)s AND s.id IS NOT NULL THEN 1 ELSE 0 END)
        FROM per_project p
        JOIN {_t(ProjectCredit)} c ON c.project_id = p.project_id
        LEFT JOIN {_t(ProjectStart)} s
               ON s.project_id = p.project_id AND s.status = 'confirmed' AND s.started_on <= %(as_of)s
        GROUP BY c.unit_id, c.share
    """
    params = {"start": _date(year_start), "window": _date(window_start), "as_of": _date(as_of)}
    return [
        (unit, share, amount(total), int(signed or 0), int(started or 0))
        for unit, share, total, signed, started in _rows(sql, params)
    ]


def bonus_candidates(*, year_start: dt.date, as_of: dt.date, tags: tuple[str, ...]) -> list[dict]:
    """Projects first signed (confirmed formal contract) between 1 January and the cut-off whose investor carries one
    of ``tags`` or that are major producer-service projects, with their confirmed formal amount up to the cut-off, their
    credited units and shares, and all their investor's tags (one query: credits and tags are joined in)."""
    tag_names = {f"tag{i}": code for i, code in enumerate(tags)}
    tagged = ""
    if tag_names:
        placeholders = ", ".join(f"%({name})s" for name in tag_names)
        tagged = f"""OR p.investor_id IN (
            SELECT it.investor_id FROM {_t(Investor.tags.through)} it
            JOIN {_t(InvestorTag)} t ON t.id = it.investortag_id WHERE t.code IN ({placeholders}))"""
    sql = f"""
        SELECT p.id, p.code, p.name, p.kind, p.is_major, x.first_signed, x.amount, c.unit_id, c.share, t.code
        FROM (SELECT project_id, MIN(signed_on) AS first_signed, SUM(amount) AS amount
              FROM {_t(Contract)}
              WHERE status = 'confirmed' AND kind = 'formal' AND signed_on <= %(as_of)s
              GROUP BY project_id
              HAVING MIN(signed_on) >= %(start)s) x
        JOIN {_t(Project)} p ON p.id = x.project_id
        JOIN {_t(ProjectCredit)} c ON c.project_id = p.id
        LEFT JOIN {_t(Investor.tags.through)} it ON it.investor_id = p.investor_id
        LEFT JOIN {_t(InvestorTag)} t ON t.id = it.investortag_id
        WHERE (p.kind = 'producer_service' AND p.is_major) {tagged}
        ORDER BY p.id, c.share DESC, c.id
    """
    params = {"start": _date(year_start), "as_of": _date(as_of), **tag_names}
    projects: dict[int, dict] = {}
    for pid, code, name, kind, is_major, first, total, unit, share, tag in _rows(sql, params):
        row = projects.setdefault(
            pid,
            {
                "project": pid,
                "code": code,
                "name": name,
                "kind": kind,
                "is_major": bool(is_major),
                "first": day(first),
                "amount": amount(total),
                "credits": {},
                "tags": set(),
            },
        )
        row["credits"].setdefault(unit, share)
        if tag:
            row["tags"].add(tag)
    return list(projects.values())
