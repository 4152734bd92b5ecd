"""Forms validate and normalise; the services in projects/services/ apply the business rules and save.

One module per subject; ``from projects.forms import X`` reaches every form."""

from projects.forms.common import (
    AMOUNT_HELP,
    DateInput,
    MonthField,
    MonthInput,
    OnceMixin,
    apply_errors,
    checkbox_classes,
)
from projects.forms.events import RequiredEventForm
from projects.forms.filters import KIND_CHOICES, RecordFilterForm, RecordListForm
from projects.forms.ledger import LedgerUploadForm
from projects.forms.library import (
    BaseCreditFormSet,
    CreditForm,
    CreditFormSet,
    LabelChoiceField,
    ProjectForm,
    SectorChoiceField,
    credit_initial,
)
from projects.forms.records import (
    RECORD_FORMS,
    ActivityForm,
    ConfirmForm,
    ContractForm,
    CorrectionMixin,
    EvidenceForm,
    FundsForm,
    RecordForm,
    ReportForm,
    ReturnForm,
    StartForm,
    correction_form,
    initial_of,
)

__all__ = [
    "AMOUNT_HELP",
    "KIND_CHOICES",
    "RECORD_FORMS",
    "ActivityForm",
    "BaseCreditFormSet",
    "ConfirmForm",
    "ContractForm",
    "CorrectionMixin",
    "CreditForm",
    "CreditFormSet",
    "DateInput",
    "EvidenceForm",
    "FundsForm",
    "LabelChoiceField",
    "LedgerUploadForm",
    "MonthField",
    "MonthInput",
    "OnceMixin",
    "ProjectForm",
    "RecordFilterForm",
    "RecordForm",
    "RecordListForm",
    "ReportForm",
    "RequiredEventForm",
    "ReturnForm",
    "SectorChoiceField",
    "StartForm",
    "apply_errors",
    "checkbox_classes",
    "correction_form",
    "credit_initial",
    "initial_of",
]
