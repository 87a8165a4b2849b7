"""The real-text corpus's truth files and the two blind readings they were settled from keep
their convention (samples/real/validate.py): a malformed truth would silently skew every
accuracy figure."""
import json
import shutil
import sys
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1] / "samples" / "real"
sys.path.insert(0, str(REAL))

import validate  # noqa: E402


def test_every_truth_file_keeps_the_convention():
    truths = sorted(REAL.glob("*.truth.json"))
    assert len(truths) >= 150
    assert [p for path in truths for p in validate.problems(path)] == []


@pytest.mark.parametrize("reading", ["first", "second"])
def test_every_reading_covers_its_truth_files_figures(reading):
    readings = sorted((REAL / reading).glob("*.json"))
    assert len(readings) == len(list(REAL.glob("*.truth.json")))
    assert [p for path in readings for p in validate.reading_problems(path)] == []


@pytest.mark.parametrize("spoil, problem", [
    (lambda d: d["figures"].pop(), "not the truth file's"),
    (lambda d: d["figures"][0].update(label="不在文中的标签"), "is not a phrase of the text"),
    (lambda d: d["figures"][0].update(relation=["sum_of", None]), "relation"),
])
def test_a_spoilt_reading_is_reported(tmp_path, monkeypatch, spoil, problem):
    first = sorted((REAL / "second").glob("*.json"))[0]
    data = json.loads(first.read_text(encoding="utf-8"))
    spoil(data)
    for name in (f"{data['id']}.truth.json", f"{data['id']}.txt"):
        shutil.copy(REAL / name, tmp_path / name)
    (tmp_path / "second").mkdir()
    spoilt = tmp_path / "second" / first.name
    spoilt.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(validate, "HERE", tmp_path)
    assert any(problem in p for p in validate.reading_problems(spoilt))
