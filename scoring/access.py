"""Which scoring objects a user may open: one helper per model."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.access import can
from scoring.models import AppraisalFinding


def get_finding_or_404(user, pk):
    if not can(user, "appraisal.manage"):
        raise PermissionDenied
    return get_object_or_404(AppraisalFinding.objects.select_related("year", "unit"), pk=pk)
