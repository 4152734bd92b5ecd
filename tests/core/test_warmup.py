"""core.warmup: what the gunicorn master compiles once before forking, so that a recycled worker starts warm."""

from django.template import engines

from core.warmup import project_templates, warm, widget_templates


def test_every_project_template_and_form_widget_is_compiled_without_the_database():
    # no database fixture: pytest-django refuses any query, and a connection opened in the gunicorn master would be
    # shared by every forked worker
    done = warm()
    assert done == {"templates": len(project_templates()), "widgets": len(widget_templates()), "skipped": 0}
    assert "base.html" in project_templates() and "projects/record_detail.html" in project_templates()
    assert "django/forms/widgets/input.html" in widget_templates()
    cached = engines["django"].engine.template_loaders[0]
    assert {"base.html", "projects/record_detail.html"} <= {key.split("-")[0] for key in cached.get_template_cache}
