"""Load the declarative data in patterns/ (shipped as extractor.patterns), validated on load.

A malformed pattern file is a packaging error, so it fails loudly with the file and key named
rather than being skipped.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

import regex


class PatternFileError(ValueError):
    pass


def _text(name: str) -> str:
    try:
        return resources.files("extractor.patterns").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternFileError(f"pattern file {name} is missing from the installation") from None


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(_text(name))
    except tomllib.TOMLDecodeError as e:
        raise PatternFileError(f"{name}: {e}") from None


def compile_pattern(source: str, where: str) -> regex.Pattern:
    try:
        return regex.compile(source)
    except regex.error as e:
        raise PatternFileError(f"{where}: bad regular expression {source!r}: {e}") from None


def require(mapping: dict, key: str, where: str):
    if key not in mapping:
        raise PatternFileError(f"{where}: missing key {key!r}")
    return mapping[key]
