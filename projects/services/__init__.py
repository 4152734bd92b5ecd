"""Every write to projects and records: one audited, transactional function each.

Views, management commands, imports and tests call these; nothing else writes these tables.
Business rules raise ``django.core.exceptions.ValidationError`` with Chinese messages keyed by field; workflow
conflicts raise ``WorkflowError`` (or ``StaleRecord`` when someone else acted first).

One module per subject; ``from projects.services import X`` (or ``services.X``) reaches every public name.
"""

from projects.services.common import (
    KIND_OF_MODEL,
    KINDS_NEEDING_EVIDENCE,
    RECORD_MODELS,
    StaleRecord,
    WorkflowError,
    kind_of,
    needs_evidence,
)
from projects.services.events import attendance_record, required_event_save
from projects.services.evidence import check_evidence_file, evidence_attach, evidence_remove
from projects.services.facts import (
    project_locked,
    proposal_confirm,
    proposal_return,
    proposal_save,
    proposal_submit,
    version_history,
)
from projects.services.ledger_import import record_import, records_import
from projects.services.library import access_investor_is_own, project_edit, project_register, record_file
from projects.services.projects import (
    STAGE_ORDER,
    check_credits,
    check_investor,
    check_project,
    check_stage,
    ensure_investor_tags_open,
    investor_identity,
    investor_save,
    project_create,
    project_set_credits,
    project_update,
    stage_floor,
    tags_differ,
)
from projects.services.records import CORRECTION_SKIP, record_correct, record_create, record_update, validate_record
from projects.services.workflow import record_confirm, record_return, record_submit

__all__ = [
    "access_investor_is_own",
    "project_locked",
    "proposal_confirm",
    "proposal_return",
    "proposal_save",
    "proposal_submit",
    "version_history",
    "CORRECTION_SKIP",
    "KINDS_NEEDING_EVIDENCE",
    "KIND_OF_MODEL",
    "RECORD_MODELS",
    "STAGE_ORDER",
    "StaleRecord",
    "WorkflowError",
    "attendance_record",
    "check_credits",
    "check_evidence_file",
    "check_investor",
    "check_project",
    "check_stage",
    "ensure_investor_tags_open",
    "evidence_attach",
    "evidence_remove",
    "investor_identity",
    "investor_save",
    "kind_of",
    "needs_evidence",
    "project_create",
    "project_edit",
    "project_register",
    "project_set_credits",
    "project_update",
    "record_confirm",
    "record_correct",
    "record_create",
    "record_file",
    "record_import",
    "records_import",
    "record_return",
    "record_submit",
    "record_update",
    "required_event_save",
    "stage_floor",
    "tags_differ",
    "validate_record",
]
