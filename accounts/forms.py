from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from core.forms import BootstrapMixin


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（区分大小写）。",
        "inactive": "此账号已停用，请联系系统管理员。",
    }


class ChangePasswordForm(BootstrapMixin, PasswordChangeForm):
    pass
