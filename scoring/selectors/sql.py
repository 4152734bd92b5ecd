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
    FactCredit,
    FundsInPlace,
    IndustryLabel,
    Investor,
    InvestorTag,
    InvestorTagVersion,
    Project,
    ProjectCredit,
    ProjectFactVersion,
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


def facts_at() -> str:
    """CTEs of the project facts in force at the cut-off ``%(as_of)s`` (issue 10, docs/integrity.md):

    - ``fv``: per project, its last confirmed version (highest id: versions are written as they are confirmed)
      dated on or before the cut-off;
    - ``cr`` (project_id, unit_id, share): the credited units and shares of that version, or the live credits of a
      project without any version (rows written by bulk paths before it had one);
    - ``pf`` (project_id, kind, is_major, investor_id, sector_id, version_id): the project row facts likewise;
    - ``tg`` (investor_id, code): the investor tags in force, by the same rule.

    A proposal, drafted or submitted, is in none of them: only a confirmation writes a version."""
    v, t = _t(ProjectFactVersion), _t(InvestorTagVersion)
    return f"""{_credits_in_force(per_cut=False)},
        pf AS (
            SELECT p.id AS project_id, COALESCE(v.kind, p.kind) AS kind, COALESCE(v.is_major, p.is_major) AS is_major,
                   COALESCE(v.investor_id, p.investor_id) AS investor_id,
                   CASE WHEN v.id IS NULL THEN p.sector_id ELSE v.sector_id END AS sector_id, v.id AS version_id
            FROM {_t(Project)} p LEFT JOIN fv ON fv.project_id = p.id LEFT JOIN {v} v ON v.id = fv.id
            WHERE fv.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM {v} w WHERE w.project_id = p.id)
        ),
        tv AS (
            SELECT x.investor_id, MAX(x.id) AS id FROM {t} x
            WHERE x.effective_on <= %(as_of)s GROUP BY x.investor_id
        ),
        tg AS (
            SELECT tv.investor_id, tt.code FROM tv
            JOIN {_t(InvestorTagVersion.tags.through)} vt ON vt.investortagversion_id = tv.id
            JOIN {_t(InvestorTag)} tt ON tt.id = vt.investortag_id
            UNION ALL
            SELECT it.investor_id, tt.code FROM {_t(Investor.tags.through)} it
            JOIN {_t(InvestorTag)} tt ON tt.id = it.investortag_id
            WHERE NOT EXISTS (SELECT 1 FROM {t} y WHERE y.investor_id = it.investor_id)
        )"""


def _credits_in_force(*, per_cut: bool) -> str:
    """The ``fv`` and ``cr`` CTEs of ``facts_at`` (one cut-off, ``%(as_of)s``) or, ``per_cut``, of every cut-off of
    a ``cuts (cut)`` CTE the caller defines, each row then led by its ``cut``: the one version-selection rule."""
    v = _t(ProjectFactVersion)
    cut = "d.cut, " if per_cut else ""
    versions = (
        f"cuts d JOIN {v} v ON v.effective_on <= d.cut" if per_cut else f"{v} v WHERE v.effective_on <= %(as_of)s"
    )
    live = f"cuts d CROSS JOIN {_t(ProjectCredit)} c" if per_cut else f"{_t(ProjectCredit)} c"
    return f"""
        fv AS (
            SELECT {cut}v.project_id, MAX(v.id) AS id FROM {versions} GROUP BY {cut}v.project_id
        ),
        cr AS (
            SELECT {cut.replace("d.", "fv.")}fv.project_id, fc.unit_id, fc.share
            FROM fv JOIN {_t(FactCredit)} fc ON fc.version_id = fv.id
            UNION ALL
            SELECT {cut}c.project_id, c.unit_id, c.share FROM {live}
            WHERE NOT EXISTS (SELECT 1 FROM {v} w WHERE w.project_id = c.project_id)
        )"""


def credits_at_each(cut_offs: list[dt.date]) -> tuple[str, dict]:
    """``cuts`` and the per-cut ``fv``/``cr`` CTEs (cut, project_id, unit_id, share): the credits in force at each
    of ``cut_offs``, with the parameters naming them. For the five-colour chart, whose every month is a score."""
    names = {f"cut{i}": _date(day) for i, day in enumerate(cut_offs)}
    values = ", ".join(f"(%({name})s)" for name in names)
    return f"cuts (cut) AS (VALUES {values}), {_credits_in_force(per_cut=True)}", names


def _labels_at(group: str) -> str:
    """The producer-service kind of the facts in force (``pf``): of its version's labels, else its live ones."""
    return f"""COALESCE(
        (SELECT MIN(l.code) FROM {_t(ProjectFactVersion.labels.through)} vl
         JOIN {_t(IndustryLabel)} l ON l.id = vl.industrylabel_id
         WHERE vl.projectfactversion_id = pf.version_id AND l.{group} = 'producer_service'),
        (SELECT MIN(l.code) FROM {_t(Project.labels.through)} pl
         JOIN {_t(IndustryLabel)} l ON l.id = pl.industrylabel_id
         WHERE pf.version_id IS NULL AND pl.project_id = pf.project_id AND l.{group} = 'producer_service'))"""


def unit_shares(*, unit_id: int, as_of: dt.date) -> dict[int, Decimal]:
    """{project: share} of the projects credited to the unit in the facts in force at the cut-off."""
    sql = f"WITH {facts_at()} SELECT c.project_id, c.share FROM cr c WHERE c.unit_id = %(unit)s"
    return {project: percent(share) for project, share in _rows(sql, {"as_of": _date(as_of), "unit": unit_id})}


def unit_credits(*, unit_id: int, as_of: dt.date) -> list[tuple[int, Decimal, int | None]]:
    """(project, share, sector) of the projects credited to the unit in the facts in force at the cut-off: the unit
    dashboard's project list, whose shares and sectors are those the score counts."""
    sql = f"""
        WITH {facts_at()}
        SELECT c.project_id, c.share, {_sector_at()}
        FROM cr c JOIN {_t(Project)} p ON p.id = c.project_id LEFT JOIN pf ON pf.project_id = c.project_id
        WHERE c.unit_id = %(unit)s
    """
    rows = _rows(sql, {"as_of": _date(as_of), "unit": unit_id})
    return [(project, percent(share), sector) for project, share, sector in rows]


def project_facts(*, project_ids: list[int], as_of: dt.date) -> dict[int, dict]:
    """{project: {"sector": id or None, "credits": [(unit, share)] largest first}} in force at the cut-off, for a
    short list of projects (the county's largest): one query."""
    if not project_ids:
        return {}
    names = {f"p{i}": pid for i, pid in enumerate(project_ids)}
    wanted = ", ".join(f"%({name})s" for name in names)
    sql = f"""
        WITH {facts_at()}
        SELECT p.id, {_sector_at()}, c.unit_id, c.share
        FROM {_t(Project)} p LEFT JOIN pf ON pf.project_id = p.id LEFT JOIN cr c ON c.project_id = p.id
        WHERE p.id IN ({wanted})
    """
    out = {}
    for pid, sector, unit, share in _rows(sql, {"as_of": _date(as_of), **names}):
        facts = out.setdefault(pid, {"sector": sector, "credits": []})
        if unit is not None:
            facts["credits"].append((unit, percent(share)))
    for facts in out.values():
        facts["credits"].sort(key=lambda credit: (-credit[1], credit[0]))
    return out


def _sector_at() -> str:
    """The sector in force (``pf``), or the live one of a project none of whose versions applies yet (it has no
    credits then, but the county still counts its records)."""
    return "CASE WHEN pf.project_id IS NULL THEN p.sector_id ELSE pf.sector_id END"


def sector_totals(*, year_start: dt.date, as_of: dt.date) -> tuple[dict, dict]:
    """({sector: Σ C}, {sector: Σ F}) by the sector in force at the cut-off (None: no sector): the county's counted
    contracts and funds, the same records as ``counted_contracts`` and ``counted_funds``. One query."""
    sql = f"""
        WITH {facts_at()},
        x AS (
            SELECT 'contract' AS what, project_id, SUM(amount) AS total FROM {_t(Contract)}
            WHERE status = 'confirmed' AND kind = 'formal' AND signed_on >= %(start)s AND signed_on <= %(as_of)s
            GROUP BY project_id
            UNION ALL
            SELECT 'funds' AS what, f.project_id, SUM(f.amount) AS total FROM {_t(FundsInPlace)} f
            WHERE f.status = 'confirmed' AND f.month >= %(start)s AND f.month <= %(month)s
              AND EXISTS (SELECT 1 FROM {_t(ProjectStart)} s
                          WHERE s.project_id = f.project_id AND s.status = 'confirmed' AND s.started_on <= %(as_of)s)
            GROUP BY f.project_id
        )
        SELECT y.what, y.sector_id, SUM(y.total)
        FROM (SELECT x.what, {_sector_at()} AS sector_id, x.total
              FROM x JOIN {_t(Project)} p ON p.id = x.project_id LEFT JOIN pf ON pf.project_id = x.project_id) y
        GROUP BY y.what, y.sector_id
    """
    params = {"start": _date(year_start), "month": _date(as_of.replace(day=1)), "as_of": _date(as_of)}
    contracts, funds = {}, {}
    for what, sector, total in _rows(sql, params):
        (contracts if what == "contract" else funds)[sector] = amount(total)
    return contracts, funds


def credited_funds(*, year_start: dt.date, as_of: dt.date) -> list[tuple]:
    """(unit, share, Σ amount) of confirmed funds of January … the cut-off's month, of projects with a confirmed
    start on or before the cut-off."""
    # Sum per project first, then credit: the join to the shares runs over projects, not over every funds row.
    sql = f"""
        WITH {facts_at()}
        SELECT c.unit_id, c.share, SUM(x.total)
        FROM (SELECT f.project_id, SUM(f.amount) AS total
              FROM {_t(FundsInPlace)} f
              WHERE f.status = 'confirmed' AND f.month >= %(start)s AND f.month <= %(month)s
              GROUP BY f.project_id) x
        JOIN cr c ON c.project_id = x.project_id
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
        tagged = f"OR k.investor_id IN (SELECT tg.investor_id FROM tg WHERE tg.code IN ({placeholders}))"
    sql = f"""
        WITH per_project AS (
            SELECT project_id, MIN(signed_on) AS first_signed,
                   SUM(CASE WHEN signed_on >= %(start)s THEN amount ELSE 0 END) AS year_amount
            FROM {_t(Contract)}
            WHERE status = 'confirmed' AND kind = 'formal' AND signed_on <= %(as_of)s
            GROUP BY project_id
            HAVING MAX(signed_on) >= %(window)s
        ),
        {facts_at()},
        k AS (
            SELECT pf.project_id, pf.kind, pf.is_major, pf.investor_id, {_labels_at(group)} AS service_kind
            FROM pf JOIN per_project x ON x.project_id = pf.project_id
            WHERE x.first_signed >= %(start)s
        )
        SELECT 'unit', c.unit_id, c.share, SUM(x.year_amount),
               SUM(CASE WHEN x.first_signed >= %(window)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN x.first_signed >= %(window)s AND s.id IS NOT NULL THEN 1 ELSE 0 END),
               CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR(40)), CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(20)),
               CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS VARCHAR(32)), CAST(NULL AS VARCHAR(20))
        FROM per_project x
        JOIN cr c ON c.project_id = x.project_id
        LEFT JOIN {_t(ProjectStart)} s
               ON s.project_id = x.project_id AND s.status = 'confirmed' AND s.started_on <= %(as_of)s
        GROUP BY c.unit_id, c.share
        UNION ALL
        SELECT 'bonus', c.unit_id, c.share, x.year_amount, NULL, NULL,
               p.id, p.code, p.name, k.kind, k.is_major, x.first_signed, t.code, k.service_kind
        FROM per_project x
        JOIN k ON k.project_id = x.project_id
        JOIN {_t(Project)} p ON p.id = x.project_id
        JOIN cr c ON c.project_id = p.id
        LEFT JOIN tg t ON t.investor_id = k.investor_id
        WHERE k.kind = 'manufacturing' OR k.service_kind IS NOT NULL {tagged}
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
