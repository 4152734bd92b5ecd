"""Filters of the list pages (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from core.forms import BootstrapMixin
from projects.models import InvestorTag, Project, ProjectKind, Stage
from targets.models import AssessmentYear, Sector, Unit


class FilterForm(BootstrapMixin, forms.Form):
    pass


def sector_names():
    return [(n, n) for n in dict.fromkeys(Sector.objects.order_by("position").values_list("name", flat=True))]


def years():
    return [(y, f"{y}年") for y in AssessmentYear.objects.order_by("-year").values_list("year", flat=True)]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    unit = django_filters.ModelChoiceFilter(
        label="招商单位", field_name="credits__unit", queryset=Unit.objects.all(), empty_label="全部单位"
    )
    sector = django_filters.ChoiceFilter(
        label="类别", field_name="sector__name", choices=sector_names, empty_label="全部类别"
    )
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
    year = django_filters.ChoiceFilter(label="入库年度", field_name="year__year", choices=years, empty_label="全部年度")
    tag = django_filters.ModelChoiceFilter(
        label="企业标签", field_name="investor__tags", queryset=InvestorTag.objects.all(), empty_label="全部标签"
    )
    kind = django_filters.ChoiceFilter(label="项目类型", choices=ProjectKind.choices, empty_label="全部类型")
    amount_min = django_filters.NumberFilter(label="总投资≥（亿元）", field_name="total_investment", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label="总投资≤（亿元）", field_name="total_investment", lookup_expr="lte")

    class Meta:
        model = Project
        fields = []
        form = FilterForm

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(investor__name__icontains=value))

    @property
    def qs(self):
        return super().qs.distinct()
