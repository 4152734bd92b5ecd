from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User
from core.admin import CapabilityAdmin


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
