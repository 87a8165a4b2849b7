"""Tell a file's format from its bytes, never from its name.

Scraped filings are often misnamed (.doc files that are .docx, HTML error pages saved as .pdf),
so the extension is only used to name a legacy Word file .wps rather than .doc.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFile, EncryptedFile, UnreadableFile, UnsupportedFormat

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# Page images (a scanned filing), read by OCR.
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}

# What an OOXML or ODF package is, by a member only that kind has.
_ZIP_KINDS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}


def read_head(path: Path, n: int = 2048) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except FileNotFoundError:
        raise UnreadableFile("no such file", str(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file", str(path)) from None
    except OSError as e:
        raise UnreadableFile(f"cannot be read ({e.strerror})", str(path)) from None


def detect_format(path: Path) -> str:
    """Return 'docx', 'pdf', 'doc', 'wps', 'png', 'jpeg', 'tiff', 'html', 'mht' or 'ofd'; raise for anything else."""
    head = read_head(path)
    if not head:
        raise UnsupportedFormat("empty file (0 bytes)", str(path))
    if b"%PDF-" in head[:1024]:  # the PDF spec allows junk before the header
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(path)
    for magic, kind in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    web = web_kind(head)
    if web:
        return web
    raise UnsupportedFormat(f"not a Word, PDF, web page or page image file ({_describe(head)})", str(path))


_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<title")


def web_kind(head: bytes) -> str | None:
    """'mht' for a single-file page save (MIME multipart/related), 'html' for a page; None
    otherwise. A UTF-16 page is looked at as the text it is."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"multipart/related" in text[:2048] and (b"mime-version" in text[:2048] or text.startswith(b"content-type")):
        return "mht"
    if text.startswith(b"<?xml") and b"<html" in text[:1024]:
        return "html"
    if text.startswith(_HTML_OPENINGS) or (text.startswith(b"<!--") and b"<html" in text[:2048]):
        return "html"
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFile(f"damaged zip container ({e})", str(path)) from None
    if "OFD.xml" in names or "ofd.xml" in names:
        return "ofd"
    for member, kind in _ZIP_KINDS.items():
        if member in names:
            if kind == "docx":
                return "docx"
            raise UnsupportedFormat(f"an Office {kind} file, not a Word document", str(path))
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise UnsupportedFormat(f"an OpenDocument file ({mimetype}), not read yet", str(path))
    raise UnsupportedFormat("a zip archive that is not a Word document", str(path))


def _ole_kind(path: Path) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir()}
            fib = ole.openstream("WordDocument").read(12) if "WordDocument" in streams else b""
    except Exception as e:  # olefile raises bare OSError/ValueError subclasses on damage
        raise CorruptFile(f"damaged legacy Office container ({e})", str(path)) from None
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise EncryptedFile("password-protected Office document", str(path))
    if "WordDocument" in streams:
        # The File Information Block's fEncrypted bit: a .doc with an open password.
        if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:
            raise EncryptedFile("password-protected Word document", str(path))
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    raise UnsupportedFormat("a legacy Office file that is not a Word document", str(path))


def _describe(head: bytes) -> str:
    text = head.lstrip()[:200].lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "looks like an HTML page"
    if text.startswith(b"{\\rtf"):
        return "looks like an RTF file"
    if text.startswith(b"<?xml"):
        return "looks like a bare XML file"
    try:
        head.decode("utf-8")
        return "looks like plain text"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("gb18030")
        return "looks like plain text"
    except UnicodeDecodeError:
        return "unrecognised binary content"
