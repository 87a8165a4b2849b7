"""Named trims of a prose figure's label (patterns/labels.toml): each cuts, at one end of the
label, words that do not name what the number measures (a list marker, the reporting area, a
reporting verb, a hedge), and each carries the examples it is checked on."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..pattern_files import PatternFileError, compile_pattern, load_toml, require

_FILE = "labels.toml"


@dataclass(frozen=True)
class Trim:
    name: str
    at: str  # "start" or "end"
    pattern: regex.Pattern
    keep: int  # the fewest characters the label keeps: a trim never leaves a fragment
    examples: tuple[tuple[str, str], ...]

    def apply(self, label: str) -> str:
        m = self.pattern.search(label)
        if m is None or m.end() == m.start():
            return label
        rest = label[m.end():] if self.at == "start" else label[: m.start()]
        rest = rest.strip(" \u3000\t")
        return rest if len(rest) >= self.keep else label


@lru_cache(maxsize=1)
def trims() -> tuple[Trim, ...]:
    data = load_toml(_FILE)
    found = []
    for item in require(data, "trim", _FILE):
        name = require(item, "name", _FILE)
        at = require(item, "at", _FILE)
        if at not in ("start", "end"):
            raise PatternFileError(f"{_FILE} trim {name}: `at` must be \"start\" or \"end\", not {at!r}")
        examples = tuple((str(a), str(b)) for a, b in require(item, "examples", _FILE))
        pattern = compile_pattern(require(item, "pattern", _FILE), f"{_FILE} trim {name}")
        found.append(Trim(name, at, pattern, int(item.get("keep", 2)), examples))
    return tuple(found)


def trim_label(label: str) -> str:
    """The label with every trim applied, again and again until none applies: a list marker
    may hide the area (——全区一般公共预算收入). Each pass shortens it, so this ends."""
    for _ in range(len(label)):
        before = label
        for trim in trims():
            label = trim.apply(label)
        if label == before:
            break
    return label
