"""Text as the same string whatever the format it was read from.

A Word cell keeps its paragraphs ("年初\n预算数") and the spaces typed between Chinese words
("偏差原因分析及 改进措施"); a PDF gives the same cell as wrapped lines without those spaces.
`flatten` makes both one line: white space next to a CJK character goes, other runs of white
space become one space, and two runs of digits are never glued together.
"""
from __future__ import annotations

import regex

_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’—…、，。；：！？（）《》〔〕【】]"
_SPACE_BY_CJK = regex.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
# A line break inside a cell is a wrap: it separates nothing but two Latin words.
_WRAP = regex.compile(r"(?<![A-Za-z])\s*\n\s*|\s*\n\s*(?![A-Za-z])")
_SPACES = regex.compile(r"\s+")


def flatten(text: str | None) -> str:
    if not text:
        return ""
    return _SPACES.sub(" ", _SPACE_BY_CJK.sub("", _WRAP.sub("", text))).strip()
