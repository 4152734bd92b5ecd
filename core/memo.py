"""Lookups a page makes several times, made once a request.

A page asks for the current year, the filing calendars or the year's scheme in several places (the view, the home
panels, the template tags); each asks the database again. Within one GET or HEAD request — which writes nothing a
later read of the same request could miss — ``per_request(key, compute)`` answers the second and later asks from
the first. Outside a request (commands, timers, tests calling selectors directly) and in every POST, it computes
each time: no value outlives the request that read it.
"""

import contextvars

_memo = contextvars.ContextVar("request_memo", default=None)
SAFE_METHODS = {"GET", "HEAD"}


def per_request(key, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({} if request.method in SAFE_METHODS else None)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
