"""The `extract` command: wires readers, interpreters and writers; holds no logic of its own.

stdout carries only data; messages go to stderr as one line. Exit codes (README.md lists them):
0 done, 2 unreadable or unsupported, 3 encrypted, 4 corrupt, 5 no text layer, 6 over a limit,
7 timed out, 8 a needed tool missing, 9 a web page with no filing, 64 bad usage, 70 internal error.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import ExtractorError, TooLarge, UsageError
from .limits import DEFAULT_LIMITS, Limits, MiB
from .logs import quiet_libraries

if TYPE_CHECKING:  # the reconciler is imported only by the commands that run it
    from .reconcile.ruledata import RuleData

EXIT_USAGE = 64
EXIT_INTERNAL = 70
COMMANDS = ("schema", "eval", "check", "review", "batch")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's default exit 2 would collide with "unreadable"
        self.print_usage(sys.stderr)
        print(f"extract: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="extract",
        description="Turn a 绩效自评 filing (.docx, .pdf, .doc, .wps, a scan, a saved web page .html/.mht, or .ofd) "
        "into one structured JSON record.",
        epilog="Commands: `extract FILE` (the record), `extract check FILE...` (what does not add up), "
        "`extract review FILE... -o review.html` (findings beside the filing, evidence highlighted), "
        "`extract batch INPUT... --db DB` (many filings into DuckDB), `extract schema` (the record's JSON Schema), "
        "`extract eval samples` (accuracy against truth files). "
        "Exit codes: 0 done, 2 unreadable/unsupported, 3 encrypted, 4 corrupt, 5 no text layer, "
        "6 over a limit, 7 timed out, 8 a needed tool (LibreOffice) missing, 9 a web page with no filing, "
        "64 bad usage (a broken --rules file "
        "among them), 70 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"extract {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    one = sub.add_parser("file", help="extract one filing (the default command)")
    one.add_argument("path", type=Path, help="the filing: .docx, .pdf, .doc, .wps, .html, .mht, .ofd or a page image "
                     "(format detected from content)")
    one.add_argument("-o", "--output", type=Path, help="write the JSON here (atomically) instead of stdout")
    one.add_argument("--compact", action="store_true", help="one-line JSON instead of indented")
    one.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the records as an Excel workbook "
                     "(one sheet per record kind; the JSON still goes to -o or stdout)")
    one.add_argument("--redact", action="store_true", help="mask the filler's name and every phone number")
    one.add_argument("--password", help="the password of an encrypted PDF")
    one.add_argument("--rules", type=Path, action="append", default=[], metavar="FILE",
                     help="an extra reconciliation rule file (the format of patterns/reconcile.toml); repeatable")
    one.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    _add_timeout_option(one)
    _add_ocr_option(one)
    _add_limit_options(one)

    check = sub.add_parser("check", help="flag what does not add up in one or more filings",
                           description="Exit 0 when nothing is at error severity, 1 when something is, "
                                       "2 when a file cannot be read (the others are still checked).")
    check.add_argument("paths", type=Path, nargs="+", metavar="FILE")
    check.add_argument("--format", choices=("table", "json"), default="table")
    _add_many_files_options(check)

    review = sub.add_parser("review", help="an HTML review page: the filing beside its findings, evidence highlighted",
                            description="One self-contained HTML file (works offline, loads nothing). With several "
                                        "files, an index lists each with its errors and warnings. Exit 0 when the page "
                                        "is written (a file that cannot be read is listed on it), 2 when none could be read.")
    review.add_argument("paths", type=Path, nargs="+", metavar="FILE")
    review.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write (atomically)")
    _add_many_files_options(review)

    schema = sub.add_parser("schema", help="print the JSON Schema of extract's output")
    schema.add_argument("-o", "--output", type=Path)

    batch = sub.add_parser("batch", help="extract many filings into a DuckDB database (resumable)",
                           description="Files and folders (recursively; every file whose bytes look like a .docx, "
                                       ".pdf, .doc, .wps, .tif, .ofd or a saved web page; .png and .jpg pages only "
                                       "when named). Files already in "
                                       "the database (same content hash) are skipped. Exit 0 when every file was "
                                       "extracted, 1 when some failed (see the failures table).")
    batch.add_argument("inputs", type=Path, nargs="+", metavar="INPUT")
    batch.add_argument("--db", type=Path, required=True, help="the DuckDB database to fill (created if missing)")
    batch.add_argument("--jsonl", type=Path, help="also append one JSON line per file here")
    batch.add_argument("--parquet", type=Path, metavar="DIR", help="export every table to DIR/TABLE.parquet at the end")
    batch.add_argument("--xlsx", type=Path, metavar="FILE", help="export every filing in the database to an Excel "
                       "workbook at the end (one sheet per record kind)")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files at once (default: the cores)")
    batch.add_argument("--timeout", type=float, default=300.0,
                       help="seconds one file may take (default 300: a scanned filing takes about 2 s a page)")
    batch.add_argument("--memory-mb", type=int, default=2048, help="memory cap of one file's worker (default 2048)")
    batch.add_argument("--retry-failed", action="store_true", help="try again the files that failed before")
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed cluster")
    batch.add_argument("--rules", type=Path, action="append", default=[], metavar="FILE")
    batch.add_argument("--password", help="the password of encrypted PDFs")
    batch.add_argument("--silent", action="store_true", help="no progress bar or summary")
    _add_ocr_option(batch)
    _add_limit_options(batch)

    evaluate = sub.add_parser("eval", help="precision and recall against the truth files of a samples folder")
    evaluate.add_argument("directory", type=Path, nargs="?", default=Path("samples"))
    evaluate.add_argument("--show", action="store_true", help="print the rows that differ")
    return parser


def _add_many_files_options(parser: argparse.ArgumentParser) -> None:
    """What `check` and `review` take besides their files: each file is read as `extract FILE` reads it."""
    parser.add_argument("--rules", type=Path, action="append", default=[], metavar="FILE")
    parser.add_argument("--password", help="the password of encrypted PDFs")
    parser.add_argument("--debug", action="store_true")
    _add_timeout_option(parser)
    _add_ocr_option(parser)
    _add_limit_options(parser)


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("limits (a file over one is refused with exit code 6)")
    d = DEFAULT_LIMITS
    group.add_argument("--max-file-mb", type=int, default=d.max_file_bytes // MiB)
    group.add_argument("--max-unzipped-mb", type=int, default=d.max_uncompressed_bytes // MiB,
                       help="total decompressed size of a .docx package")
    group.add_argument("--max-zip-members", type=int, default=d.max_zip_members)
    group.add_argument("--max-table-cells", type=int, default=d.max_table_cells)
    group.add_argument("--max-pages", type=int, default=d.max_pages, help="pages of a PDF or OFD")
    group.add_argument("--max-page-mb", type=int, default=d.max_web_page_bytes // MiB, help="a saved web page's HTML")
    group.add_argument("--convert-timeout", type=float, default=d.convert_timeout,
                       help="seconds LibreOffice may take to convert a .doc/.wps")
    group.add_argument("--max-output-mb", type=int, default=d.max_output_bytes // MiB,
                       help="size of one record's JSON")


def _add_ocr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-ocr", action="store_true",
                        help="do not recognise scanned pages or page images: refuse them with exit code 5")


def _add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds one file may take, its output written, before it is given up with exit code 7 "
                             "(0: no limit; default 600)")


class _Deadline:
    """A per-file time limit for the single-file commands (batch isolates files in workers)."""

    def __init__(self, seconds: float, path):
        self.seconds, self.path = seconds, path

    def __enter__(self):
        if self.seconds > 0:
            signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return False

    def _expired(self, signum, frame):
        from .errors import TimedOut

        raise TimedOut(f"not done within {self.seconds:g} s (--timeout)", str(self.path))


def _limits(args) -> Limits:
    return Limits(
        max_file_bytes=args.max_file_mb * MiB,
        max_uncompressed_bytes=args.max_unzipped_mb * MiB,
        max_zip_members=args.max_zip_members,
        max_table_cells=args.max_table_cells,
        max_pages=args.max_pages,
        max_web_page_bytes=args.max_page_mb * MiB,
        convert_timeout=args.convert_timeout,
        max_output_bytes=args.max_output_mb * MiB,
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    quiet_libraries()
    if argv and argv[0] not in COMMANDS and argv[0] != "file" and not argv[0].startswith("-"):
        argv.insert(0, "file")  # `extract report.docx` is the main job
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help(sys.stderr)
        return EXIT_USAGE
    commands = {"schema": _schema, "eval": _evaluate, "check": _check, "review": _review, "batch": _batch}
    try:
        return commands.get(args.command, _extract_one)(args)
    except ExtractorError as e:
        print(f"extract: {e.one_line()}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("extract: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`extract f.docx | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as e:  # a bug: still one line, never a traceback unless asked
        if getattr(args, "debug", False):
            raise
        where = f"{args.path}: " if getattr(args, "path", None) else ""
        print(f"extract: internal error: {where}{type(e).__name__}: {e} (rerun with --debug and report it)",
              file=sys.stderr)
        return EXIT_INTERNAL


def _rules_up_front(args) -> RuleData | None:
    """The --rules files, loaded once for every file of the run; a broken one is the user's
    mistake, said before any filing is read. None: the shipped rules alone."""
    if not args.rules:
        return None
    from .pattern_files import PatternFileError
    from .reconcile.ruledata import load_rules

    try:
        return load_rules(tuple(args.rules))
    except PatternFileError as e:
        raise UsageError(f"--rules: {e}") from None


def _extract_one(args) -> int:
    from .pipeline import extract_file

    rules = _rules_up_front(args)
    limits = _limits(args)
    with _Deadline(args.timeout, args.path):  # the whole run: extraction, the JSON and its writing
        report = extract_file(args.path, limits, rules, password=args.password, ocr=not args.no_ocr)
        if args.redact:
            from .redact import redact

            report = redact(report)
        # pydantic's own serialiser: the same JSON as json.dumps of model_dump, four times faster
        text = report.model_dump_json(indent=None if args.compact else 2)
        if args.xlsx:
            from .batch.store import Store

            store = Store(Path(":memory:"))  # the workbook is written from a database, as batch writes it
            try:
                store.write_record(str(args.path), json.loads(text))
                store.export_workbook(args.xlsx)
            finally:
                store.close()
        _emit(_bounded(text, limits, args.path), args.output)
    _warn_of_problems(args.path, report.problems)
    return 0


def _warn_of_problems(path, problems) -> None:
    """One line on stderr when parts of the filing were lost (the record lists them): the
    run still succeeded, with exit code 0."""
    from .records import UNSURE_CELL

    unsure = [p for p in problems if p.stage == UNSURE_CELL]
    if unsure:  # read, but perhaps wrongly: said apart from the parts that were lost
        note = f"note: {len(unsure)} table cell(s) of the scan may be misread ({unsure[0].message}); see its \"problems\""
        print(f"extract: {ExtractorError(note, str(path)).one_line()}", file=sys.stderr)
    problems = [p for p in problems if p.stage != UNSURE_CELL]
    if not problems:
        return
    first = problems[0]
    where = f" at block {first.where.block}" if first.where and first.where.block is not None else ""
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    line = f"warning: {len(problems)} part(s) could not be read ({first.stage}{where}: {first.message}{more}); " \
           f"the rest of the record is complete, see its \"problems\""
    print(f"extract: {ExtractorError(line, str(path)).one_line()}", file=sys.stderr)


def _bounded(text: str, limits: Limits, path) -> bytes:
    data = text.encode("utf-8") + b"\n"
    if len(data) > limits.max_output_bytes:
        raise TooLarge(f"its record would be {len(data) / MiB:.1f} MiB of JSON, over the limit of "
                       f"{limits.max_output_bytes // MiB} MiB (--max-output-mb)", str(path))
    return data


def _schema(args) -> int:
    from .report import Report

    _emit(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n", args.output)
    return 0


def _batch(args) -> int:
    from dataclasses import asdict

    from .batch.runner import Options, Progress, run

    rules = _rules_up_front(args)  # loaded here once; the workers get them with their options
    limits = asdict(_limits(args))
    options = Options(jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory_mb or None,
                      retry_failed=args.retry_failed, scheduler=args.scheduler,
                      extract={"limits": limits, "rules": rules, "password": args.password, "ocr": not args.no_ocr})
    summary = run(args.inputs, args.db, options, args.jsonl, args.parquet, Progress(not args.silent), args.xlsx)
    if not args.silent:
        print(f"extract batch: {summary.extracted} extracted, {summary.failed} failed, {summary.already_done} already done, "
              f"{summary.duplicates} duplicate contents, {summary.not_filings} files that are not filings skipped "
              f"({summary.seconds:.1f} s) -> {args.db}", file=sys.stderr)
    return 1 if summary.failed else 0


def _check(args) -> int:
    """Every file is checked, whatever happened to the ones before it. Exit code: 70 when a file
    hit an internal error, else 2 when one could not be read, else 1 when a finding is an error."""
    from .terminal import print_findings

    rules = _rules_up_front(args)
    results = [_check_one(path, args, rules) for path in args.paths]
    if args.format == "json":
        _emit(json.dumps(results, ensure_ascii=False, indent=2).encode("utf-8") + b"\n", None)
    else:
        print_findings(results)
    codes = {r["error"]["exit_code"] for r in results if "error" in r}
    if codes:
        return EXIT_INTERNAL if EXIT_INTERNAL in codes else 2
    return 1 if any(f["severity"] == "error" for r in results for f in r.get("findings", [])) else 0


def _check_one(path: Path, args, rules: RuleData | None) -> dict:
    report, failure = _report_or_failure(path, args, rules)
    if report is None:
        return failure
    return {"file": str(path), "findings": [f.model_dump(mode="json") for f in report.findings],
            "problems": [p.model_dump(mode="json") for p in report.problems]}


def _review(args) -> int:
    from .review import Filing, review_html

    rules = _rules_up_front(args)
    filings, failures = [], []
    for path in args.paths:
        report, failure = _report_or_failure(path, args, rules)
        if report is None:
            failures.append((str(path), failure["error"]["message"]))
        else:
            filings.append(Filing(str(path), report))
    if not filings:
        return 2
    _emit(review_html(filings, failures).encode("utf-8"), args.output)
    return 0


def _report_or_failure(path: Path, args, rules: RuleData | None):
    """(the filing's report, None), or (None, the failure as `check --format json` gives it):
    one file's failure never stops the others."""
    from .pipeline import extract_file

    try:
        with _Deadline(args.timeout, path):
            report = extract_file(path, _limits(args), rules, password=args.password, ocr=not args.no_ocr)
            _warn_of_problems(path, report.problems)
            return report, None
    except ExtractorError as e:
        print(f"extract: {e.one_line()}", file=sys.stderr)
        return None, {"file": str(path), "error": {"kind": e.kind, "message": e.reason, "exit_code": e.exit_code}}
    except Exception as e:  # a bug met in this file: reported, and the next file is still checked
        if args.debug:
            raise
        message = f"internal error: {type(e).__name__}: {e} (rerun with --debug and report it)"
        print(f"extract: {ExtractorError(message, str(path)).one_line()}", file=sys.stderr)
        return None, {"file": str(path), "error": {"kind": "internal", "message": message, "exit_code": EXIT_INTERNAL}}


def _evaluate(args) -> int:
    """Exit 0 when every sample scores 1.0 everywhere, 1 otherwise."""
    from .evaluation import evaluate_samples
    from .pipeline import extract_file
    from .terminal import print_differences, print_scores

    results = evaluate_samples(args.directory, extract_file)
    if not results:
        print(f"extract: {args.directory}: no *.truth.json files", file=sys.stderr)
        return 2
    print_scores(results)
    if args.show:
        print_differences(results)
    perfect = all(s.precision == 1.0 and s.recall == 1.0 for _, scores, _ in results for s in scores)
    return 0 if perfect else 1


def _emit(data: bytes, output: Path | None) -> None:
    """Write all or nothing: a file through a rename, checked for its size first; stdout
    through its byte stream, flushed (a write error is an error, never a silent cut)."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomically(output, data)


def write_atomically(path: Path, data: bytes) -> None:
    from .files import replaced_atomically

    try:
        with replaced_atomically(path) as tmp:
            with open(tmp, "wb") as f:
                f.write(data)
            if tmp.stat().st_size != len(data):
                raise OSError(f"{tmp.stat().st_size} of {len(data)} bytes written")
    except FileNotFoundError as e:
        raise UsageError(f"cannot write there: {e.strerror}", str(path)) from None
    except PermissionError as e:
        raise UsageError(f"cannot write there: {e.strerror}", str(path)) from None


if __name__ == "__main__":
    sys.exit(main())
