"""The records ledger (INTERCHANGE.md §2): the center's existing Excel ledgers of projects, contracts, starts and
funds in place, imported all or nothing.

``read_ledger`` checks every cell without touching the database; ``import_ledger`` resolves units, sectors, tags and
projects and writes through the same services as the pages, inside one transaction that is rolled back when any row
is wrong (or when only a preview was asked for). Importing the same file twice imports nothing new: projects are
keyed by ``code``, records by their content (project, kind, date, amount …), counted so that two identical rows stay
two records.
"""

from projects.ledger.columns import COLUMNS, SHEETS
from projects.ledger.importing import ImportResult, import_ledger
from projects.ledger.reading import Ledger, Row, read_ledger
from projects.ledger.template import _ORDER, EXAMPLE, template_workbook

__all__ = [
    "COLUMNS",
    "EXAMPLE",
    "SHEETS",
    "_ORDER",
    "ImportResult",
    "Ledger",
    "Row",
    "import_ledger",
    "read_ledger",
    "template_workbook",
]
