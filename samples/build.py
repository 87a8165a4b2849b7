"""Build the sample filings: samples/NAME.docx from samples/specs/NAME.py, and their PDFs.

    python samples/build.py            # every .docx
    python samples/build.py --pdf      # and every .pdf, through LibreOffice
    python samples/build.py seed       # just one

The seed spec reads its narrative from the text dump in ../shared/seed/ (the real filing);
set SEED_DUMP to read it from elsewhere. The built files are committed, so the tests and the
tool never need this script, LibreOffice or the dump.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from builder import Sample, write_docx  # noqa: E402


def load_specs(names: list[str]) -> list[Sample]:
    samples = []
    for path in sorted((HERE / "specs").glob("*.py")):
        if path.name.startswith("_") or (names and path.stem not in names):
            continue
        spec = importlib.util.spec_from_file_location(f"specs.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        samples.append(module.SAMPLE)
    return samples


def to_pdf(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed for --pdf: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", out, str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )
        target = docx_path.with_suffix(".pdf")
        shutil.move(str(Path(out) / target.name), target)
    return target


def write_broken() -> list[Path]:
    """Damaged copies of the seed, so a batch over samples/ has failures to record: a .docx cut
    short in a download, a PDF cut short, a .docx whose main part is not XML."""
    import zipfile

    folder = HERE / "broken"
    folder.mkdir(exist_ok=True)
    seed_docx, seed_pdf = (HERE / "seed.docx").read_bytes(), (HERE / "seed.pdf").read_bytes()
    written = {
        "truncated.docx": seed_docx[: len(seed_docx) // 3],
        "truncated.pdf": seed_pdf[:5000],
    }
    for name, data in written.items():
        (folder / name).write_bytes(data)
    bad_xml = folder / "bad-xml.docx"
    with zipfile.ZipFile(HERE / "seed.docx") as src, zipfile.ZipFile(bad_xml, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info.filename, b"<w:document>not closed" if info.filename == "word/document.xml" else data)
    return [folder / n for n in written] + [bad_xml]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="sample names (default: all)")
    parser.add_argument("--pdf", action="store_true", help="also export each sample to PDF with LibreOffice")
    args = parser.parse_args()
    for sample in load_specs(args.names):
        path = HERE / f"{sample.name}.docx"
        write_docx(sample, path)
        print(f"wrote {path.relative_to(HERE.parent)}")
        if args.pdf:
            print(f"wrote {to_pdf(path).relative_to(HERE.parent)}")
    if not args.names or "seed" in args.names:
        for path in write_broken():
            print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
