from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

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


# The admin site is for those accounts.access lets manage accounts (the admin role), not for whoever has is_staff.
def _site_has_permission(request):
    return can(request.user, "accounts.manage")


class AdminLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not can(user, "accounts.manage"):
            raise ValidationError("此账号没有后台管理权限。", code="invalid_login")


admin.site.has_permission = _site_has_permission
admin.site.login_form = AdminLoginForm
