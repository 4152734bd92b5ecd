"""Plain helpers that set up data through the real services, so tests exercise the same paths as users."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Investor
from targets.models import AssessmentYear, Unit


def pdf_bytes(catalog: bytes = b"", objects: tuple[bytes, ...] = (), tail: bytes = b"") -> bytes:
    """A well-formed one-page PDF (with its cross-reference table) whose catalog has ``catalog`` added, objects 4, 5 …
    ``objects`` and ``tail`` after %%EOF."""
    bodies = [b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>"]
    bodies += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>", *objects]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref) + tail


PDF_BYTES = pdf_bytes()


def pdf_file(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def unit(name):
    return Unit.objects.get(name=name)


def make_project(
    *, by, code, credits, year=2023, investor="测试投资有限公司", total_investment="10", investor_tags=(), **fields
):
    """``credits``: [(unit name or Unit, share %)]; ``investor_tags``: tag codes (global500, central_soe, …)."""
    investor_obj, _ = Investor.objects.get_or_create(name=investor)
    if investor_tags:
        from projects.models import InvestorTag

        # through the service, so the tags are a confirmed version (scoring reads versions)
        tags = set(investor_obj.tags.all()) | set(InvestorTag.objects.filter(code__in=investor_tags))
        investor_obj = services.investor_save(by=by, name=investor, tags=list(tags))
    return services.project_create(
        by=by,
        credits=[(unit(u) if isinstance(u, str) else u, Decimal(str(s))) for u, s in credits],
        code=code,
        name=fields.pop("name", f"项目{code}"),
        investor=investor_obj,
        year=AssessmentYear.objects.get(year=year),
        total_investment=Decimal(str(total_investment)),
        **fields,
    )


def file_and_confirm(record_type, *, filer, auditor, unit_obj=None, **fields):
    """Create, attach evidence where needed, submit and confirm one record."""
    record = services.record_create(record_type=record_type, unit=unit_obj or filer.unit, by=filer, **fields)
    if record_type in services.KINDS_NEEDING_EVIDENCE:
        services.evidence_attach(record=record, file=pdf_file(), by=filer)
    services.record_submit(record=record, by=filer)
    services.record_confirm(record=record, by=auditor)
    return record


def confirmed_contract(project, *, filer, auditor, amount, signed_on, kind="formal"):
    return file_and_confirm(
        "contract",
        filer=filer,
        auditor=auditor,
        project=project,
        kind=kind,
        amount=Decimal(str(amount)),
        signed_on=signed_on if isinstance(signed_on, dt.date) else dt.date.fromisoformat(signed_on),
    )


def confirmed_start(project, *, filer, auditor, started_on):
    return file_and_confirm(
        "start",
        filer=filer,
        auditor=auditor,
        project=project,
        started_on=started_on if isinstance(started_on, dt.date) else dt.date.fromisoformat(started_on),
    )


def confirmed_funds(project, *, filer, auditor, month, amount, source="bank"):
    month = month if isinstance(month, dt.date) else dt.date.fromisoformat(month + "-01")
    return file_and_confirm(
        "funds",
        filer=filer,
        auditor=auditor,
        project=project,
        month=month,
        amount=Decimal(str(amount)),
        source=source,
    )


def confirmed_report(unit_obj, *, filer, auditor, month, missing=(), late=False):
    """A confirmed monthly work report (招商活跃指数) of ``unit_obj``; ``missing`` items are left blank, ``late``
    submits it after the month's work deadline."""
    import datetime as _dt

    from django.utils import timezone

    from projects import calendar
    from projects.models import MonthlyReport

    month = month if isinstance(month, dt.date) else dt.date.fromisoformat(month + "-01")
    fields = {item: "" if item in missing else "已按要求开展并报送" for item in MonthlyReport.ITEMS}
    record = services.record_create(record_type="report", unit=unit_obj, by=filer, month=month, **fields)
    due = calendar.report_due(calendar.FilingCalendar.of(AssessmentYear.objects.get(year=month.year)), month)
    submitted = due + _dt.timedelta(days=3 if late else -1)
    services.record_submit(
        record=record, by=filer, now=timezone.make_aware(_dt.datetime.combine(submitted, _dt.time(10)))
    )
    services.record_confirm(record=record, by=auditor)
    return record


def required_event(*, by, held_on, title="招商推介会", kind="event", attended=(), missed=(), excused=(), year=2023):
    """A required event or training with its attendance (the center's list; no filing workflow)."""
    from projects.models import Attendance, RequiredEvent

    held_on = held_on if isinstance(held_on, dt.date) else dt.date.fromisoformat(held_on)
    event = RequiredEvent.objects.create(
        year=AssessmentYear.objects.get(year=year), kind=kind, title=title, held_on=held_on, created_by=by
    )
    rows = (
        [(u, True, False) for u in attended] + [(u, False, False) for u in missed] + [(u, False, True) for u in excused]
    )
    Attendance.objects.bulk_create(
        Attendance(event=event, unit=unit(u) if isinstance(u, str) else u, attended=a, excused=e) for u, a, e in rows
    )
    return event
