"""What a file really is, from its first bytes: an extension can lie, magic bytes rarely do."""

from __future__ import annotations

import re

# Human names of the kinds found; also used in the reasons shown to admins.
PDF, ZIP, OLE, IMAGE, HTML = "PDF", "ZIP", "Word 97-2003 (.doc)", "图片 (image)", "HTML"
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)


def sniff(data: bytes) -> str | None:
    """PDF, ZIP (DOCX is one), OLE (old .doc), an image, HTML, or None (text or unknown)."""
    head = data[:1024]
    if b"%PDF-" in head:  # the PDF spec lets readers accept junk before the header
        return PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if image_kind(data):
        return IMAGE
    if _HTML_START.match(head):
        return HTML
    return None


def image_kind(data: bytes) -> str | None:
    """png | jpeg | gif | webp | tiff | bmp, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"BM") and len(data) > 26:
        return "bmp"
    return None
