"""Long free text shown short: the first characters, the rest behind a <details> the reader opens."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html

register = template.Library()

SHOWN = 120  # characters shown before "展开"


@register.filter
def long_text(value, shown: int = SHOWN):
    """``value`` as it is when short; else its start and a <details> with the whole text (line breaks kept)."""
    text = "" if value is None else str(value)
    if len(text) <= shown:
        return conditional_escape(text)
    return format_html(
        '<details class="long-text"><summary>{}…<span class="text-muted">（共{}字，展开）</span></summary>'
        '<div class="long-text-full">{}</div></details>',
        text[:shown],
        len(text),
        linebreaksbr(text, autoescape=True),
    )
