"""Legacy Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice, then read by the
.docx reader, so they give the same Document.

Conversion runs headless in a private temporary directory with a user profile of this process
only (LibreOffice processes sharing a profile fail), under a timeout that kills the whole
process group, so a file LibreOffice chokes on cannot hang a batch.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..document import Document
from ..errors import CorruptFile, MissingTool, TimedOut
from ..limits import DEFAULT_LIMITS, Limits
from . import docx as docx_reader
from .options import ReadOptions

INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def _profile_dir() -> Path:
    """One LibreOffice profile per process, reused across its conversions, removed at exit."""
    path = Path(tempfile.mkdtemp(prefix=f"extractor-lo-profile-{os.getpid()}-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@lru_cache(maxsize=1)
def libreoffice_version() -> str:
    binary = soffice()
    if not binary:
        return "LibreOffice (not installed)"
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
        return " ".join(out.split()[:2]) or "LibreOffice"
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"


def convert_to_docx(path: Path, workdir: Path, timeout: float, fmt: str) -> Path:
    binary = soffice()
    if binary is None:
        raise MissingTool(f"a legacy .{fmt} file needs LibreOffice to be read: {INSTALL_HINT}", str(path))
    source = workdir / f"input.{fmt}"  # a plain name: LibreOffice takes odd characters badly
    shutil.copyfile(path, source)
    out = workdir / "out"
    command = [binary, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise TimedOut(f"LibreOffice did not convert it within {timeout:g} s", str(path)) from None
    converted = out / "input.docx"
    if process.returncode != 0 or not converted.exists():
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise CorruptFile(f"LibreOffice could not convert this .{fmt} file ({detail[0][:120]})", str(path))
    return converted


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    fmt = options.format if options else "doc"
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as tmp:
        converted = convert_to_docx(path, Path(tmp), limits.convert_timeout, fmt)
        document = docx_reader.read(converted, limits)
    document.converted = f"{libreoffice_version()}: {fmt} → docx"
    return document
