"""The `quotedesk` command: a thin shell over ``core``.

Each command builds core objects, calls one core function and turns a
``QuotedeskError`` into one line on stderr with exit code 1. Commands live in
small modules by area and register themselves on ``app``.
"""

from __future__ import annotations

from .app import app
from . import pipeline as _pipeline  # noqa: F401  (registers commands)
from . import review as _review  # noqa: F401
from . import families as _families  # noqa: F401
from . import reviewers as _reviewers  # noqa: F401


def main() -> None:
    app()


__all__ = ["app", "main"]
