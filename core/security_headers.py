"""Response headers Django's SecurityMiddleware does not set: the content security policy and the permissions policy.

HSTS, nosniff, the referrer policy and the cross-origin opener policy come from SecurityMiddleware; frame denial
from XFrameOptionsMiddleware (and `frame-ancestors 'none'` here for browsers that read only the CSP).
"""

from django.conf import settings


def policy_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {value}" for directive, value in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = policy_header(settings.CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
