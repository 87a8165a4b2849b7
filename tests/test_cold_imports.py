"""A single filing loads only what its format and the record need (bench_cold.py times it):
batch's database and cluster libraries never, a PDF library never for a .docx."""
import json
import subprocess
import sys

import pytest

from conftest import SAMPLES

_LOADED = """
import json, sys
from extractor.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""

BATCH_ONLY = {"duckdb", "pyarrow", "dask", "distributed"}
PDF_ONLY = {"pdfplumber", "pdfminer", "pypdfium2"}
NEVER = {"spacy", "jieba", "torch"}


def loaded(*args) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _LOADED, *map(str, args)], capture_output=True, timeout=120)
    result = json.loads(proc.stdout.decode("utf-8").splitlines()[-1])
    assert result["code"] == 0, proc.stderr
    return set(result["modules"])


@pytest.mark.parametrize("name, unwanted", [
    ("seed.docx", BATCH_ONLY | PDF_ONLY | NEVER),
    ("seed.pdf", BATCH_ONLY | NEVER | {"pdfplumber", "pdfminer"}),
], ids=["docx", "pdf"])
def test_one_file_loads_only_what_it_uses(name, unwanted, tmp_path):
    modules = loaded(SAMPLES / name, "-o", tmp_path / "out.json")
    assert modules & unwanted == set()
    assert "extractor" in modules and ("docx" in modules) == name.endswith(".docx")


def test_check_loads_no_batch_library():
    proc = subprocess.run([sys.executable, "-c", _LOADED, "check", str(SAMPLES / "v1_school.docx")],
                          capture_output=True, timeout=120)
    modules = set(json.loads(proc.stdout.decode("utf-8").splitlines()[-1])["modules"])
    assert modules & (BATCH_ONLY | PDF_ONLY | NEVER) == set()
