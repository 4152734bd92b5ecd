from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import User
from core.admin import CapabilityAdmin

# Roles live on the user (accounts.access); Django's groups would be a second, unaudited way to grant rights.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(CapabilityAdmin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "unit", "leader", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "display_name", "unit__name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("display_name", "email", "phone")}),
        ("角色与归属", {"fields": ("role", "unit", "leader")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "role", "unit", "leader", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined", "password_changed_at"]
    actions = ["unlock", "reset_second_factor"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # No one raises, moves or disables their own account: another admin must, and it is audited.
            fields += ["role", "unit", "leader", "is_active", "is_staff"]
        return fields

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are disabled, never deleted: the audit trail and the records keep pointing at them

    @admin.action(description="解除登录锁定")
    def unlock(self, request, queryset):
        for user in queryset:
            services.account_unlock(user=user, by=request.user, request=request)
        messages.success(request, f"已解除 {queryset.count()} 个账号的登录锁定。")

    @admin.action(description="重置双因素认证（手机丢失或更换）")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.totp_reset(user=user, by=request.user, request=request)
        messages.success(request, f"已重置 {queryset.count()} 个账号的双因素认证，下次登录时重新绑定。")
