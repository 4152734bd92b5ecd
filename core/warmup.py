"""What every gunicorn worker would otherwise do again on its first requests, done once in the master before it forks
its workers (``preload_app``; ``deploy/gunicorn.conf.py`` calls ``warm``): the project's templates and the form
widgets' compiled, the URL resolver built, the Chinese translations loaded. Workers are recycled every ~2,000
requests (``max_requests``), so at the month-end peak a new worker starts every minute or so, and each one's first
pages paid for all of this in front of a user.

Nothing here touches the database: a connection opened in the master would be shared by every forked worker.
"""

from pathlib import Path

import django.forms
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt", ".css")


def project_templates() -> list[str]:
    """Names of the templates under the project's template folders (Django's admin and the like are left cold)."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.suffix in TEMPLATE_SUFFIXES)
    return names


def widget_templates() -> list[str]:
    """The form renderer's widget templates (``django/forms/widgets/*.html``), which it compiles on first use."""
    root = Path(django.forms.__file__).parent / "templates"
    return sorted(str(path.relative_to(root)) for path in (root / "django" / "forms").rglob("*.html"))


def warm() -> dict:
    """Compile and cache what a worker needs; returns counts, for the log."""
    compiled = failed = 0
    engine = engines["django"]
    for name in project_templates():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):
            failed += 1  # a fragment that is not a template of its own; the request that needs it will say so
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    widgets = 0
    for name in widget_templates():
        try:
            renderer.get_template(name)
            widgets += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):
            failed += 1
    get_resolver()._populate()  # every view module imported, the reverse lookup tables built (else the first {% url %})
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Password")  # loads every app's catalogue for the language
    return {"templates": compiled, "widgets": widgets, "skipped": failed}
