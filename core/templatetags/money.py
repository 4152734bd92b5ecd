"""Number and money filters for the templates: thin wrappers over ``core.formatting`` (Python code calls that)."""

from django import template

from core import formatting

register = template.Library()

register.filter("yi", formatting.yi)
register.filter("yi_target", formatting.yi_target)
register.filter("wan", formatting.wan)
register.filter("score", formatting.score)
register.filter("pct", formatting.pct)
register.filter("points", formatting.points)
