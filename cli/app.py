"""The Typer app and the helpers every command shares."""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import typer

from core.errors import QuotedeskError
from core.storage import DEFAULT_DB, open_db

app = typer.Typer(
    name="quotedesk",
    help="Find quotations in news articles, propose their speakers, and review them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite database file (created on first use).")


def shown(value) -> str:
    """Text from articles and file names, safe to print on a terminal.

    Control characters (escape sequences, carriage returns, bidi overrides)
    are written as visible escapes, so an article can never drive the terminal.
    """
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(value))


def shown_json(obj) -> str:
    """``obj`` as indented JSON, safe to print on a terminal.

    ``ensure_ascii=False`` keeps names readable but lets C1 controls (``\\x9b``
    is a terminal's CSI) and bidi overrides through raw; those become ``\\uXXXX``
    escapes, which JSON allows in any string and which decode to the same text.
    """
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(ch if ch == "\n" or ch.isprintable() else json.dumps(ch)[1:-1] for ch in text)


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {shown(message)}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors_as_lines(db: str | Path | None = None):
    """Turn library errors, database and file errors, and Ctrl-C into one line and an exit code.

    ``db`` names the database in a SQLite error ("database is locked").
    """
    try:
        yield
    except QuotedeskError as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"{db}: database error: {exc}" if db is not None else f"database error: {exc}")
    except BrokenPipeError:
        # "quotedesk export | head": the reader has all it wants. Point stdout
        # at /dev/null so Python's flush at exit does not complain again.
        _silence_stdout()
        raise typer.Exit(0)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        typer.echo("interrupted: everything stored so far is kept; run the command again to resume", err=True)
        raise typer.Exit(130)


def _silence_stdout() -> None:
    import os

    try:
        fd = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(fd, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test runner's buffer)
        pass
    finally:
        os.close(fd)


def database(path: str | Path, create: bool = True):
    return open_db(path, create=create)


def is_tty() -> bool:
    return sys.stderr.isatty()
