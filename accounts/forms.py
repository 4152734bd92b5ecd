from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator

from core.forms import BootstrapMixin


class UsernameLengthMixin:
    """AuthenticationForm only sets the username's max_length on the widget: a 3,000-character name reached
    authenticate(), and django-axes' failure record (255 characters) raised DataError on PostgreSQL, a 500 at sign-in.
    A name longer than any account's is refused before anyone looks it up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length or 150))


class LoginForm(UsernameLengthMixin, BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（区分大小写）。",
        "inactive": "此账号已停用，请联系系统管理员。",
    }


class ChangePasswordForm(BootstrapMixin, PasswordChangeForm):
    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError("新密码不能与原密码相同。", code="password_unchanged")
        return new


class OTPCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=12,
        help_text="身份验证器（如 微信小程序“腾讯身份验证器”、Microsoft Authenticator）中当前显示的 6 位数字。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("请输入 6 位数字验证码。", code="format")
        return code
