"""Keep library logging off stderr: stderr carries the tool's own one-line messages only."""
from __future__ import annotations

import logging

_LIBRARIES = ("pypdfium2", "docx", "rjieba")


def quiet_libraries() -> None:
    """Libraries log warnings about damaged input that Python would print to stderr; stderr
    is for our one line only."""
    logging.getLogger().addHandler(logging.NullHandler())
    for name in _LIBRARIES:
        logging.getLogger(name).setLevel(logging.CRITICAL)
