"""Small helpers shared by the filing views."""

from django.contrib import messages
from django.shortcuts import redirect

DONE_FORMS = "projects_done_forms"


def already_done(request):
    """The page the posted form's token already led to: a double click or a resent POST saves nothing twice."""
    token = request.POST.get("form_token")
    return request.session.get(DONE_FORMS, {}).get(token) if token else None


def remember_done(request, form, url: str) -> None:
    token = form.cleaned_data.get("form_token")
    if not token:
        return
    done = request.session.get(DONE_FORMS, {})
    done[token] = url
    request.session[DONE_FORMS] = dict(list(done.items())[-50:])


def redirect_done(request, url):
    messages.info(request, "该表单已经提交过，未重复保存。")
    return redirect(url)
