"""Django templates to PDF with WeasyPrint: fonts and static files from disk, never over the network, and the
same input always gives the same bytes (so a published bulletin can be produced again identically).

    pdf = render_pdf("reports/bulletin/bulletin_pdf.html", {...}, identifier="bulletin-2023-12")
    return pdf_response(pdf, "2023年第12期招商引资工作月通报.pdf")

Templates extend ``reports/pdf/base.html`` (A4, the county's document style, embedded Wushan Sans/Serif SC).

WeasyPrint is imported where a PDF is drawn, never when this module loads: it costs ~1 s of every process start
(its Pango/HarfBuzz bindings), and most processes — gunicorn workers, commands — never draw one.
"""

import contextlib
import datetime as dt
import gc
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string

from core.tables import STYLE_COLLECTOR
from reports import weasy

if TYPE_CHECKING:
    from weasyprint import Document

# Relative and /static/ URLs resolve against this origin; the fetcher maps it to files and nothing else goes out.
BASE_URL = "https://document.invalid/"
PDF_OPTIONS = {
    "pdf_version": "1.7",
    "optimize_images": True,
    "uncompressed_pdf": False,
}


@cache
def static_files_only():
    """WeasyPrint's URL fetcher for documents: ``/static/…`` (and ``data:``) from disk through Django's static
    finders; every other URL is refused. (A class made on first use, so that WeasyPrint loads only then.)"""
    weasy.load()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """A missing font or stylesheet stops the rendering (``fail_on_errors``) rather than giving a PDF with boxes."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
                raise ValueError(f"PDF 只能引用本系统的静态文件，不能引用 {url}")
            path = static_path(unquote(parts.path))
            if path is None:
                raise ValueError(f"找不到静态文件 {parts.path}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            # Answer under the asked URL, so that url(…) inside a stylesheet resolves against the same origin.
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticFilesOnly


def static_path(url_path: str) -> Path | None:
    """The file behind a ``/static/…`` path: from the finders (development, tests) or STATIC_ROOT (production)."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not url_path.startswith(prefix):
        return None
    relative = url_path.removeprefix(prefix)
    if not relative or relative.startswith("/") or "\\" in relative or ".." in Path(relative).parts:
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class PdfSource:
    html: str
    stylesheet: str = ""


def render_source(template_name: str, context: dict | None = None, *, created: dt.datetime | None = None) -> PdfSource:
    """The HTML of a PDF template and the CSS its tables asked for; ``created`` becomes the PDF's creation and
    modification date."""
    context = dict(context or {})
    if created is not None:
        context["pdf_created"] = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    styles: list[str] = []
    context[STYLE_COLLECTOR] = styles
    html = render_to_string(template_name, context)
    return PdfSource(html, "\n".join(dict.fromkeys(styles)))


def render_html(template_name: str, context: dict | None = None, *, created: dt.datetime | None = None) -> str:
    return render_source(template_name, context, created=created).html


@contextlib.contextmanager
def cycle_collection_paused():
    """Python's cycle collector off while WeasyPrint lays out and draws: a render makes some million short-lived
    objects (boxes, styles, stream operations) and the collector walked them all again and again, 13 % of the
    bulletin's render (1.31 → 1.15 s). What a render leaves behind is freed by reference counting, or by the next
    collection once this is over; it is back on as it was found (a render inside a render leaves it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cycle_collection_paused()
def html_to_document(source: PdfSource | str, **options) -> "Document":
    """Lay out a document (pages, not yet PDF): ``len(document.pages)`` is its page count."""
    weasy.load()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports import pdf_svg_text

    pdf_svg_text.install()
    if isinstance(source, str):
        source = PdfSource(source)
    stylesheets = [CSS(string=source.stylesheet, base_url=BASE_URL)] if source.stylesheet else []
    document = HTML(string=source.html, base_url=BASE_URL, url_fetcher=static_files_only()())
    return document.render(font_config=FontConfiguration(), stylesheets=stylesheets, **(PDF_OPTIONS | options))


@cycle_collection_paused()
def html_to_pdf(source: PdfSource | str, *, identifier: str) -> bytes:
    """PDF bytes of a document. ``identifier`` names it (e.g. ``bulletin-2023-12``) and becomes the first half of
    the PDF's /ID; WeasyPrint adds no date or random value of its own, so the output is reproducible."""
    return document_to_pdf(html_to_document(source), identifier=identifier)


@cycle_collection_paused()
def document_to_pdf(document: "Document", *, identifier: str) -> bytes:
    return document.write_pdf(pdf_identifier=identifier.encode("utf-8"), **PDF_OPTIONS)


def render_pdf(
    template_name: str, context: dict | None = None, *, identifier: str, created: dt.datetime | None = None
) -> bytes:
    """Render a template that extends ``reports/pdf/base.html`` to PDF bytes.

    The same template, context, identifier and ``created`` always give byte-identical output: keep the date a
    published document was issued in its snapshot and pass it back here, never ``now()``."""
    return html_to_pdf(render_source(template_name, context, created=created), identifier=identifier)


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A download (or, with ``inline``, a view in the browser) of PDF bytes under a Chinese file name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    ascii_name = "".join(c if c.isascii() and c not in '"\\' else "_" for c in filename)
    response["Content-Disposition"] = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response["Content-Length"] = str(len(pdf))
    return response


ISSUER = "巫山县招商引资工作领导小组办公室"
DEFAULT_DISTRIBUTION = (
    ("报", "县委、县人大常委会、县政府、县政协主要领导，县委、县政府分管领导"),
    ("送", "县委办公室、县人大常委会办公室、县政府办公室、县政协办公室"),
    ("发", "各招商责任单位、招商保障单位，各乡镇（街道）"),
)


@dataclass(frozen=True)
class DocumentHeader:
    """What ``reports/pdf/base.html`` prints around the content: masthead (版头), title, signature data, colophon."""

    title: str
    masthead: str = ""  # the red title of a bulletin; empty: no masthead
    issue_label: str = ""  # 2023年第12期
    issuer: str = ISSUER
    date: dt.date | None = None
    date_precision: str = "day"  # "month": 二〇二三年十二月
    subtitle: str = ""
    running_title: str = ""
    distribution: tuple[tuple[str, str], ...] = ()  # (("报", "…"), ("送", "…"), ("发", "…")) of the colophon
    printed_on: dt.date | None = None

    @classmethod
    def monthly_bulletin(cls, *, year: int, month: int, number: int, issued_on: dt.date, **overrides):
        """The header of 招商引资工作月通报 number ``number`` of ``year``, covering January … ``month``."""
        months = f"{year}年1月" if month == 1 else f"{year}年1—{month}月"
        fields = {
            "title": f"{months}全县招商引资工作情况通报",
            "masthead": "招商引资工作月通报",
            "issue_label": f"{year}年第{number}期",
            "date": issued_on,
            "running_title": f"巫山县招商引资工作月通报　{year}年第{number}期",
            "distribution": DEFAULT_DISTRIBUTION,
            "printed_on": issued_on,
        }
        return cls(**(fields | overrides))
