"""One exception family for everything the tool can refuse to read.

Each class carries the process exit code the CLI returns for it (documented in README.md), so
the CLI, the batch runner and the tests agree on what a failure means.
"""
from __future__ import annotations

import re

# Control characters (terminal escapes among them) never reach stderr from a hostile file's
# name or from text an error message quotes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class ExtractorError(Exception):
    """Base class: a file the tool cannot turn into a record, with a one-line reason."""

    exit_code = 70
    kind = "internal"

    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        text = _CONTROL.sub("", f"{where}{self.reason}")
        return " ".join(text.split())  # never more than one line on stderr


class UsageError(ExtractorError):
    """What the user asked for cannot be done as asked (a broken --rules file, a bad option):
    found before any filing is read."""

    exit_code = 64
    kind = "usage"


class UnreadableFile(ExtractorError):
    """Missing, a directory, or not readable by this user."""

    exit_code = 2
    kind = "unreadable"


class UnsupportedFormat(ExtractorError):
    """The bytes are not a format the tool reads (detected from content, not the extension)."""

    exit_code = 2
    kind = "unsupported"


class EncryptedFile(ExtractorError):
    exit_code = 3
    kind = "encrypted"


class CorruptFile(ExtractorError):
    """A supported format whose content is damaged or malformed."""

    exit_code = 4
    kind = "corrupt"


class NoTextLayer(ExtractorError):
    """A PDF made of page images only: nothing to read without OCR."""

    exit_code = 5
    kind = "no_text"


class TooLarge(ExtractorError):
    """The file exceeds a configured limit (decompressed size, members, pages, cells)."""

    exit_code = 6
    kind = "too_large"


class TimedOut(ExtractorError):
    exit_code = 7
    kind = "timeout"


class NoFiling(ExtractorError):
    """A web page that holds no filing (a news article, an index page): nothing to extract."""

    exit_code = 9
    kind = "no_filing"


class MissingTool(ExtractorError):
    """A program this format needs (LibreOffice for .doc/.wps) is not installed."""

    exit_code = 8
    kind = "missing_tool"
