from django.contrib.auth import views as auth_views

from accounts.forms import ChangePasswordForm, LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
