"""Many filings from the few samples, each with distinct bytes (so a batch does not skip them
as duplicates): a PDF gets a trailing comment, a .docx an extra zip member. For batch tests
and the batch benchmark."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent


def distinct_copies(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.pdf"))
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        target = folder / f"{i:04d}-{src.name}"
        if src.suffix == ".pdf":
            target.write_bytes(src.read_bytes() + f"\n%copy {i}\n".encode())
        else:
            shutil.copyfile(src, target)
            with zipfile.ZipFile(target, "a") as z:
                z.writestr("customXml/copy.txt", str(i))
        paths.append(target)
    return paths
