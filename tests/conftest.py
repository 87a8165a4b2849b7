import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))  # the sample builder is test infrastructure, not a package

from builder import Sample, write_docx  # noqa: E402


@pytest.fixture
def make_docx(tmp_path):
    """Write a small .docx from builder blocks and return its path."""

    def make(blocks, name="case", **kwargs) -> Path:
        path = tmp_path / f"{name}.docx"
        write_docx(Sample(name, blocks, **kwargs), path)
        return path

    return make


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SAMPLES / "seed.docx"


def outline(sections, depth=0):
    """A section tree as indented 'numbering title' lines."""
    lines = []
    for s in sections:
        lines.append("  " * depth + f"{s.numbering or ''}{s.title}")
        lines += outline(s.children, depth + 1)
    return lines


@pytest.fixture
def figures_fail_on_2346(monkeypatch):
    """The figure labeller raises on any paragraph holding 2346 (the seed's misstated amount), as
    a bug met on one paragraph would: for the tests that only that paragraph is lost."""
    from extractor.interpret import figures

    real = figures._paragraph_figures

    def broken(paragraph, *args):
        if "2346" in paragraph.text:
            raise StopIteration("planted for the test")
        return real(paragraph, *args)

    monkeypatch.setattr(figures, "_paragraph_figures", broken)
