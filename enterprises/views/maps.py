"""The center's editing of the chains and the ecosystems, and 产业生态图. The pictures (产业链图 and its PDF, 企业分布图)
are drawn by reports.pipeline, above this app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import can, requires
from enterprises import access, selectors, services
from enterprises.forms import ChainLinkForm, NodeForm
from targets.models import Sector
from targets.selectors import current_year


def _sectors():
    return Sector.objects.filter(year=current_year()).order_by("position", "id")


@requires("enterprises.view")
def chain_index(request):
    first = _sectors().first()
    if first is None:
        messages.info(request, "本年度尚无类别，请先导入目标任务分解表。")
        return redirect("home")
    return redirect("maps:chain", first.pk)


@require_POST
@requires("chains.edit")
def link_add(request, pk):
    sector = access.get_sector_or_404(request.user, pk)
    form = ChainLinkForm(request.POST)
    if form.is_valid():
        try:
            services.chain_link_save(sector=sector, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已保存环节“{form.cleaned_data['name']}”。")
    else:
        messages.error(request, "环节未保存：" + "；".join(m for ms in form.errors.values() for m in ms))
    return redirect("maps:chain", sector.pk)


@require_POST
@requires("chains.edit")
def link_delete(request, pk):
    link = access.get_link_or_404(request.user, pk)
    try:
        services.chain_link_delete(link=link, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已删除环节“{link.name}”。")
    return redirect("maps:chain", link.sector_id)


@requires("enterprises.view")
def ecosystem_index(request):
    first = _sectors().first()
    if first is None:
        messages.info(request, "本年度尚无类别，请先导入目标任务分解表。")
        return redirect("home")
    return redirect("enterprises:ecosystem", first.pk)


@requires("enterprises.view")
def ecosystem(request, pk):
    sector = access.get_sector_or_404(request.user, pk)
    may_edit = can(request.user, "chains.edit")
    form = NodeForm(request.POST or None, sector=sector)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.ecosystem_node_save(sector=sector, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已添加“{form.cleaned_data['name']}”。")
                return redirect("enterprises:ecosystem", sector.pk)
    return render(
        request,
        "enterprises/ecosystem.html",
        {
            "sector": sector,
            "sectors": Sector.objects.filter(year=sector.year).order_by("position", "id"),
            "groups": selectors.ecosystem(sector),
            "form": form,
            "may_edit": may_edit,
        },
    )


@require_POST
@requires("chains.edit")
def node_delete(request, pk):
    node = access.get_node_or_404(request.user, pk)
    services.ecosystem_node_delete(node=node, by=request.user)
    messages.success(request, f"已删除“{node.name}”。")
    return redirect(reverse("enterprises:ecosystem", args=[node.sector_id]))
