"""Hostile evidence files: a download is named for what its content is, a PDF with active content (however its names
are written) never previews inline, and every inline preview is sandboxed."""

import datetime as dt
import struct
import zlib
from urllib.parse import quote

import pytest

from projects import services
from projects.pdf_safety import pdf_active_content, raw_active_content
from tests.conftest import client_for
from tests.helpers import pdf_bytes
from tests.projects.conftest import PNG_BYTES, upload


@pytest.fixture
def draft(filer, project):
    return services.record_create(
        record_type="start", unit=filer.unit, by=filer, project=project, started_on=dt.date(2023, 3, 1)
    )


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF 1.5 whose catalog opens with object 4, kept compressed inside an object stream: no byte search sees it."""
    out, offsets = b"%PDF-1.5\n", {}

    def add(number, body):
        nonlocal out
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)

    add(1, b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>")
    add(2, b"<</Type/Pages/Kids[3 0 R]/Count 1>>")
    add(3, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>")
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    add(
        5,
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream"
        % (len(header), len(packed), packed),
    )
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 7):
        if number == 4:
            rows.append(struct.pack(">BIH", 2, 5, 0))
        else:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    table = b"".join(rows)
    out += b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n%s\nendstream\nendobj\n" % (
        len(table),
        table,
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % offsets[6]


@pytest.mark.parametrize(
    "name, data, downloaded",
    [
        ("polyglot.html", pdf_bytes(), "polyglot.pdf"),
        ("合同扫描件.bat", pdf_bytes(), "合同扫描件.pdf"),
        ("现场.PNG.exe", PNG_BYTES, "现场.PNG.png"),
        ("照片.pdf", PNG_BYTES, "照片.png"),
    ],
)
def test_a_download_carries_the_extension_of_its_content_and_the_page_the_original_name(
    client, filer, draft, name, data, downloaded
):
    evidence = services.evidence_attach(record=draft, file=upload(name, data), by=filer)
    c = client_for(client, filer)
    for url in (f"/evidence/{evidence.pk}/", f"/evidence/{evidence.pk}/preview/"):
        response = c.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition.endswith("''" + quote(downloaded)) or f'filename="{downloaded}"' in disposition
    assert evidence.original_name == name and name in c.get(f"/filing/start/{draft.pk}/").content.decode()


ACTIVE = {
    "名称用 #xx 转义的 JavaScript": pdf_bytes(b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>"),
    "/JS 藏在压缩的对象流里": pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>"),
    "OpenAction 指向的 JavaScript 动作": pdf_bytes(b"/OpenAction 4 0 R", (b"<</Type/Action/S/JavaScript/JS 5 0 R>>",)),
    "页面的附加动作 /AA": pdf_bytes(b"", (b"<</O<</S/GoTo/D[3 0 R/Fit]>>>>",)).replace(
        b"/MediaBox", b"/AA 4 0 R/MediaBox"
    ),
    "/Launch 启动程序": pdf_bytes(b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "嵌入文件": pdf_bytes(b"/Names<</EmbeddedFiles<</Names[(a.exe)4 0 R]>>>>", (b"<</Type/Filespec/F(a.exe)>>",)),
    "%%EOF 之后追加的 JavaScript": pdf_bytes(tail=b"9 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n"),
    "无法解析的 PDF": b"%PDF-1.7\n1 0 obj<</OpenAction<</S/GoTo>>>>endobj\n%%EOF",
}


@pytest.mark.parametrize("label", list(ACTIVE))
def test_a_pdf_with_active_content_never_previews_inline(client, filer, draft, label):
    evidence = services.evidence_attach(record=draft, file=upload("合同.pdf", ACTIVE[label]), by=filer)
    assert evidence.mime_type == "application/pdf" and not evidence.previewable, label
    c = client_for(client, filer)
    assert c.get(f"/evidence/{evidence.pk}/preview/").status_code == 404
    response = c.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_the_object_stream_case_is_found_by_parsing_not_by_a_byte_search():
    data = ACTIVE["/JS 藏在压缩的对象流里"]
    assert raw_active_content(data) == "" and pdf_active_content(data) == "/JS"


def test_an_ordinary_pdf_with_links_and_an_open_view_still_previews():
    assert pdf_active_content(pdf_bytes(b"/OpenAction[3 0 R/Fit]")) == ""
    assert pdf_active_content(pdf_with_object_stream(b"<</Type/Action/S/GoTo/D[3 0 R/Fit]>>")) == ""
    link = b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/URI/URI(https://example.org/)>>>>"
    assert pdf_active_content(pdf_bytes(b"", (link,))) == ""


@pytest.mark.parametrize("name, data", [("合同.pdf", pdf_bytes()), ("现场.png", PNG_BYTES)])
def test_every_inline_preview_is_sandboxed_and_not_sniffed(client, filer, draft, name, data):
    evidence = services.evidence_attach(record=draft, file=upload(name, data), by=filer)
    assert evidence.previewable
    response = client_for(client, filer).get(f"/evidence/{evidence.pk}/preview/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline;")
    policy = [p.strip() for p in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and response["X-Content-Type-Options"] == "nosniff"
