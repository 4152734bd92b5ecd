"""What an uploaded evidence file really is, from its bytes (never its name), and whether it may be shown inline.
Pure: no database, no settings."""

import zipfile

from projects.pdf_safety import pdf_active_content

EVIDENCE_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}


def sniff_evidence_type(head: bytes, file) -> str | None:
    """The real type of an uploaded file from its first bytes (never from its name)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        # OFD (GB/T 33190) is a ZIP container whose root holds OFD.xml.
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "OFD.xml" in names:
            return "application/ofd"
    return None


def evidence_previewable(mime: str, file) -> bool:
    """Images, and PDFs without active content (projects/pdf_safety.py: parsed, not searched); such a PDF is kept and
    downloadable but never shown inline."""
    if mime in ("image/jpeg", "image/png"):
        return True
    if mime != "application/pdf":
        return False
    file.seek(0)
    data = b"".join(file.chunks())
    file.seek(0)
    return not pdf_active_content(data)
