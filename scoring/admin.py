"""Read-only admin views of the scoring data: the scheme is edited on its own page (scoring:scheme_edit) so that every
change becomes a new version; ratings and findings are written through the center's pages, audited."""

from django.contrib import admin

from core.admin import CapabilityAdmin
from scoring.models import AppraisalFinding, Rating, RatingLink, SchemeVersion


class ReadOnlyAdmin(CapabilityAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SchemeVersion)
class SchemeVersionAdmin(ReadOnlyAdmin):
    capability = "scheme.view"
    list_display = ["__str__", "created_at", "created_by", "reason", "weight_funds", "joint_split"]
    list_filter = ["year"]


@admin.register(RatingLink)
class RatingLinkAdmin(ReadOnlyAdmin):
    capability = "ratings.manage"
    list_display = ["investor", "year", "expires_at", "used_at", "revoked_at", "created_by"]
    list_filter = ["year"]
    exclude = ["token_hash"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    capability = "ratings.manage"
    list_display = ["unit", "investor", "year", "source", "total", "created_at"]
    list_filter = ["year", "source"]


@admin.register(AppraisalFinding)
class AppraisalFindingAdmin(ReadOnlyAdmin):
    capability = "appraisal.manage"
    list_display = ["unit", "month", "criterion", "note", "entered_by"]
    list_filter = ["year", "criterion"]
