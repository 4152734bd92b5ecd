"""The editable list of ecosystem categories. Chains, ecosystems and targets are written only through the audited
pages and the import, never in the admin; the enterprise tags are projects' InvestorTag list."""

from django.contrib import admin

from enterprises.models import EcosystemCategory


@admin.register(EcosystemCategory)
class EcosystemCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]
