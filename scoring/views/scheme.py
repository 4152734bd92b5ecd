"""The year's scheme: its settings in plain words, its history, the admin's edit form, its colours as a stylesheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts import access
from accounts.access import requires
from projects.models import InvestorTag
from scoring import selectors, services
from scoring.forms import SchemeForm
from scoring.views.common import add_errors, redirect_to_current, year_or_404


@requires("scheme.view")
def scheme_current(request):
    return redirect_to_current("scoring:scheme")


@requires("scheme.view")
def scheme(request, year):
    year = year_or_404(year)
    current = selectors.current_scheme(year)
    sections = _scheme_sections(current)
    context = {"year": year, "scheme": current, "sections": sections, "history": selectors.scheme_history(year)}
    context["may_edit"] = access.can(request.user, "scheme.edit") and not year.is_closed
    return render(request, "scoring/scheme.html", context)


@requires("scheme.edit")
def scheme_edit(request, year):
    year = year_or_404(year)
    if year.is_closed:
        messages.error(request, f"{year.year}年度已关闭，考核方案已冻结，不能修改")
        return redirect("scoring:scheme", year.year)
    current = selectors.current_scheme(year)
    form = SchemeForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.scheme_update(
                year=year, by=request.user, reason=form.cleaned_data["reason"], values=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        except services.SchemeFrozen as error:
            messages.error(request, str(error))
            return redirect("scoring:scheme", year.year)
        else:
            if version is None:
                messages.info(request, "方案没有变化，未生成新版本")
            else:
                messages.success(request, f"已保存为新版本 {version.label}")
            return redirect("scoring:scheme", year.year)
    return render(request, "scoring/scheme_edit.html", {"year": year, "scheme": current, "form": form})


def bands_css(request, year):
    """The five colours of the year's scheme as a stylesheet, so that pages need no inline style."""
    rules = selectors.current_scheme(year_or_404(year)).as_rules()
    css = "".join(
        f".band-{b.code}{{--band:{b.colour};}}.cell-{b.code}{{box-shadow:inset 4px 0 0 {b.colour};}}\n"
        for b in rules.bands
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


SECTIONS = [
    (
        "考核指标与权重（歧义A：资金到位额按30分）",
        ["weight_contract", "weight_funds", "weight_funds_rate", "weight_start_rate", "weight_daily"],
    ),
    ("日常工作情况", ["daily_deduction", "late_counts_as_missing"]),
    (
        "歧义B–D及合计方式",
        [
            "zero_target",
            "funds_rate_without_contracts",
            "start_rate_without_signings",
            "joint_split",
            "total_rounding",
            "start_rate_years",
        ],
    ),
    (
        "加分（招大引强、招新引优；歧义E、F）",
        [
            "bonus_tags",
            "bonus_major_tiers",
            "industrial_ladder",
            "industrial_threshold",
            "bonus_service_tiers",
            "service_requires_major",
        ],
    ),
    ("结果运用（歧义G）", ["pass_score", "reward_requires_targets", "reward_tiers", "reward_places", "excellent_top"]),
    ("五色图与序时进度", ["funds_progress", "band_green_at", "band_yellow_within", "band_orange_within", "bands"]),
    (
        "保障单位与乡镇",
        [
            "guarantee_criteria",
            "guarantee_pass_score",
            "guarantee_reward_tiers",
            "guarantee_excellent_top",
            "rating_link_days",
            "appraisal_points",
            "appraisal_deduction",
            "town_criteria",
            "guarantee_appraisal_criteria",
        ],
    ),
    (
        "其他工作目标",
        [
            "visits_target",
            "leader_trips_per_month",
            "trainings_target",
            "monthly_signing_min",
            "quarterly_signing_min",
            "reserve_target",
            "signing_ceremony_keyword",
            "start_ceremony_keyword",
        ],
    ),
]


# The settings that answer one of the method's named ambiguities (docs/scoring.md) say which on the scheme page.
AMBIGUITY_OF = {"service_requires_major": "歧义E", "industrial_ladder": "歧义F", "reward_places": "歧义G"}


def _label(meta, name) -> str:
    label = meta.get_field(name).verbose_name
    return f"{AMBIGUITY_OF[name]}：{label}" if name in AMBIGUITY_OF else label


def _scheme_sections(version):
    meta = version._meta
    tags = dict(InvestorTag.objects.values_list("code", "name"))
    return [
        (title, [(_label(meta, name), selectors.show(version, name, tags)) for name in names])
        for title, names in SECTIONS
    ]
