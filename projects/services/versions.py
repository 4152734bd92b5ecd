"""Writing confirmed versions of project facts and investor tags (read by scoring as of a cut-off)."""

from django.utils import timezone

from accounts.access import can
from projects.models import (
    FROM_START,
    FactCredit,
    FactSource,
    Investor,
    InvestorTagVersion,
    Project,
    ProjectFactVersion,
)


def record_project_version(
    *,
    project,
    source,
    by,
    confirmed_by=None,
    reason="",
    effective_on=FROM_START,
    proposal=None,
    now=None,
    labels=None,
    credits=None,
) -> ProjectFactVersion:
    """A new confirmed version holding the project's live facts (the caller has just written them). ``labels`` and
    ``credits`` [(unit, share)]: the ones the caller just wrote, in hand (a new project: no reading them back)."""
    if credits is None:
        project = Project.objects.get(pk=project.pk)
    version = ProjectFactVersion.objects.create(
        project=project,
        effective_on=effective_on,
        source=source,
        reason=reason,
        proposal=proposal,
        proposed_by=by,
        confirmed_by=confirmed_by or by,
        confirmed_at=now or timezone.now(),
        investor_id=project.investor_id,
        kind=project.kind,
        is_major=project.is_major,
        sector_id=project.sector_id,
        in_fai_statistics=project.in_fai_statistics,
        total_investment=project.total_investment,
    )
    if credits is None:
        version.labels.set(project.labels.all())
        pairs = list(project.credits.values_list("unit_id", "share"))
    else:
        if labels:
            version.labels.set(labels)
        pairs = [(getattr(u, "pk", u), s) for u, s in credits]
    FactCredit.objects.bulk_create(FactCredit(version=version, unit_id=u, share=s) for u, s in pairs)
    return version


def record_tag_version(
    *, investor, source, by, confirmed_by=None, reason="", effective_on=FROM_START, proposal=None, now=None
) -> InvestorTagVersion:
    version = InvestorTagVersion.objects.create(
        investor=investor,
        effective_on=effective_on,
        source=source,
        reason=reason,
        proposal=proposal,
        proposed_by=by,
        confirmed_by=confirmed_by or by,
        confirmed_at=now or timezone.now(),
    )
    version.tags.set(investor.tags.all())
    return version


def ensure_initial_versions(project) -> None:
    """A project (or investor) written before versions existed, or by a bulk path, gets its live values as its
    initial version before anything changes them: a dated change must not rewrite earlier cut-offs."""
    if project.pk and not project.fact_versions.exists():
        record_project_version(
            project=project, source=FactSource.INITIAL, by=project.created_by, now=project.created_at
        )
    investor = Investor.objects.get(pk=project.investor_id)
    ensure_initial_tag_version(investor, by=project.created_by)


def ensure_initial_tag_version(investor, *, by) -> None:
    if investor.pk and not investor.tag_versions.exists():
        record_tag_version(investor=investor, source=FactSource.INITIAL, by=by)


def source_for(by) -> str:
    return FactSource.CENTER if can(by, "records.audit") else FactSource.FREE
