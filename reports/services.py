"""Every write of the reports app: the monthly bulletin's draft, its text, its publication; the publication of the
ranking notice and of the quarterly review pack as versioned snapshots, and their corrections. Audited, atomic.

A draft's figures are recomputed on demand; a published bulletin never changes (its snapshot, its text, its issue
time), so its page, PDF and workbook are the same forever. The office publishes; the office and the auditors edit."""

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from reports import documents
from reports.bulletin.figures import BulletinError, bulletin_figures, check_month, plan_year
from reports.models import Bulletin, PublishedDocument, QuarterlyReview

MAX_TEXT = 3000  # characters of each part of section 六


def _refuse_published(bulletin: Bulletin) -> None:
    if bulletin.is_published:
        raise BulletinError(f"{bulletin}已发布，内容和数据不能再修改")


@transaction.atomic
def bulletin_prepare(*, year, month, by, today: dt.date | None = None) -> Bulletin:
    """The month's bulletin: the existing one (draft or published), or a new draft computed now."""
    month = check_month(month)
    year = plan_year(getattr(year, "year", year))
    existing = Bulletin.objects.filter(year=year, month=month).first()
    if existing is not None:
        return existing
    snap = bulletin_figures(year, month, today=today)
    bulletin, created = Bulletin.objects.get_or_create(
        year=year,
        month=month,
        defaults={
            "number": snap["number"],
            "snapshot": snap,
            "as_of": dt.date.fromisoformat(snap["as_of"]),
            "computed_at": dt.datetime.fromisoformat(snap["computed_at"]),
        },
    )
    if created:
        audit_log(action="bulletin.prepare", by=by, obj=bulletin, detail={"as_of": snap["as_of"]})
    return bulletin


@transaction.atomic
def bulletin_recompute(*, bulletin: Bulletin, by, today: dt.date | None = None) -> Bulletin:
    """A draft's figures again from the records confirmed now (the cut-off moves to today within the month)."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _refuse_published(bulletin)
    snap = bulletin_figures(bulletin.year, bulletin.month, today=today)
    bulletin.snapshot = snap
    bulletin.as_of = dt.date.fromisoformat(snap["as_of"])
    bulletin.computed_at = dt.datetime.fromisoformat(snap["computed_at"])
    bulletin.save(update_fields=["snapshot", "as_of", "computed_at", "updated_at"])
    audit_log(action="bulletin.recompute", by=by, obj=bulletin, detail={"as_of": snap["as_of"]})
    return bulletin


@transaction.atomic
def bulletin_save_text(*, bulletin: Bulletin, problems: str, next_steps: str, by) -> Bulletin:
    """Section 六, written by the office (or the center) before publishing."""
    problems, next_steps = (problems or "").strip(), (next_steps or "").strip()
    for label, text in (("存在问题", problems), ("下步工作", next_steps)):
        if len(text) > MAX_TEXT:
            raise BulletinError(f"“{label}”不能超过{MAX_TEXT}字（现有{len(text)}字）")
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _refuse_published(bulletin)
    bulletin.problems, bulletin.next_steps = problems, next_steps
    bulletin.save(update_fields=["problems", "next_steps", "updated_at"])
    audit_log(
        action="bulletin.text", by=by, obj=bulletin, detail={"problems": len(problems), "next_steps": len(next_steps)}
    )
    return bulletin


@transaction.atomic
def bulletin_publish(*, bulletin: Bulletin, by, seen_computed_at: str | None = None, now=None) -> Bulletin:
    """Publish a draft as it stands: its snapshot is frozen with the issue time and the publisher.

    One conditional UPDATE, so of two offices publishing at once exactly one succeeds. ``seen_computed_at`` (the
    draft's computation time the publisher looked at) refuses a draft recomputed in the meantime."""
    current = Bulletin.objects.filter(pk=bulletin.pk).first()
    if current is None:
        raise BulletinError("该期月通报不存在")
    _refuse_published(current)
    if not (current.problems.strip() and current.next_steps.strip()):
        raise BulletinError("请先撰写“存在问题”和“下步工作”，再发布")
    if seen_computed_at and seen_computed_at != current.computed_at.isoformat():
        raise BulletinError("草稿数据已被重新计算，请核对最新数据后再发布")
    issued_at = (now or timezone.now()).replace(microsecond=0)  # ``now``: the demo's back-dated issues
    snapshot = dict(current.snapshot) | {"issued_at": issued_at.isoformat()}
    pdf, filename = _published_pdf(
        snapshot, current.problems, current.next_steps
    )  # before: a failure publishes nothing
    changed = Bulletin.objects.filter(
        pk=current.pk, state=Bulletin.State.DRAFT, computed_at=current.computed_at
    ).update(
        state=Bulletin.State.PUBLISHED,
        issued_at=issued_at,
        published_by=by,
        snapshot=snapshot,
        updated_at=timezone.now(),
    )
    if changed != 1:
        raise BulletinError(f"{current}已由他人发布或刚被重新计算，本次发布未生效")
    current.refresh_from_db()
    stored = documents.document_store(
        kind=PublishedDocument.Kind.BULLETIN, key=bulletin_key(current), pdf=pdf, filename=filename, by=by
    )
    audit_log(
        action="bulletin.publish", by=by, obj=current, detail={"as_of": snapshot["as_of"], "sha256": stored.sha256}
    )
    return current


def bulletin_key(bulletin: Bulletin) -> str:
    """The stored PDF's key, also the first half of the PDF's /ID (reports.bulletin_render.bulletin_pdf)."""
    return f"bulletin-{bulletin.year.year}-{bulletin.month:02d}"


def _published_pdf(snapshot: dict, problems: str, next_steps: str) -> tuple[bytes, str]:
    from reports.bulletin import render as br

    try:
        pdf = br.bulletin_pdf(snapshot, problems=problems, next_steps=next_steps, state="published")
    except Exception as error:  # WeasyPrint's and the fetcher's many kinds; the office needs the reason, not a 500
        raise BulletinError(f"月通报 PDF 生成失败，本次未发布：{error}") from error
    return pdf, br.pdf_filename(br.BulletinView(snapshot), "published")


def bulletin_document(*, bulletin: Bulletin) -> PublishedDocument:
    """A published bulletin's stored PDF; one published before PDFs were stored is rendered (the same bytes as on
    the day, from its frozen snapshot) and stored on its first download."""
    if not bulletin.is_published:
        raise BulletinError(f"{bulletin}尚未发布")
    stored = documents.stored_document(bulletin_key(bulletin))
    if stored is None:
        pdf, filename = _published_pdf(bulletin.snapshot, bulletin.problems, bulletin.next_steps)
        stored = documents.document_store(
            kind=PublishedDocument.Kind.BULLETIN, key=bulletin_key(bulletin), pdf=pdf, filename=filename
        )
    return stored


MAX_REASON = 500  # characters of a correction's reason


def _reason(reason: str | None) -> str:
    from django.core.exceptions import ValidationError

    from core.validators import multiline_text

    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise BulletinError(f"更正原因不能超过{MAX_REASON}字（现有{len(reason)}字）")
    try:
        multiline_text(reason)
    except ValidationError as error:
        raise BulletinError(f"更正原因：{'，'.join(error.messages)}") from None
    return reason


@transaction.atomic
def snapshot_publish(*, kind: str, series: str, build, render, by, reason: str | None = None) -> PublishedDocument:
    """Publish a ranking notice or a review pack: ``build()`` gives the snapshot of every figure it shows (computed
    now), ``render(snapshot)`` its (PDF bytes, file name) from that snapshot alone, so the stored PDF, the published
    page, the workbook and any later re-render read the same. The first version keeps the series' key; once
    published it is frozen, and the office may only publish a correction (更正) with its reason: version 2, 3…,
    the earlier versions kept and downloadable. Of two publishers at once exactly one succeeds."""
    reason = _reason(reason)
    latest = PublishedDocument.objects.filter(series=series).order_by("-version").first()
    if latest is not None and not reason:
        raise BulletinError(f"已发布第{latest.version}版，不能重复发布；如需更正，请填写更正原因后发布更正版")
    if latest is None and reason:
        raise BulletinError("尚未发布，无需更正：请直接发布")
    version = latest.version + 1 if latest else 1
    key = documents.version_key(series, version)
    snapshot = build() | {
        "key": key,
        "version": version,
        "reason": reason,
        "publisher": str(by),  # its 姓名 (display_name) or its user name
    }
    try:
        pdf, filename = render(snapshot)
    except Exception as error:  # WeasyPrint's many kinds: the office needs the reason, not a 500
        raise BulletinError(f"PDF 生成失败，本次未发布：{error}") from error
    try:
        stored = documents.version_store(
            kind=kind, series=series, version=version, pdf=pdf, filename=filename, snapshot=snapshot, by=by,
            reason=reason,
        )  # fmt: skip
    except documents.VersionTaken:
        raise BulletinError(f"该文档第{version}版已由他人发布，本次发布未生效，请刷新后核对") from None
    detail = {"key": key, "version": version, "as_of": snapshot.get("as_of"), "sha256": stored.sha256}
    if version > 1:
        audit_log(action=f"{kind}.correct", by=by, obj=stored, detail=detail | {"reason": reason})
    else:
        audit_log(action=f"{kind}.publish", by=by, obj=stored, detail=detail)
    return stored


def document_version(series: str, version) -> PublishedDocument | None:
    """A series' version ``version`` (a query string: anything not a number is refused), or its latest."""
    docs = PublishedDocument.objects.filter(series=series)
    if version in (None, ""):
        return docs.order_by("-version").first()
    if not str(version).isdigit():
        raise BulletinError("版本号应为正整数")
    found = docs.filter(version=int(version)).first()
    if found is None:
        raise BulletinError(f"该文档没有第{version}版")
    return found


def review_key(year, quarter: int) -> str:
    """The key of a quarter's published pack (``PublishedDocument.key``, also the PDF's /ID)."""
    return f"review-{getattr(year, 'year', year)}-q{quarter}"


def review_quarter_end(year, quarter: int) -> dt.date:
    month = 3 * quarter
    return dt.date(year.year, month, calendar.monthrange(year.year, month)[1])


@transaction.atomic
def review_save_text(*, year, quarter: int, number: str, issued_on, problems: str, next_steps: str, by):
    """The office's part of a quarter's review pack — 文号, 印发日期, 存在问题, 下步工作 — before it is published."""
    if quarter not in (1, 2, 3, 4):
        raise BulletinError("季度应为1—4")
    if documents.stored_document(review_key(year, quarter)) is not None:
        raise BulletinError(f"{year.year}年第{quarter}季度点评已发布，内容不能再修改")
    number, problems, next_steps = (number or "").strip(), (problems or "").strip(), (next_steps or "").strip()
    for label, text in (("存在问题", problems), ("下步工作", next_steps)):
        if len(text) > MAX_TEXT:
            raise BulletinError(f"“{label}”不能超过{MAX_TEXT}字（现有{len(text)}字）")
    end = review_quarter_end(year, quarter)
    if issued_on is not None and issued_on < end:
        raise BulletinError(f"印发日期不能早于本季度数据截止日（{end:%Y年%m月%d日}）")
    review, _ = QuarterlyReview.objects.select_for_update().get_or_create(year=year, quarter=quarter)
    before = {"doc_number": review.number, "issued_on": review.issued_on and review.issued_on.isoformat()}
    review.number, review.issued_on = number, issued_on
    review.problems, review.next_steps, review.updated_by = problems, next_steps, by
    review.save()
    audit_log(
        action="review.text",
        by=by,
        obj=review,
        detail={
            "before": before,
            "doc_number": number,
            "issued_on": issued_on and issued_on.isoformat(),
            "problems": len(problems),
            "next_steps": len(next_steps),
        },
    )
    return review


@transaction.atomic
def review_publish(*, year, quarter: int, build, render, by, reason=None, today: dt.date | None = None):
    """Publish a quarter's pack, or a correction of it: an issue date not yet set becomes today's (so the stored PDF
    and a re-render carry the same date), then ``build(review, issued_on)`` is its snapshot (``snapshot_publish``).
    A correction is dated the day it is published; its 文号 and text are the published ones."""
    if quarter not in (1, 2, 3, 4):
        raise BulletinError("季度应为1—4")
    series = review_key(year, quarter)
    review, _ = QuarterlyReview.objects.select_for_update().get_or_create(year=year, quarter=quarter)
    day = max(today or timezone.localdate(), review_quarter_end(year, quarter))
    published = documents.stored_document(series) is not None
    if review.issued_on is None and not published:
        review.issued_on = day
        review.updated_by = by
        review.save(update_fields=["issued_on", "updated_by", "updated_at"])
    issued_on = day if published and (reason or "").strip() else review.issued_on
    return snapshot_publish(
        kind=PublishedDocument.Kind.REVIEW,
        series=series,
        build=lambda: build(review, issued_on),
        render=render,
        by=by,
        reason=reason,
    )
