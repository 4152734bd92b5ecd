"""Who sees and changes which target enterprise, chain link and ecosystem body. Capabilities live in accounts/access.py;
these are the object helpers, one per model, returning 404 for what the user may not see.

Units see and keep their own targets (by responsible unit); the center, leaders and the office see all; every reader
sees every chain map and ecosystem (they show counts, not other units' enterprises). Contact details only to those who
work the enterprise: its unit's filers and the center."""

from django.shortcuts import get_object_or_404

from accounts.access import can, sees_all_units
from accounts.models import Role


def _filer_unit_id(user):
    if getattr(user, "role", None) == Role.FILER and not user.is_superuser:
        return user.unit_id
    return None


def visible_targets(user):
    from enterprises.models import TargetEnterprise

    if not can(user, "enterprises.view"):
        return TargetEnterprise.objects.none()
    if sees_all_units(user) or user.is_superuser:
        return TargetEnterprise.objects.all()
    unit_id = _filer_unit_id(user)
    return TargetEnterprise.objects.filter(unit_id=unit_id) if unit_id else TargetEnterprise.objects.none()


def get_target_or_404(user, pk):
    return get_object_or_404(visible_targets(user).select_related("sector__year", "link", "unit", "leader"), pk=pk)


def may_edit_target(user, target) -> bool:
    """The center keeps every target; a unit's filer its own unit's."""
    if not can(user, "enterprises.manage"):
        return False
    if can(user, "records.audit") or user.is_superuser:
        return True
    return bool(user.unit_id) and user.unit_id == target.unit_id


def may_see_contact(user, target) -> bool:
    return may_edit_target(user, target)


def visible_links(user):
    from enterprises.models import ChainLink

    return ChainLink.objects.all() if can(user, "enterprises.view") else ChainLink.objects.none()


def get_link_or_404(user, pk):
    return get_object_or_404(visible_links(user).select_related("sector"), pk=pk)


def visible_nodes(user):
    from enterprises.models import EcosystemNode

    return EcosystemNode.objects.all() if can(user, "enterprises.view") else EcosystemNode.objects.none()


def get_node_or_404(user, pk):
    return get_object_or_404(visible_nodes(user).select_related("sector"), pk=pk)


def visible_sectors(user):
    """Sectors whose chain maps the user may open: all of them, for every reader."""
    from targets.models import Sector

    return Sector.objects.all() if can(user, "enterprises.view") else Sector.objects.none()


def get_sector_or_404(user, pk):
    return get_object_or_404(visible_sectors(user).select_related("year"), pk=pk)
