"""Request helpers every app's views share."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, default):
    """The ``next`` page a form or link names if it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path only: redirect() would take a bare word such as "0" for a URL name and fail to reverse it (a 500).
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target.startswith("/") and safe else default
