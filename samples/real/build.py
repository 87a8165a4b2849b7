"""Make ID.docx from ID.txt for every excerpt of the real-text corpus (or the IDs named): one
Word paragraph per non-empty line, the characters exactly as in the text.

    python samples/real/build.py [ID ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the sample builder is test infrastructure, not a package

from builder import Para, Sample, write_docx  # noqa: E402


def paragraphs(text: str) -> list[str]:
    """The excerpt's paragraphs, as the .docx holds them: its non-empty lines."""
    return [line for line in text.split("\n") if line.strip()]


def build(excerpt_id: str) -> Path:
    text = (HERE / f"{excerpt_id}.txt").read_text(encoding="utf-8")
    target = HERE / f"{excerpt_id}.docx"
    write_docx(Sample(excerpt_id, [Para(line) for line in paragraphs(text)]), target)
    return target


def main() -> None:
    ids = sys.argv[1:] or sorted(p.name.split(".")[0] for p in HERE.glob("*.truth.json"))
    for excerpt_id in ids:
        build(excerpt_id)
    print(f"{len(ids)} excerpts built", file=sys.stderr)


if __name__ == "__main__":
    main()
