"""Input rules every form, model and import shares: no date before the system's earliest year, no control characters
in text, and a maximum length for every free-text field (docs/security.md lists the limits)."""

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

# Maximum lengths of free text, in characters.
NAME_MAX = 200  # names and titles
SHORT_NOTE_MAX = 300  # one-line notes
REASON_MAX = 1000  # a return or correction reason, a comment
NOTE_MAX = 2000  # notes, descriptions, the items of a monthly report, a list of enterprises
LONG_TEXT_MAX = 3000  # each part of a monthly bulletin's section 六 (reports.services.MAX_TEXT)

# C0 and C1 control characters and DEL. Tab and line feed are allowed in multi-line text, and CR only before LF
# (a browser sends a textarea's lines ending in CR LF).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def earliest_year() -> int:
    return settings.EARLIEST_YEAR


def date_problem(value) -> str:
    """Why a date is refused, in Chinese, or ''."""
    if isinstance(value, dt.date) and value.year < earliest_year():
        return f"日期不能早于{earliest_year()}年（本系统最早的年度），请核对是否录错"
    return ""


def validate_not_before_earliest_year(value):
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="before_earliest_year")


def _describe(char: str) -> str:
    names = {"\x00": "空字符", "\t": "制表符", "\r": "回车符", "\n": "换行符", "\x0b": "垂直制表符", "\x0c": "换页符"}
    return names.get(char, f"U+{ord(char):04X}")


def text_problem(value, *, multiline: bool = False, max_length: int | None = None) -> str:
    """Why a text is refused, in Chinese, or ''. Used by the forms, the models and the ledger import."""
    if not isinstance(value, str):
        return ""
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL
    found = pattern.search(value)
    if found:
        where = "（换行和制表符除外）" if multiline else ""
        return f"含有不可见的控制字符（{_describe(found.group()[0])}），请删除后重试{where}"
    length = len(value.replace("\r\n", "\n"))
    if max_length is not None and length > max_length:
        return f"最多{max_length}个字，现为{length}个字"
    return ""


@deconstructible
class TextRule:
    """A model or form validator: no control characters (tab and line breaks allowed when ``multiline``)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="control_character")

    def __eq__(self, other):
        return isinstance(other, TextRule) and other.multiline == self.multiline


@deconstructible
class TextMaxLength(MaxLengthValidator):
    """A maximum length counting a line break as one character, as the browser's ``maxlength`` does (a textarea
    posts CR LF)."""

    def clean(self, x):
        return len(x.replace("\r\n", "\n"))


single_line_text = TextRule()
multiline_text = TextRule(multiline=True)


def strip_control(text: str) -> str:
    """The text without the control characters multi-line text may not hold (tab and line feed kept)."""
    return _CONTROL_MULTILINE.sub("", text)


def safe_query_text(value: str | None, limit: int = 40) -> str:
    """A query value as it may be echoed in a message or a file: control characters dropped, cut to ``limit``."""
    text = _CONTROL.sub("", value or "")
    return text if len(text) <= limit else text[:limit] + "…"
