"""The monthly bulletin: archive, preview with the office's text, publish, PDF and .xlsx — rendered from the
snapshot only (``reports.bulletin.render``)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from core.forms import InputRulesMixin
from core.xlsx import xlsx_response
from projects.selectors import confirmations_since
from reports import documents, services
from reports.access import get_bulletin_or_404, visible_bulletins
from reports.bulletin import render as br
from reports.bulletin.figures import BulletinError, bulletin_figures, check_month, plan_year
from reports.bulletin.snapshot import BulletinView
from reports.models import Bulletin
from reports.pdf import pdf_response
from targets.models import AssessmentYear


class BulletinTextForm(InputRulesMixin, forms.Form):
    problems = forms.CharField(
        label="（一）存在问题",
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    next_steps = forms.CharField(
        label="（二）下步工作",
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )


def _source(request, year: int, month: int) -> tuple[Bulletin | None, dict, str]:
    """The bulletin (if any), the snapshot to render and its state: published / draft / live (computed now)."""
    month = check_month(month)
    b = get_bulletin_or_404(request.user, year, month, allow_missing=True)
    if b is not None:
        return b, b.snapshot, "published" if b.is_published else "draft"
    return None, bulletin_figures(plan_year(year), month), "live"


@requires("reports.view")
def archive(request):
    bulletins = list(visible_bulletins(request.user).select_related("year", "published_by").defer("snapshot"))
    editor = can(request.user, "bulletin.edit")
    months = []
    if editor:
        today = timezone.localdate()
        done = {(b.year.year, b.month): b for b in bulletins}
        for y in AssessmentYear.objects.filter(target_rows__isnull=False).distinct().order_by("-year"):
            # (month, its bulletin if any, whether it has begun: a month not begun has no bulletin)
            row = [(m, done.get((y.year, m)), dt.date(y.year, m, 1) <= today) for m in range(1, 13)]
            months.append({"year": y.year, "months": row})
    return render(
        request,
        "reports/bulletin/archive.html",
        {
            "published": [b for b in bulletins if b.is_published],
            "drafts": [b for b in bulletins if not b.is_published],
            "editor": editor,
            "years": months,
        },
    )


@requires("reports.view")
def detail(request, year: int, month: int, fmt: str = "html"):
    try:
        b, snap, state = _source(request, year, month)
    except BulletinError as e:
        return documents.unavailable(request, str(e))
    except Http404:
        return documents.unavailable(request, f"{year}年第{month}期月通报尚未发布")
    problems, next_steps = (b.problems, b.next_steps) if b else ("", "")
    if fmt == "pdf" and state == "published":
        try:
            return documents.document_response(request, services.bulletin_document(bulletin=b))
        except (BulletinError, documents.DocumentError) as e:
            return documents.unavailable(request, str(e), status=503)
    if fmt == "pdf":
        return _draft_pdf(request, snap, problems, next_steps, state)
    context = br.bulletin_context(snap, problems=problems, next_steps=next_steps, state=state)
    if fmt == "xlsx":
        v = context["v"]
        return xlsx_response(br.bulletin_xlsx_tables(context), f"{v.year}年第{v.number}期月通报表格.xlsx")
    context |= {
        "year": {"year": context["v"].year},  # the scoring head's stylesheet of the year's bands
        "bulletin": b,
        "editor": can(request.user, "bulletin.edit"),
        "publisher": can(request.user, "bulletin.publish"),
        "form": BulletinTextForm(initial={"problems": problems, "next_steps": next_steps}),
        "confirmed_since": confirmations_since(b.computed_at) if state == "draft" else None,
    }
    return render(request, "reports/bulletin/detail.html", context)


def _draft_pdf(request, snap: dict, problems: str, next_steps: str, state: str):
    """A draft (or live) PDF, rendered now. The page's 导出PDF button asks over htmx (its "正在生成…" shows meanwhile):
    the answer sends the browser to the file just made, or says in Chinese why there is none."""
    v = BulletinView(snap)
    key, filename = f"bulletin-{v.year}-{v.month:02d}", br.pdf_filename(v, state)
    pdf = documents.draft_bytes(key, request.GET.get("draft", ""))
    if pdf is None:
        try:
            pdf = br.bulletin_pdf(snap, problems=problems, next_steps=next_steps, state=state)
        except Exception as error:  # WeasyPrint's many kinds: the office needs the reason, never a 500
            message = f"PDF 生成失败：{error}。请稍后重试，仍失败请联系系统管理员。"
            if request.htmx:
                return render(request, "reports/bulletin/_pdf_status.html", {"message": message})
            return documents.unavailable(request, message, status=503)
    if request.htmx:
        response = render(request, "reports/bulletin/_pdf_status.html", {"done": True})
        response["HX-Redirect"] = f"{request.path}?draft={documents.draft_store(key, pdf)}"
        return response
    return pdf_response(pdf, filename, inline=True)


def _act(request, year: int, month: int, action):
    """Run one service on the month's bulletin; its Chinese refusal becomes a message, never a 500."""
    try:
        month = check_month(month)
    except BulletinError as e:
        messages.error(request, str(e))
        return redirect("reports:bulletins")
    try:
        b = get_bulletin_or_404(request.user, year, month, allow_missing=True)
        done = action(b, month)
        if done:
            messages.success(request, done)
    except BulletinError as e:
        messages.error(request, str(e))
    return redirect("reports:bulletin", year, month)


@require_POST
@requires("bulletin.edit")
def prepare(request, year: int, month: int):
    def action(b, month):
        if b is not None:
            return f"{b}已存在"
        b = services.bulletin_prepare(year=plan_year(year), month=month, by=request.user)
        return f"已生成{b}草稿（数据截至{b.as_of:%Y年%m月%d日}）"

    return _act(request, year, month, action)


def _need(b):
    if b is None:
        raise BulletinError("请先生成该期月通报草稿")
    return b


@require_POST
@requires("bulletin.edit")
def recompute(request, year: int, month: int):
    def action(b, month):
        b = services.bulletin_recompute(bulletin=_need(b), by=request.user)
        return f"已按当前已认定记录重新计算（数据截至{b.as_of:%Y年%m月%d日}）"

    return _act(request, year, month, action)


@require_POST
@requires("bulletin.edit")
def save_text(request, year: int, month: int):
    form = BulletinTextForm(request.POST)

    def action(b, month):
        if not form.is_valid():
            raise BulletinError("；".join(f"{form.fields[k].label}：{'，'.join(v)}" for k, v in form.errors.items()))
        services.bulletin_save_text(bulletin=_need(b), by=request.user, **form.cleaned_data)
        return "已保存“存在问题及下步工作”"

    return _act(request, year, month, action)


@require_POST
@requires("bulletin.publish")
def publish(request, year: int, month: int):
    def action(b, month):
        if request.POST.get("confirm") != "yes":
            raise BulletinError("请勾选“确认发布”：发布后数据和内容不能再修改")
        b = services.bulletin_publish(bulletin=_need(b), by=request.user, seen_computed_at=request.POST.get("seen"))
        return f"已发布{b}"

    return _act(request, year, month, action)
