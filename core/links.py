"""URLs of pages a table links on every row, reversed once per name: ``reverse()`` costs tens of microseconds, and a
score page or a record list has hundreds of links of one kind."""

from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse


@lru_cache(maxsize=32)
def _routed(name: str, sample: tuple) -> bool:
    """Whether the URL name exists; asked once, since a failed reverse() is slow and a page has hundreds of links."""
    try:
        reverse(name, args=sample)
    except NoReverseMatch:  # the filing pages are not installed in this build
        return False
    return True


_PK = 987654321  # stands for the record's pk in a URL reversed once (``_pattern``)


@lru_cache(maxsize=64)
def _pattern(name: str, fixed: tuple, prefix: str) -> str:
    return reverse(name, args=[*fixed, _PK])


def fast_url(name, *args) -> str:
    """``reverse(name, args=args)`` for a URL whose last argument is a pk, or "" when the name is not routed."""
    if not _routed(name, tuple(1 if isinstance(a, int) else a for a in args)):
        return ""
    *fixed, pk = args
    if isinstance(pk, int) and all(isinstance(a, str) for a in fixed):
        return _pattern(name, tuple(fixed), get_script_prefix()).replace(str(_PK), str(pk), 1)
    return reverse(name, args=args)
