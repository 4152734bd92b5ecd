"""reports.pdf_svg_text: chart labels drawn as one run each (issue 15) give the same picture and the same text as
WeasyPrint's letter-by-letter drawing, and anything with per-letter attributes is left to WeasyPrint."""

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import weasyprint
import weasyprint.svg as svg_module

from reports import charts, pdf_svg_text
from reports.charts import Bar, Marker
from reports.pdf import html_to_pdf
from tests.reports.dashboard_kit import pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")


def chart_html() -> str:
    bars = [
        Bar(f"单位{i}号县交通局", Decimal(i * 7 % 100), "alert" if i % 3 else "normal", text=f"{i}.5%")
        for i in range(12)
    ]
    svg = charts.bar_chart(
        bars,
        markers=[Marker(Decimal("50"), "序时进度 50.0%", "progress")],
        value_format=lambda v: f"{v:.0f}%",
        tick_format=lambda v: f"{v:.0f}%",
        legend=[("normal", "达到"), ("alert", "未达到")],
        label="各单位到位资金完成率",
        width=560,
    )
    rotated = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="30" rotate="0 20 40">旋转字</text><text x="10 30 50" y="50">分散</text></svg>'
    return f"<html><body><figure>{svg}</figure>{rotated}</body></html>"


def pixels(pdf: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", str(path), str(Path(tmp) / "p")], check=True)
        return b"".join(p.read_bytes() for p in sorted(Path(tmp).glob("p*.p?m")))


def render_with(function, draw_node, monkeypatch) -> bytes:
    """A render with these two functions (``install`` would otherwise put the fast ones back)."""
    saved = (svg_module.text, dict(svg_module.TAGS), svg_module.SVG.draw_node)
    monkeypatch.setattr(pdf_svg_text, "install", lambda: True)
    try:
        for tag, f in list(svg_module.TAGS.items()):
            if f is svg_module.text:
                svg_module.TAGS[tag] = function
        svg_module.text = function
        svg_module.SVG.draw_node = draw_node
        return html_to_pdf(chart_html(), identifier="svg-text-test")
    finally:
        svg_module.text = saved[0]
        svg_module.TAGS.clear()
        svg_module.TAGS.update(saved[1])
        svg_module.SVG.draw_node = saved[2]
        monkeypatch.undo()


@needs_poppler
def test_the_fast_labels_give_the_same_picture_and_text_as_weasyprint(monkeypatch):
    assert weasyprint.__version__ == pdf_svg_text.SUPPORTED, "written against WeasyPrint 70: re-check this module"
    html_to_pdf("<p>x</p>", identifier="install")  # installs it
    fast, fast_draw_node = svg_module.text, svg_module.SVG.draw_node
    pdf_svg_text.install()
    assert svg_module.text is fast and svg_module.SVG.draw_node is fast_draw_node  # idempotent
    ours = render_with(fast, fast_draw_node, monkeypatch)
    theirs = render_with(fast.original, fast_draw_node.original, monkeypatch)
    assert pixels(ours) == pixels(theirs)
    assert len(ours) < len(theirs)  # no PDF form per centred label
    assert pdf_text(ours) == pdf_text(theirs)
    assert "单位11号县交通局" in pdf_text(ours) and "序时进度 50.0%" in pdf_text(ours)


def test_per_letter_attributes_are_left_to_weasyprint():
    class Node:  # what the function reads of WeasyPrint's svg Node
        def __init__(self, **attrs):
            self.attrib = {k.replace("_", "-"): v for k, v in attrs.items()}
            self.text = "字"

        def get(self, name, default=None):
            return self.attrib.get(name, default)

    node = Node

    assert pdf_svg_text._simple(node(x="1", y="2"))
    for attrs in (
        {"x": "1 2"},
        {"y": "1,2"},
        {"rotate": "10"},
        {"dx": "1"},
        {"textLength": "30"},
        {"letter_spacing": "2"},
    ):
        assert not pdf_svg_text._simple(node(**attrs)), attrs
