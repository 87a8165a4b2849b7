"""What a worker hands back for one file: small frozen records that pickle across a process
boundary (a warm worker's pipe, a forked child's pipe, a Dask task's result).

A file is either `Extracted` (its prepared rows) or a `Failure` of one `kind`. The kind is
decided where the failure happens, from the exception type or the way the worker ended, and
everything downstream (recycling a worker, the `failures` table, JSONL) reads the kind and
never the wording of the message.
"""
from __future__ import annotations

import signal as signals
from dataclasses import dataclass
from typing import ClassVar, Union

from ..errors import ExtractorError

# The kinds batch adds to the ones an ExtractorError carries (unreadable, unsupported,
# encrypted, corrupt, no_text, too_large, timeout, missing_tool, internal).
OUT_OF_MEMORY = "out_of_memory"  # a MemoryError under the worker's memory cap (RLIMIT_AS)
CRASHED = "crashed"  # the worker process ended without answering (a signal, or an exit status)
TIMEOUT = "timeout"  # the file passed its deadline and its worker was killed
UNSTORABLE = "unstorable"  # extracted, but the database refused its rows
INTERNAL = "internal"  # a bug: an unexpected exception in the extraction

# After these the worker must not take another file: a MemoryError may have left its heap
# half-updated, and a crashed or killed worker is gone anyway.
RECYCLING_KINDS = frozenset({OUT_OF_MEMORY, CRASHED, TIMEOUT})


@dataclass(frozen=True)
class Prepared:
    """A file's rows for every table it fills (tuples in each table's column order, see
    schema.prepare) and its JSONL line, made in the worker so the one writer only appends."""

    sha256: str
    path: str  # as recorded in `reports` (the name given to a private copy)
    rows: dict[str, list[tuple]]
    line: str


@dataclass(frozen=True)
class Extracted:
    """A file extracted: its rows, ready for the writer, and the seconds its extraction took."""

    prepared: Prepared
    seconds: float

    ok: ClassVar[bool] = True
    recycles_worker: ClassVar[bool] = False


@dataclass(frozen=True)
class Failure:
    """A file that could not be extracted (or stored), and why."""

    kind: str
    message: str  # one line, starting with the file's path
    exit_code: int  # what `extract FILE` would return for it (README, Exit codes)
    signal: int | None = None  # the signal that ended the worker, when one did

    ok: ClassVar[bool] = False

    @property
    def recycles_worker(self) -> bool:
        return self.kind in RECYCLING_KINDS

    @classmethod
    def of_exception(cls, error: BaseException, path: str, shown_as: str | None = None) -> "Failure":
        """The failure an exception in the extraction of `path` means, by its type.
        `shown_as` replaces `path` in the message when the file is a private copy."""
        shown = shown_as or path
        if isinstance(error, ExtractorError):
            return cls(error.kind, error.one_line().replace(path, shown), error.exit_code)
        if isinstance(error, MemoryError):
            return cls.out_of_memory(shown)
        return cls(INTERNAL, f"{shown}: internal error: {_last_line(error)}", 70)

    @classmethod
    def out_of_memory(cls, path: str) -> "Failure":
        return cls(OUT_OF_MEMORY, f"{path}: over the memory limit", 6)

    @classmethod
    def timed_out(cls, path: str, timeout: float) -> "Failure":
        return cls(TIMEOUT, f"{path}: timed out after {timeout:g} s", 7)

    @classmethod
    def worker_ended(cls, path: str, exitcode: int | None) -> "Failure":
        """A worker that ended without an answer, from its exit code as multiprocessing and
        os.waitstatus_to_exitcode give it: negative for the signal that killed it."""
        if exitcode is not None and exitcode < 0:
            number = -exitcode
            return cls(CRASHED, f"{path}: the worker died (killed by signal {number}, {_signal_name(number)})", 70,
                       signal=number)
        return cls(CRASHED, f"{path}: the worker died (exit status {exitcode})", 70)

    @classmethod
    def unstorable(cls, path: str, database_message: str) -> "Failure":
        return cls(UNSTORABLE, f"{path}: the database refused its rows: {' '.join(database_message.split())}", 70)


Result = Union[Extracted, Failure]


def _last_line(error: BaseException) -> str:
    import traceback

    return " ".join(traceback.format_exception_only(type(error), error)[-1].split())  # one line, always


def _signal_name(number: int) -> str:
    try:
        return signals.Signals(number).name
    except ValueError:
        return "an unknown signal"
