from django.urls import NoReverseMatch, reverse

from accounts.access import can
from core.navigation import ADMIN_MENU, MENU


def _entries(user, menu, path):
    entries = []
    for label, url_name, capability in menu:
        if capability and not can(user, capability):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": label, "url": url, "active": active})
    return entries


def navigation(request):
    """The menu the base template shows: only the entries the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_menu": _entries(user, MENU, request.path),
        "nav_admin_menu": _entries(user, ADMIN_MENU, request.path),
    }
