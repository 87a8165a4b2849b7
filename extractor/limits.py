"""Resource limits applied before any expensive work, so a hostile file fails fast.

Defaults suit real filings with a wide margin (the largest real ones are a few MB); each can be
changed on the command line (see `extract --help`).
"""
from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MiB
    max_zip_members: int = 2000
    max_uncompressed_bytes: int = 256 * MiB  # all members of a .docx together, as declared
    max_compression_ratio: int = 200  # for members over 8 MiB: beyond this it is a zip bomb
    max_table_cells: int = 2_000_000
    max_pages: int = 2000
    # a saved web page (.html, or the page inside a .mht): the largest real filing pages are under
    # 2 MB; beyond this a page is a dump, not a filing, and parsing it would take minutes
    max_web_page_bytes: int = 16 * MiB
    max_image_pixels: int = 150_000_000  # one page image: an A3 scan at 600 dpi is 70 million
    convert_timeout: float = 120.0  # seconds LibreOffice may take to convert a .doc/.wps
    max_output_bytes: int = 256 * MiB  # the JSON of one record (the largest real ones are a few MB)


DEFAULT_LIMITS = Limits()
