"""The stages a person may choose for a project: the service's own rule (``check_stage``) asked of each stage, so the
form never offers 签约/开工 (set by the audit of a formal contract or a start) only to refuse them."""

from django.core.exceptions import ValidationError

from projects.models import Project, Stage
from projects.services import check_stage


def choosable_stages(project: Project | None) -> list[tuple[str, str]]:
    """[(value, label)] of the stages ``check_stage`` accepts for ``project`` (a new one when None), in order; the
    project's current stage is always among them."""
    project = project if project is not None else Project()
    choices = []
    for value, label in Stage.choices:
        try:
            check_stage(project, value)
        except ValidationError:
            continue
        choices.append((value, label))
    return choices


STAGE_HELP = "“签约”“开工”由审核认定的正式合同、开工记录自动确定，无需选择；有认定的开工记录后可标为“投产”。"
STAGE_REFUSED = (
    "所选阶段不能手工选择：“签约”“开工”阶段由审核认定的正式合同、开工记录自动确定，“投产”须先有认定的开工记录"
)
