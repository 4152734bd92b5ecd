import json

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder

from accounts.access import can
from accounts.forms import UsernameLengthMixin
from audit.services import audit_log


def _plain(message):
    """The admin's change message (lists of dicts, possibly lazy strings) as plain JSON for the audit log."""
    return json.loads(json.dumps(message, cls=DjangoJSONEncoder)) if message else []


class CapabilityAdmin(admin.ModelAdmin):
    """Admin pages governed by accounts.access, not by Django's per-model permission tables.

    Every change made here is also written to the audit trail (Django's own LogEntry is not tamper-protected).
    Audit events are deliberately never registered in the admin: the audit admin reads them on /audit/.
    """

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

    def _audit(self, request, obj, verb, message=None):
        audit_log(
            action=f"admin.{obj._meta.model_name}.{verb}",
            by=request.user,
            obj=obj,
            request=request,
            detail={"model": obj._meta.label_lower, "changes": _plain(message)},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        return super().log_deletions(request, queryset)


# The admin site is for those accounts.access lets manage accounts (the admin role), not for whoever has is_staff.
def _site_has_permission(request):
    return can(request.user, "accounts.manage")


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not can(user, "accounts.manage"):
            raise ValidationError("此账号没有后台管理权限。", code="invalid_login")


admin.site.has_permission = _site_has_permission
admin.site.login_form = AdminLoginForm
