"""Links from score pages to the records behind the figures, and colour swatches of the five-colour bands."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from core.formatting import plain
from scoring.rules.scheme import REWARD_PLACES
from targets.access import may_view_unit

register = template.Library()


@lru_cache(maxsize=32)
def _routed(name: str, sample: tuple) -> bool:
    """Whether the URL name exists; asked once, since a failed reverse() is slow and a page has hundreds of links."""
    try:
        reverse(name, args=sample)
    except NoReverseMatch:  # the filing pages are not installed in this build
        return False
    return True


def _url(name, *args) -> str:
    if not _routed(name, tuple(1 if isinstance(a, int) else a for a in args)):
        return ""
    return reverse(name, args=args)


@register.simple_tag
def record_url(kind, pk):
    """The record's page (contract, start, funds, report, activity)."""
    return _url("projects:record", kind, pk) if pk else ""


@register.simple_tag
def event_url(pk):
    """A required event or training (its attendance list)."""
    return _url("projects:event", pk) if pk else ""


@register.simple_tag
def project_url(pk):
    return _url("projects:detail", pk) if pk else ""


@register.simple_tag
def unit_score_url(year, unit_id, as_of=None, user=None):
    """The unit's score page, or "" when ``user`` may not open it."""
    if user is not None and not may_view_unit(user, unit_id):
        return ""
    url = reverse("scoring:unit", args=[year, unit_id])
    return f"{url}?as_of={as_of:%Y-%m-%d}" if as_of else url


@register.simple_tag
def band_badge(band, text=None):
    """A coloured badge naming the band (readable without colour: it carries the band's name). The colours come
    from the scheme's stylesheet (scoring:bands_css), not from inline styles, which the CSP forbids."""
    if band is None:
        return ""
    return format_html(
        '<span class="band-badge band-{}" title="{}">{}</span>', band.code, band.label, text or band.label
    )


@register.filter
def yes_no(value):
    return "是" if value else "否"


@register.filter("plain")
def plain_filter(value):
    """A decimal without trailing zeros: 155.8000 → 155.8 (counts weighted by shares); anything else as it is."""
    return plain(value) if isinstance(value, Decimal) else value


@register.filter
def reward_reading(rules) -> str:
    """Which reading of the reward places (ambiguity G) the scores used, as the ranking pages say it."""
    return REWARD_PLACES.get(rules.reward_places, rules.reward_places)
