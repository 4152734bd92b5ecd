"""reports.pdf: the monthly bulletin as PDF (the real one, rendered from the fixed snapshot of the hand-checked
year's December) reads like a county document, embeds only the shipped fonts, its text is Chinese and searchable,
wide tables are landscape, and the same input gives the same bytes."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.template import Context, Template
from weasyprint.urls import FatalURLFetchingError

from reports import charts
from reports.bulletin.render import bulletin_pdf
from reports.pdf import DocumentHeader, html_to_pdf, pdf_response, static_path
from targets.importing import parse_csv
from tests.conftest import PLAN_2023
from tests.reports.bulletin_kit import published_december
from tests.reports.dashboard_kit import hand_year  # noqa: F401  (the year the snapshot is built from)

POPPLER = all(shutil.which(tool) for tool in ("pdffonts", "pdftotext", "pdfinfo", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed (scripts/system-deps test)")

SMALL = """{% extends "reports/pdf/base.html" %}{% block content %}
<h2>一、总体进展</h2><p>全县正式合同额直令骨。</p><figure>{{ chart }}</figure>
<section class="wide"><table class="doc-table"><tr><td>宽表</td></tr></table></section>{% endblock %}"""


def small_html(**extra) -> str:
    document = DocumentHeader.monthly_bulletin(year=2023, month=12, number=12, issued_on=dt.date(2024, 1, 8))
    chart = charts.bar_chart([charts.Bar("县交通局", Decimal("3"), "alert")])
    return Template(SMALL).render(Context({"document": document, "chart": chart, **extra}))


@pytest.fixture(scope="module")
def built():
    return {}


@pytest.fixture
def december(request, built, db) -> dict:
    """The published December's snapshot and text, filed and published through the services once per module (the
    rendering reads the snapshot alone, so the later tests need no database)."""
    if "bulletin" not in built:
        request.getfixturevalue("hand_year")
        b = published_december(request.getfixturevalue("office"))
        built["bulletin"] = {"snap": b.snapshot, "problems": b.problems, "next_steps": b.next_steps}
    return built["bulletin"]


def render(december, **snap) -> bytes:
    return bulletin_pdf(
        december["snap"] | snap, problems=december["problems"], next_steps=december["next_steps"], state="published"
    )


@pytest.fixture
def december_pdf(december, built, tmp_path_factory):
    if "pdf" not in built:
        path = tmp_path_factory.mktemp("pdf") / "bulletin.pdf"
        path.write_bytes(render(december))
        built["pdf"] = path
    return built["pdf"]


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_the_same_input_gives_byte_identical_pdfs():
    html = small_html()
    first = html_to_pdf(html, identifier="bulletin-2023-12")
    assert first.startswith(b"%PDF-1.7")
    assert html_to_pdf(html, identifier="bulletin-2023-12") == first
    assert html_to_pdf(html, identifier="bulletin-2023-11") != first


def test_cycle_collection_is_off_while_drawing_and_back_as_it_was_found(monkeypatch):
    import gc

    from reports import pdf

    seen = []
    draw = pdf.document_to_pdf.__wrapped__
    monkeypatch.setattr(
        pdf, "document_to_pdf", lambda document, **kw: seen.append(gc.isenabled()) or draw(document, **kw)
    )
    assert gc.isenabled()
    html_to_pdf(small_html(), identifier="gc")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        html_to_pdf(small_html(), identifier="gc")
        assert not gc.isenabled()  # a caller that had it off (the bulletin command) keeps it off
    finally:
        gc.enable()


def test_a_creation_date_from_the_snapshot_is_written_and_still_reproducible(december, tmp_path):
    issued = dt.datetime(2024, 1, 8, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    first = render(december, issued_at=issued.isoformat())
    assert render(december, issued_at=issued.isoformat()) == first
    if POPPLER:
        (tmp_path / "dated.pdf").write_bytes(first)
        info = run("pdfinfo", "-isodates", str(tmp_path / "dated.pdf"))
        assert re.search(r"CreationDate:\s+2024-01-08T09:30:00Z", info), info


def test_nothing_is_fetched_from_outside_the_static_files():
    html = small_html().replace("</body>", '<img src="http://example.com/logo.png"></body>')
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html, identifier="x")


def test_a_missing_static_file_stops_the_rendering_instead_of_printing_boxes():
    html = small_html().replace("reports/pdf.css", "reports/missing.css")
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html, identifier="x")


@pytest.mark.parametrize(
    "path", ["/static/../manage.py", "/static//etc/passwd", "/static/", "/etc/passwd", "/static/%2e%2e/manage.py"]
)
def test_only_files_under_the_static_folders_are_readable(path):
    from urllib.parse import unquote

    assert static_path(unquote(path)) is None


def test_static_files_resolve_to_the_project_files():
    assert static_path("/static/fonts/WushanSansSC-Regular.otf").name == "WushanSansSC-Regular.otf"
    assert static_path("/static/reports/pdf.css").is_file()


def test_pdf_response_is_named_in_chinese():
    response = pdf_response(b"%PDF-1.7", "2023年第12期招商引资工作月通报.pdf", inline=True)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")
    assert "filename*=UTF-8''2023%E5%B9%B4" in response["Content-Disposition"]


@needs_poppler
def test_only_the_shipped_subset_fonts_are_embedded(december_pdf):
    rows = run("pdffonts", str(december_pdf)).splitlines()[2:]
    assert rows, "no fonts at all"
    names = set()
    for row in rows:
        name, *_middle, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        names.add(name.split("+", 1)[1])
    assert names == {"Wushan-Sans-SC", "Wushan-Sans-SC-Bold", "Wushan-Serif-SC", "Wushan-Serif-SC-Bold"}


@needs_poppler
def test_the_text_is_chinese_and_carries_every_unit_and_the_totals(december_pdf):
    text = run("pdftotext", "-layout", str(december_pdf), "-")
    compact = re.sub(r"\s+", "", text)
    for phrase in (
        "招商引资工作月通报",
        "2023年第12期",
        "巫山县招商引资工作领导小组办公室",
        "二〇二四年一月十日",
        "一、总体进展",
        "五、五色图",
        "六、存在问题及下步工作",
        "合计",
        "300.00",
        "70.00",
    ):
        assert phrase in compact, phrase
    for row in parse_csv(PLAN_2023.read_bytes(), year=2023).rows:
        assert row.unit in compact, row.unit
    assert "\ufffd" not in text and "□" not in text


@needs_poppler
def test_pages_are_numbered_and_headed(december_pdf):
    pages = run("pdftotext", str(december_pdf), "-").split("\f")
    numbered = [p for p in pages if p.strip()]
    for number, page in enumerate(numbered, start=1):
        assert re.search(rf"—\s*{number}\s*—", page), f"page {number} has no page number"
    assert "2023年第12期" in numbered[1]  # the running header, from the second page on


@needs_poppler
def test_wide_sections_are_set_on_landscape_pages(december_pdf):
    sizes = re.findall(
        r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", "-f", "1", "-l", "99", str(december_pdf))
    )
    orientation = ["landscape" if float(w) > float(h) else "portrait" for w, h in sizes]
    assert orientation[0] == "portrait" and orientation[-1] == "portrait"
    assert "landscape" in orientation
    assert 7 <= len(orientation) <= 12


@needs_poppler
def test_the_first_page_image_has_the_red_masthead(december_pdf, tmp_path):
    from PIL import Image

    run("pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(december_pdf), str(tmp_path / "page"))
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    top = image.crop((0, 0, image.width, image.height // 4))
    red = sum(n for n, (r, g, b) in top.getcolors(maxcolors=1 << 20) if r > 150 and g < 90 and b < 90)
    assert red > 50
