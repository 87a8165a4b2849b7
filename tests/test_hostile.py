"""Every bad or hostile input gets its one-line answer and documented exit code, in bounded time
and memory, through the CLI and through batch; nothing is read outside the input.

Time is bounded by the tool's own --timeout (a case that overran it would exit 7, not its own
code), never by a wall-clock assertion that a loaded machine could fail."""
import json
import subprocess
import sys

import duckdb
import pytest

from extractor.readers import legacy

from corpus import build

HAS_LIBREOFFICE = legacy.soffice() is not None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    return folder, {case.name: case for case in build(folder / "files", secret)}


def _names():
    # The case names, without building the corpus at collection time.
    return [
        "empty .docx", "empty .doc", "empty .wps", "empty .pdf", "truncated .docx", "truncated .pdf",
        "random bytes .docx", "random bytes .pdf", "random bytes .doc", "HTML page named .doc", "plain text named .doc",
        "HTML page named .docx", "plain text named .docx", "HTML page named .pdf", "plain text named .pdf",
        ".docx renamed .pdf", ".doc renamed .docx", "external entity (XXE)", "nested entity expansion (billion laughs)",
        "zip bomb (300 MB document.xml)", "5,000 zip members", "password-encrypted .docx", "encrypted PDF",
        "image-only (scanned) PDF", "PDF with a broken xref table", "blank scanned page .png", "truncated .png",
        "truncated .tif", "PNG declaring 100,000 x 100,000 pixels", "a 5,000-row table", "tables nested three deep",
        "characters outside the BMP and control characters",
    ]


# A fresh process between the test and the CLI, so the peak memory it reports is that one
# call's (with LibreOffice, if it ran), not the largest child this test session ever had.
_MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "sys.stderr.write('MAXRSS-KIB %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.exit(r.returncode)")


def run_limited(*args):
    """The CLI in a child: its result and peak memory (KiB)."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "extractor.cli", *map(str, args)],
                          capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8")
    peak = int(err.rsplit("MAXRSS-KIB ", 1)[1])
    proc.stderr = err.rsplit("MAXRSS-KIB ", 1)[0].encode("utf-8")
    proc.peak_kib = peak
    return proc


@pytest.mark.parametrize("name", _names())
def test_each_case_through_the_cli(corpus, name):
    folder, cases = corpus
    if name not in cases:
        pytest.skip("needs LibreOffice to make the file")
    case = cases[name]
    target = folder / "files" / case.file
    output = folder / f"{case.file}.json"
    proc = run_limited(target, "-o", output, "--timeout", 10 + (20 if case.needs_libreoffice else 0))
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == case.code, err  # 7 if it had overrun its --timeout
    assert proc.peak_kib < 1024 * 1024  # under 1 GiB
    assert out == ""
    if case.code:
        assert err.count("\n") == 1 and err.startswith("extract: ") and case.message in err
        assert "Traceback" not in err and "\x1b" not in err
        assert not output.exists()  # no partial output file
    else:
        record = json.loads(output.read_text(encoding="utf-8"))
        assert "TOP-SECRET-CONTENT" not in output.read_text(encoding="utf-8")  # no entity ever resolved
        assert record["source"]["file"] == case.file


def test_odd_characters_are_kept_in_json_and_made_inert_in_the_terminal(corpus):
    folder, cases = corpus
    target = folder / "files" / cases["characters outside the BMP and control characters"].file
    proc = run_limited(target, "--compact")
    record = json.loads(proc.stdout.decode("utf-8"))
    cell = next(c for b in record["blocks"] if b["kind"] == "table" for c in b["cells"] if c["col"] == 1)
    assert cell["text"] == "𝟙𝟚𝟛"
    assert "𠀀𡃁𤭢" in json.dumps(record, ensure_ascii=False)
    proc = run_limited("check", target)
    shown = proc.stdout.decode("utf-8")
    assert "\x9b" not in shown and "\x7f" not in shown and "\x85" not in shown


def test_the_whole_corpus_through_batch(corpus, tmp_path):
    folder, cases = corpus
    db = tmp_path / "corpus.duckdb"
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", folder / "files", "--db", db, "--jobs", "2",
                           "--timeout", "30", "--silent"], capture_output=True, timeout=600)
    assert proc.returncode == 1, proc.stderr.decode()
    with duckdb.connect(str(db), read_only=True) as con:
        failures = {row[0].rsplit("/", 1)[-1]: (row[1], row[2]) for row in
                    con.execute("SELECT path, error_class, exit_code FROM failures").fetchall()}
        extracted = {row[0] for row in con.execute("SELECT file FROM reports WHERE status = 'ok'").fetchall()}
    for case in cases.values():
        # A file that does not look like a filing by its bytes is not a batch input at all, nor
        # is a folder's single page image (.png, .jpg: a page, not a filing).
        if (case.code == 2 and "empty" not in case.name and "random" not in case.name) or case.file.endswith(".png"):
            continue
        if case.code == 2:
            assert case.file not in failures and case.file not in extracted  # not a filing: skipped
        elif case.code == 9:  # a web page with no filing: read, and recorded as such; the three
            # error pages are one content, so one path of them carries the failure
            assert {code for name, (_, code) in failures.items() if name.startswith("error-page")} == {9}, case.name
        elif case.code:
            assert failures[case.file][1] == case.code, case.name
        else:
            assert case.file in extracted, case.name
