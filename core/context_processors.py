from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from accounts.access import can
from core.navigation import ADMIN_MENU, AREAS, MENU, area_of


def _entries(user, menu, path):
    entries = []
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF  # once: each asks a context-local
    for entry in menu:
        label, url_name, capability = entry[:3]
        if capability and not can(user, capability):
            continue
        url = _url(url_name, prefix, urlconf)
        if url is None:
            continue
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": label, "url": url, "active": active, "area": area_of(entry)})
    return entries


@lru_cache(maxsize=256)
def _url(url_name, prefix, urlconf):
    """A menu entry's address: the same for every request with the same script prefix and URLconf."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _groups(entries):
    """The menu by area: an area with one page is a plain link, with more a dropdown; pages without one stay first."""
    groups = [{"label": e["label"], "items": [e], "active": e["active"]} for e in entries if not e["area"]]
    for area in AREAS + tuple(sorted({e["area"] for e in entries} - set(AREAS) - {""})):
        items = [e for e in entries if e["area"] == area]
        if items:
            groups.append({"label": area, "items": items, "active": any(e["active"] for e in items)})
    return groups


def navigation(request):
    """The menu the base template shows: only the entries the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = _entries(user, MENU, request.path)
    return {
        "nav_menu": menu,
        "nav_groups": _groups(menu),
        "nav_admin_menu": _entries(user, ADMIN_MENU, request.path),
    }
