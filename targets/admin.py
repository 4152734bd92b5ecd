from django.contrib import admin

from core.admin import CapabilityAdmin
from targets.models import AssessmentYear, Leader, Sector, TargetRow, TargetRowLeader, Unit


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


@admin.register(AssessmentYear)
class AssessmentYearAdmin(CapabilityAdmin):
    list_display = ["year", "title", "county_signed_target", "county_funded_target", "is_closed"]
    inlines = [SectorInline]

    def get_readonly_fields(self, request, obj=None):
        return ["year", "county_signed_target", "county_funded_target"] if obj else []


@admin.register(Leader)
class LeaderAdmin(CapabilityAdmin):
    list_display = ["name", "title", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(CapabilityAdmin):
    list_display = ["name", "kind", "position", "is_active", "contact_email"]
    list_filter = ["kind", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "short_name"]


class TargetRowLeaderInline(admin.TabularInline):
    model = TargetRowLeader
    extra = 0


@admin.register(TargetRow)
class TargetRowAdmin(CapabilityAdmin):
    capability = "targets.import"
    list_display = ["year", "sector", "unit", "signed_target", "funded_target", "position"]
    list_filter = ["year", "sector"]
    inlines = [TargetRowLeaderInline]
