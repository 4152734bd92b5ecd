from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts import otp, services
from accounts.forms import ChangePasswordForm, LoginForm, OTPCodeForm
from accounts.models import TOTPDevice
from audit.services import audit_log
from core.http import next_or


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A signed-in user sent back to the sign-in page itself (?next=/accounts/login/) made Django raise ValueError
        # ("Redirection loop"), a 500: such a ``next`` is ignored and the user goes to the home page.
        url = super().get_redirect_url()
        return "" if url.split("?")[0].split("#")[0] == self.request.path else url


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_expired"] = services.password_expired(self.request.user)
        context["max_age_days"] = settings.PASSWORD_MAX_AGE_DAYS
        return context

    def form_valid(self, form):
        expired = services.password_expired(self.request.user)
        response = super().form_valid(form)
        services.password_changed(user=self.request.user, request=self.request, expired=expired)
        return response


def lockout(request, original_response=None, credentials=None):
    """django-axes' lockout response: a Chinese page, status 429, no hint whether the user name exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/lockout.html", context, status=429)


def _next_url(request):
    return next_or(request, settings.LOGIN_REDIRECT_URL)


@login_required
def otp_verify(request):
    """The second step of sign-in for a user with an authenticator. A wrong code counts as a failed sign-in."""
    user = request.user
    if request.session.get(services.SECOND_FACTOR_SESSION_KEY) != "verify":
        return redirect(_next_url(request))
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        logout(request)
        return lockout(request)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_check(user=user, code=form.cleaned_data["code"]):
            request.session[services.SECOND_FACTOR_SESSION_KEY] = ""
            request.session.cycle_key()
            audit_log(action="auth.otp_verify", by=user, request=request)
            return redirect(_next_url(request))
        username = user.get_username()
        user_login_failed.send(sender=__name__, credentials={"username": username, "factor": "totp"}, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout(request)
        form.add_error("code", "验证码不正确或已使用过，请输入身份验证器中当前显示的 6 位数字。")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), then prove it with one code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user).exists():
        return render(request, "accounts/otp_setup.html", {"enrolled": True})
    secret = request.session.get("wushan_otp_pending_secret") or otp.new_secret()
    request.session["wushan_otp_pending_secret"] = secret
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrol(user=user, secret=secret, code=form.cleaned_data["code"], request=request)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session["wushan_otp_pending_secret"]
            request.session[services.SECOND_FACTOR_SESSION_KEY] = ""
            messages.success(request, "双因素认证已启用：以后登录时需输入身份验证器中的验证码。")
            return redirect(_next_url(request))
    uri = otp.provisioning_uri(secret, user.get_username())
    context = {
        "form": form,
        "qr_svg": otp.qr_svg(uri),
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": services.second_factor_required(user),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)
