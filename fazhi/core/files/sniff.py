"""Tell a file's type from its first bytes; the client's word is not trusted.

The allow-list is deliberately small: what evidence in an administrative
procedure usually is (documents, scans, photos, recordings, plain text).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from typing import IO

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
OFD = "application/ofd"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MP4 = "video/mp4"
MP3 = "audio/mpeg"
TXT = "text/plain"

ALLOWED: dict[str, str] = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    OFD: "OFD",
    DOCX: "DOCX",
    XLSX: "XLSX",
    MP4: "MP4",
    MP3: "MP3",
    TXT: "TXT",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Members that identify a zip container (GB/T 33190-2016 for OFD; ECMA-376).
_ZIP_MARKERS = (
    ("OFD.xml", OFD),
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
)


def sniff(handle: IO[bytes]) -> str | None:
    """The allowed type of the content in ``handle``, or None; rewinds it."""
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(handle)
        if head[4:8] == b"ftyp":
            return MP4
        if head.startswith(b"ID3") or (
            len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
        ):
            return MP3
        return TXT if _is_utf8_text(handle) else None
    finally:
        handle.seek(0)


def _zip_type(handle: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    for marker, kind in _ZIP_MARKERS:
        if marker in names:
            return kind
    return None


def _is_utf8_text(handle: IO[bytes]) -> bool:
    """UTF-8 (a BOM allowed) with no control characters but tab and line breaks."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    while chunk := handle.read(1 << 16):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
        if _CONTROL.search(text):
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
