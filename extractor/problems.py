"""One failure loses one part: a guard that turns an error met on a part of a filing (a table
row, a paragraph, the whole structure) into a Problem in the record, so the rest still stands."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from .errors import ExtractorError
from .records import Problem, Where


@contextmanager
def noted(problems: list[Problem], stage: str, where: Where | Callable[[], Where] | None = None) -> Iterator[None]:
    """Run a part; an error in it becomes a Problem appended to `problems` and the caller goes
    on after the `with`. `where` may be a function giving it, called only on a failure: a part
    per table cell would otherwise build a Where for each of thousands of cells.

    The file's own limits (a deadline, a size) and the machine's memory are about the whole
    run, not one part: they pass through."""
    try:
        yield
    except (ExtractorError, MemoryError):
        raise
    except Exception as e:  # a bug met on this part: the rest of the record still stands
        message = " ".join(f"{type(e).__name__}: {e}".split())[:300]
        place = where() if callable(where) else where
        problems.append(Problem(stage=stage, where=place, message=message))
