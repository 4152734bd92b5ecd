from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, marking the request when it refuses a locked-out user name.

    The mark tells the audit signal "an attempt during a lockout" from "the failure that started one". A call without
    a request (the shell, the test client's login()) has nothing to lock and passes through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.wushan_locked_out = True
            raise
