from django.core.checks import Error, register

from accounts.access import separation_of_duties_problems


@register()
def separation_of_duties(app_configs, **kwargs):
    """`manage.py check` (and so migrate and runserver) refuse a capability table that breaks 三员分立."""
    return [
        Error(problem, hint="见 accounts/access.py 的三员分立说明。", id="accounts.E001")
        for problem in separation_of_duties_problems()
    ]
