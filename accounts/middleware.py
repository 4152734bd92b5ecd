"""Sign-in duties a session must finish before anything else: the second factor, then an expired password."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.services import SECOND_FACTOR_SESSION_KEY, password_expired, second_factor_owed


def _send_to(request, url_name):
    url = reverse(url_name)
    if request.method == "GET" and request.path_info != "/":
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SecondFactorMiddleware:
    """A signed-in session that owes a TOTP code (or an enrolment) reaches only that page and sign-out."""

    PAGES = {"verify": "otp_verify", "setup": "otp_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            owed = request.session.get(SECOND_FACTOR_SESSION_KEY)
            if owed is None or (owed and owed not in self.PAGES):  # an old session, or a value this code never wrote
                owed = request.session[SECOND_FACTOR_SESSION_KEY] = second_factor_owed(request.user)
            if owed:
                page = self.PAGES[owed]
                if request.path_info not in (reverse(page), reverse("logout")):
                    return _send_to(request, page)
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """After PASSWORD_MAX_AGE_DAYS without a change, the user must change the password before going on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and password_expired(user):
            allowed = (reverse("password_change"), reverse("password_change_done"), reverse("logout"))
            if request.path_info not in allowed:
                return _send_to(request, "password_change")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """The 30-minute idle sign-out without a database write on every request: the session's expiry moves forward
    (the session is saved) at most once every SESSION_REFRESH_SECONDS (60) of activity, so a session ends between
    29 and 30 minutes after its last request — never later. Writing it on every request (SESSION_SAVE_EVERY_REQUEST)
    cost each page an UPDATE and a commit (a WAL flush) at the month-end peak."""

    KEY = "_idle_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)
