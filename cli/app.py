"""The Typer app and the helpers every command shares."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import typer

from quotedesk.core.errors import QuotedeskError
from quotedesk.core.storage import DEFAULT_DB, open_db
from quotedesk.core.text_safety import escaped, json_text

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

    Control, bidi and zero-width characters (escape sequences, carriage
    returns, U+202E) are written as visible escapes (``\\x1b``, ``\\u202e``),
    so an article can never drive the terminal (``core.text_safety``).
    """
    return escaped(str(value))


def shown_json(obj, indent: int | None = 2) -> str:
    """``obj`` as JSON, safe to print on a terminal; it decodes to the exact text."""
    return json_text(obj, indent=indent)


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


def not_the_database(path: Path, db: str | Path) -> Path:
    """``path``, refused when it is the database itself: reading a live
    database file with anything but SQLite drops this process's locks on it."""
    from quotedesk.core.storage import is_same_file

    if is_same_file(Path(path), Path(db)):
        fail(f"{path}: is the database itself (--db); give the other file")
    return Path(path)


def database(path: str | Path, create: bool = True):
    return open_db(path, create=create)


def is_tty() -> bool:
    return sys.stderr.isatty()
