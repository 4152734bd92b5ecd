"""Who a command-line import is attributed to in the audit trail (``import_records``, ``import_enterprises``)."""

from django.core.management.base import CommandError

from accounts.access import can
from accounts.models import Role, User


def importer(username: str | None, *, capability: str, what: str, system_username: str, system_name: str) -> User:
    """The account named by --as, which must hold ``capability`` (an active auditor, or a superuser; else the
    command stops: it cannot import ``what``), or without --as the import's system account (``system_username``,
    shown as ``system_name``), an auditor that cannot sign in, created the first time."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"找不到账号“{username}”")
        if not can(user, capability):
            raise CommandError(f"账号“{username}”不是有效的审核员或超级管理员，不能导入{what}")
        return user
    user, created = User.objects.get_or_create(
        username=system_username, defaults={"display_name": system_name, "role": Role.AUDITOR, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
