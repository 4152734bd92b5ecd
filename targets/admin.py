from django import forms
from django.contrib import admin
from django.utils import timezone

from accounts.access import can
from core.admin import CapabilityAdmin
from targets.models import AssessmentYear, Leader, Sector, TargetRow, TargetRowLeader, Unit, UnitName
from targets.services import PlanError, plan_refresh_totals, unit_rename, year_close, year_reopen

# CapabilityAdmin already writes every add, change and delete to the audit trail.
AuditedAdmin = CapabilityAdmin


class CapabilityInline(admin.TabularInline):
    """Inlines answer to accounts.access like their pages (Django's own permission tables are not used)."""

    capability = "accounts.manage"

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.capability)

    def has_add_permission(self, request, obj=None):
        return can(request.user, self.capability) and not _closed(obj)

    def has_change_permission(self, request, obj=None):
        return can(request.user, self.capability) and not _closed(obj)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, self.capability) and not _closed(obj)


def _closed(obj) -> bool:
    year = obj if isinstance(obj, AssessmentYear) else getattr(obj, "year", None)
    return bool(year and year.is_closed)


class SectorInline(CapabilityInline):
    model = Sector
    extra = 0
    fields = ["name", "position", "aliases"]


class AssessmentYearForm(forms.ModelForm):
    reopen_reason_input = forms.CharField(
        label="重新开放原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="取消“已关闭”（重新开放已关闭的年度）时必填；记入审计日志，重新开放期间每个页面都会提示。",
    )

    class Meta:
        model = AssessmentYear
        fields = [f.name for f in AssessmentYear._meta.fields if f.editable and f.name != "id"]

    def clean(self):
        data = super().clean()
        reopening = self.instance.pk and self.initial.get("is_closed") and not data.get("is_closed", True)
        if reopening and not (data.get("reopen_reason_input") or "").strip():
            self.add_error("reopen_reason_input", "重新开放已关闭的年度，必须说明原因")
        return data


@admin.register(AssessmentYear)
class AssessmentYearAdmin(AuditedAdmin):
    form = AssessmentYearForm
    list_display = ["year", "title", "county_signed_target", "county_funded_target", "is_closed", "reopened_at"]
    inlines = [SectorInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "year",
                    "title",
                    "is_closed",
                    "reopen_reason_input",
                    "county_signed_target",
                    "county_funded_target",
                    "investment_ceiling",
                )
            },
        ),
        (
            "到位资金时间节点（累计百分比）",
            {"fields": ("milestone_q1", "milestone_q2", "milestone_q3", "milestone_q4")},
        ),
        (
            "月度报送时间",
            {"fields": ("contracts_due_day", "work_due_day", "funds_window_start_day", "funds_window_end_day")},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # The county totals are the sums of the breakdown rows (targets.services.plan_refresh_totals); a closed
        # year's plan is frozen: only re-opening it (with a reason) is left.
        # (the stored state: on a POST the form has already set the posted is_closed on obj)
        if obj and AssessmentYear.objects.filter(pk=obj.pk, is_closed=True).exists():
            return [f.name for f in AssessmentYear._meta.fields if f.name not in ("id", "is_closed")]
        return (
            ["year", "county_signed_target", "county_funded_target"]
            if obj
            else ["county_signed_target", "county_funded_target"]
        )

    def save_model(self, request, obj, form, change):
        """Closing and re-opening go through targets.services (audited, with the reason), not a bare checkbox."""
        if not (change and "is_closed" in form.changed_data):
            return super().save_model(request, obj, form, change)
        wanted = obj.is_closed
        obj.is_closed = not wanted
        super().save_model(request, obj, form, change)
        if wanted:
            year_close(year=obj, by=request.user)
        else:
            year_reopen(year=obj, by=request.user, reason=form.cleaned_data["reopen_reason_input"])
        obj.refresh_from_db()


@admin.register(Leader)
class LeaderAdmin(AuditedAdmin):
    list_display = ["name", "title", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "position", "is_active", "contact_email"]
    list_filter = ["kind", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "short_name", "former_names__name"]
    readonly_fields = ["former_name_list"]

    @admin.display(description="曾用名")
    def former_name_list(self, obj):
        return "；".join(str(n) for n in obj.former_names.all()) or "—"

    def save_model(self, request, obj, form, change):
        # A new name is a rename from this year on: the old one is kept as a former name (targets.services).
        if change and "name" in form.changed_data:
            new_name = obj.name
            obj.name = form.initial["name"]
            try:
                unit_rename(unit=obj, new_name=new_name, from_year=timezone.localdate().year, by=request.user)
            except PlanError as exc:
                obj.name = form.initial["name"]
                self.message_user(request, str(exc), level="error")
        super().save_model(request, obj, form, change)


class TargetRowLeaderInline(CapabilityInline):
    model = TargetRowLeader
    extra = 1
    fields = ["leader", "position"]
    autocomplete_fields = ["leader"]


@admin.register(UnitName)
class UnitNameAdmin(AuditedAdmin):
    list_display = ["name", "unit", "until_year"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(TargetRow)
class TargetRowAdmin(AuditedAdmin):
    list_display = ["year", "sector", "unit", "leader_names", "signed_target", "funded_target", "position"]
    list_filter = ["year", "sector__name"]
    list_select_related = ["year", "sector", "unit"]
    search_fields = ["unit__name", "sector__name", "leaders__name"]
    autocomplete_fields = ["unit"]
    inlines = [TargetRowLeaderInline]

    @admin.display(description="牵头领导")
    def leader_names(self, obj):
        return "、".join(leader.name for leader in obj.leader_list)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leader_links__leader")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "year":
            kwargs["queryset"] = AssessmentYear.objects.filter(is_closed=False)
        elif db_field.name == "sector":
            kwargs["queryset"] = Sector.objects.select_related("year").filter(year__is_closed=False)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "sector":
            field.label_from_instance = lambda sector: f"{sector.year.year}年 · {sector.name}"
        return field

    # A closed year's table is frozen: its rows are read-only here too.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.year.is_closed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.year.is_closed)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan_refresh_totals(year=form.instance.year)

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        plan_refresh_totals(year=year)

    def delete_queryset(self, request, queryset):
        years = {row.year for row in queryset.select_related("year")}
        super().delete_queryset(request, queryset)
        for year in years:
            plan_refresh_totals(year=year)
