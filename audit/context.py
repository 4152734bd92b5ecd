"""The request being served, for the audit trail.

Services write their events without a request argument (they are called from views, commands and tests alike), yet
the address of the person acting belongs in every event of a request. This middleware keeps the request in a context
variable for the request's duration; ``audit.services.audit_log`` reads the address from it when it is not handed a
request. Outside a request (management commands, timers) there is none, and the event has no address.
"""

import contextvars

_request = contextvars.ContextVar("audit_request", default=None)


def current_request():
    return _request.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
