from django.contrib import admin

from accounts.access import can


class CapabilityAdmin(admin.ModelAdmin):
    """Admin pages governed by accounts.access, not by Django's per-model permission tables."""

    capability = "accounts.manage"

    def has_module_permission(self, request):
        return can(request.user, self.capability)

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.capability)

    def has_add_permission(self, request):
        return can(request.user, self.capability)

    def has_change_permission(self, request, obj=None):
        return can(request.user, self.capability)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, self.capability)
