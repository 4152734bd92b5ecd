from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

UserModel = get_user_model()


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


class AccountBackend(ModelBackend):
    """Django's user-name and password backend, loading the signed-in user's unit and leader with the user: every
    page's header names them, which cost each request two more queries."""

    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("unit", "leader").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
