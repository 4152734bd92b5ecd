"""The editable lists of the library (industry labels, investor tags). Projects and records are written only through
the audited pages, never in the admin."""

from django.contrib import admin

from projects.models import IndustryLabel, InvestorTag


@admin.register(IndustryLabel)
class IndustryLabelAdmin(admin.ModelAdmin):
    list_display = ["group", "code", "name", "position", "is_active"]
    list_filter = ["group", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(InvestorTag)
class InvestorTagAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]
