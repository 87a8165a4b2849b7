"""The extract command end to end, as a user runs it: exit codes, stdout, stderr."""
import io
import json
import subprocess
import sys
import zipfile

import msoffcrypto
import pytest

from extractor.cli import main

from builder import Para, Table


def run(*args, cwd=None):
    """The installed console script, in a real process."""
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True, cwd=cwd, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.fixture
def small(make_docx):
    return make_docx([Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"), Para("正文。"),
                      Table([["编制数", "121"]])], name="small")


def test_extract_prints_one_json_record(small):
    code, out, err = run(small)
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert list(record) == ["source", "meta", "attachments", "sections", "funds", "indicators", "rubric", "basic_data",
                            "totals", "figures", "dates", "references", "findings", "blocks", "headers", "footers", "problems"]
    assert record["source"]["format"] == "docx" and record["source"]["file"] == "small.docx"
    assert len(record["source"]["sha256"]) == 64
    assert "附件1" in out  # Chinese is written as is, not \u-escaped
    assert record["attachments"][0]["title"] == "2022年度部门整体支出绩效自评报告"
    assert record["sections"][0]["title"] == "基本情况"
    assert record["blocks"][4]["cells"][1]["text"] == "121"


def test_output_file_is_written_whole(small, tmp_path):
    target = tmp_path / "out.json"
    assert main([str(small), "-o", str(target), "--compact"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["source"]["file"] == "small.docx"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


def _encrypted(src, dst):
    with open(src, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        out = io.BytesIO()
        office.encrypt("secret", out)
    dst.write_bytes(out.getvalue())


def _cases(small, tmp_path):
    cases = {}
    (tmp_path / "empty.docx").write_bytes(b"")
    cases["empty"] = (tmp_path / "empty.docx", 2, "empty file (0 bytes)")
    (tmp_path / "notes.docx").write_text("这不是Word文件，只是文本。", encoding="utf-8")
    cases["text"] = (tmp_path / "notes.docx", 2, "not a Word, PDF, web page or page image file (looks like plain text)")
    # an error page saved under a filing's name: read as the web page it is, which holds no filing
    (tmp_path / "page.doc").write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    cases["html"] = (tmp_path / "page.doc", 9, "no filing found")
    (tmp_path / "cut.docx").write_bytes(small.read_bytes()[:3000])
    cases["truncated"] = (tmp_path / "cut.docx", 4, "damaged zip container")
    with zipfile.ZipFile(tmp_path / "plain.docx", "w") as z:
        z.writestr("readme.txt", "hello")
    cases["zip"] = (tmp_path / "plain.docx", 2, "a zip archive that is not a Word document")
    with zipfile.ZipFile(tmp_path / "bad-xml.docx", "w") as z:
        for item in zipfile.ZipFile(small).infolist():
            data = zipfile.ZipFile(small).read(item)
            z.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    cases["bad xml"] = (tmp_path / "bad-xml.docx", 4, "damaged Word document")
    _encrypted(small, tmp_path / "locked.docx")
    cases["encrypted"] = (tmp_path / "locked.docx", 3, "password-protected Office document")
    cases["missing"] = (tmp_path / "nowhere.docx", 2, "no such file")
    cases["directory"] = (tmp_path, 2, "is a directory")
    return cases


@pytest.mark.parametrize("case", ["empty", "text", "html", "truncated", "zip", "bad xml", "encrypted", "missing", "directory"])
def test_bad_input_gets_one_line_and_its_exit_code(case, small, tmp_path):
    path, expected_code, message = _cases(small, tmp_path)[case]
    code, out, err = run(path)
    assert code == expected_code
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"extract: {path}: ")
    assert message in err
    assert "Traceback" not in err


def test_failed_extract_leaves_no_output_file(tmp_path):
    (tmp_path / "empty.docx").write_bytes(b"")
    target = tmp_path / "out.json"
    assert main([str(tmp_path / "empty.docx"), "-o", str(target)]) == 2
    assert list(tmp_path.iterdir()) == [tmp_path / "empty.docx"]


def test_limits_refuse_oversized_packages(small):
    code, out, err = run(small, "--max-zip-members", "3")
    assert code == 6 and out == "" and "zip members, over the limit of 3" in err


def test_usage_errors_exit_64():
    code, out, err = run("--no-such-option")
    assert code == 64 and out == ""


def test_schema_describes_the_record():
    code, out, err = run("schema")
    schema = json.loads(out)
    assert code == 0
    assert set(schema["properties"]) >= {"source", "attachments", "sections", "blocks"}


@pytest.mark.parametrize("command", ["file", "check", "schema", "batch", "eval"])
def test_every_command_has_help(command):
    code, out, err = run(command, "--help")
    assert code == 0 and "usage: extract" in out


def test_check_goes_on_past_a_file_that_breaks_the_tool(monkeypatch, capsys, small, seed_path):
    """A bug met in one file is that file's error: the files after it are still checked."""
    from extractor import pipeline

    real = pipeline.extract_file

    def broken_on_small(path, *args, **kwargs):
        if path.name == "small.docx":
            raise ZeroDivisionError("planted for the test")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_file", broken_on_small)
    code = main(["check", str(small), str(seed_path), "--format", "json"])
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    assert code == 70
    assert results[0]["error"]["kind"] == "internal" and "ZeroDivisionError: planted" in results[0]["error"]["message"]
    assert [f["found"] for f in results[1]["findings"] if f["rule"] == "figure.mismatch"] == ["2346万元"]
    assert captured.err.count("\n") == 1 and "small.docx: internal error: ZeroDivisionError" in captured.err


@pytest.mark.parametrize("rules, message", [
    ('[[sum]\n', "Expected ']]'"),
    ('[[sum]]\ntotal = "支出合计"\nparts = ["没有这个概念"]\n', "unknown concepts ['没有这个概念']"),
], ids=["toml-typo", "unknown-concept"])
@pytest.mark.parametrize("command", ["file", "check", "batch"])
def test_a_broken_rules_file_is_a_usage_error_before_any_file_is_read(command, rules, message, tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text(rules, encoding="utf-8")
    missing = tmp_path / "not-read.docx"  # never opened: the rules are checked first
    extra = ["--db", str(tmp_path / "x.duckdb")] if command == "batch" else []
    code, out, err = run(command, missing, "--rules", bad, *extra)
    assert (code, out) == (64, "")
    assert err.startswith(f"extract: --rules: {bad}: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "x.duckdb").exists()


def test_a_record_over_the_output_limit_is_refused_whole(small, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = run(small, "--max-output-mb", "0", "-o", target)
    assert (code, out) == (6, "") and "(--max-output-mb)" in err
    assert list(tmp_path.iterdir()) == [small]


def test_an_unwritable_output_path_is_a_usage_error(small, tmp_path):
    code, out, err = run(small, "-o", tmp_path / "no-such-folder" / "out.json")
    assert (code, out) == (64, "") and "cannot write there" in err


def test_a_part_that_fails_is_one_warning_and_the_record_still_comes(figures_fail_on_2346, capsys, seed_path, tmp_path):
    target = tmp_path / "seed.json"
    assert main([str(seed_path), "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning: 1 part(s) could not be read (interpret.figures at block" in err
    record = json.loads(target.read_text(encoding="utf-8"))
    assert [(p["stage"], p["message"]) for p in record["problems"]] == [
        ("interpret.figures", "StopIteration: planted for the test")]
    assert "2346万元" not in {f["quantity"]["raw"] for f in record["figures"]}
    assert {"2436万元", "5029万元"} <= {f["quantity"]["raw"] for f in record["figures"]}  # the other paragraphs' figures
