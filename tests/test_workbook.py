"""Excel out (`extract FILE --xlsx`, `extract batch --xlsx`): read back with openpyxl and with
LibreOffice Calc (converted to CSV as shown on screen), values exact."""
import csv
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from builder import Para, Table
from conftest import SAMPLES

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a test dependency: pip install -e '.[dev]'")

SHEETS = ["filings", "funds", "indicators", "rubric", "figures", "findings", "problems"]


def _extract(path: Path, xlsx: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "extractor.cli", str(path), "--xlsx", str(xlsx)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _rows(sheet) -> list[dict]:
    """A sheet's rows as {field name: cell}, the field names being its second header row."""
    fields = [c.value for c in sheet[2]]
    return [dict(zip(fields, row, strict=True)) for row in sheet.iter_rows(min_row=3)]


def _same_number(cell, value) -> bool:
    return value is None and cell.value is None or Decimal(str(cell.value)) == Decimal(value)


@pytest.fixture(scope="module")
def v1(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "v1.xlsx"
    record = _extract(SAMPLES / "v1_school.docx", out)
    return record, out


def test_one_sheet_per_record_kind_with_chinese_headers_and_field_names_frozen(v1):
    _, out = v1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == SHEETS
    funds = book["funds"]
    assert [c.value for c in funds[1]][:4] == ["文件", "项目", "行", "所属"]
    assert [c.value for c in funds[2]][:4] == ["file", "project", "label", "part_of"]
    assert all(book[name].freeze_panes == "A3" for name in SHEETS)


def test_amounts_are_numbers_keeping_their_written_decimals_beside_the_text_as_written(v1):
    record, out = v1
    rows = _rows(openpyxl.load_workbook(out)["funds"])
    assert len(rows) == len(record["funds"]["rows"])
    for row, funds in zip(rows, record["funds"]["rows"], strict=True):
        assert row["label"].value == funds["label"]
        for name in ("budget_initial", "budget_full", "executed", "weight", "rate", "score"):
            q = funds.get(name)
            assert _same_number(row[name], q and q["value"]), (funds["label"], name)
            assert row[f"{name}_raw"].value == (q and q["raw"])
            if q and "." in q["value"]:
                places = len(q["value"].split(".")[1])
                assert row[name].number_format == "#,##0." + "0" * places
    first = rows[0]
    assert first["budget_initial_raw"].value == "11650.00" and first["budget_initial"].value == 11650
    assert first["budget_initial"].number_format == "#,##0.00"


def test_every_indicator_and_figure_is_a_row_with_where_it_stands(v1):
    record, out = v1
    book = openpyxl.load_workbook(out)
    indicators = _rows(book["indicators"])
    assert [r["level3"].value for r in indicators] == [i["level3"] for i in record["indicators"]]
    assert [r["row_index"].value for r in indicators] == [i["where"]["row"] for i in record["indicators"]]
    figures = _rows(book["figures"])
    assert [(r["raw"].value, r["block"].value, r["start_offset"].value) for r in figures] == \
        [(f["quantity"]["raw"], f["where"]["block"], f["where"]["start"]) for f in record["figures"]]


def test_a_finding_links_to_the_rows_its_evidence_is_in(tmp_path):
    out = tmp_path / "seed.xlsx"
    record = _extract(SAMPLES / "seed.docx", out)
    book = openpyxl.load_workbook(out)
    findings = _rows(book["findings"])
    assert len(findings) == len(record["findings"])
    mismatch = next(r for r in findings if "2346" in r["message"].value)
    assert mismatch["severity"].value == "错误"
    link = mismatch["evidence_1"].hyperlink.location  # the prose's 2346万元, on the figures sheet
    sheet, cell = link.split("!")
    target = _rows(book[sheet.strip("'")])[int(cell[1:]) - 3]
    assert (target["raw"].value, target["block"].value, target["label"].value) == ("2346万元", 62, "到位资金")
    cell_link = mismatch["evidence_3"].hyperlink.location  # 附件5's 2436, a row of the funds sheet
    sheet, cell = cell_link.split("!")
    target = _rows(book[sheet.strip("'")])[int(cell[1:]) - 3]
    assert (target["label"].value, target["budget_initial"].value, target["attachment"].value) == ("当年财政拨款", 2436, 5)


def test_text_that_looks_like_a_formula_stays_text(make_docx, tmp_path):
    path = make_docx([Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"),
                      Para("=HYPERLINK(\"http://example.invalid\",\"点击\")到位资金100万元。"),
                      Table([["项目", "金额（万元）"], ["=1+1", "100"]])], name="formula")
    out = tmp_path / "formula.xlsx"
    _extract(path, out)
    figures = _rows(openpyxl.load_workbook(out)["figures"])
    sentence = next(r["sentence"] for r in figures if r["raw"].value == "100万元")
    assert sentence.data_type == "s" and sentence.value.startswith("=HYPERLINK")


def test_batch_writes_the_workbook_from_its_database_with_failures_among_the_problems(tmp_path):
    out = tmp_path / "all.xlsx"
    run = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(SAMPLES / "seed.docx"),
                          str(SAMPLES / "v1_school.docx"), str(SAMPLES / "broken" / "truncated.pdf"), "--db",
                          str(tmp_path / "b.db"), "--xlsx", str(out), "--silent", "--jobs", "1"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stderr  # one file failed
    book = openpyxl.load_workbook(out)
    filings = _rows(book["filings"])
    assert sorted(Path(r["file"].value).name for r in filings) == ["seed.docx", "v1_school.docx"]
    seed = next(r for r in filings if r["file"].value.endswith("seed.docx"))
    assert (seed["errors"].value, seed["warnings"].value, seed["department"].value) == (1, 5, "华容县住房和城乡建设局")
    failed = [r for r in _rows(book["problems"]) if r["stage"].value.startswith("failed")]
    assert [Path(r["file"].value).name for r in failed] == ["truncated.pdf"]


def test_libreoffice_opens_the_workbook_with_exact_values(v1, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("no LibreOffice in CI: scripts/setup.sh should have installed it")
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    record, out = v1
    # every sheet to CSV as shown on screen (token 9), one file per sheet (token 12 = -1)
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    run = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--convert-to", options, "--outdir", str(tmp_path), str(out)], capture_output=True, text=True,
                         timeout=180)
    funds_csv = tmp_path / "v1-funds.csv"
    assert funds_csv.exists(), run.stderr
    rows = list(csv.reader(funds_csv.open(encoding="utf-8")))
    assert rows[1][:3] == ["file", "project", "label"]
    fields = rows[1]
    shown = [dict(zip(fields, r, strict=False)) for r in rows[2:]]
    for row, funds in zip(shown, record["funds"]["rows"], strict=True):
        for name in ("budget_initial", "budget_full", "executed"):
            q = funds.get(name)
            if q:
                integer, _, decimals = q["value"].partition(".")
                expected = f"{int(integer):,}" + (f".{decimals}" if decimals else "")
                assert row[name] == expected, (funds["label"], name)
    assert shown[0]["budget_initial"] == "11,650.00"
