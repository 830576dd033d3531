"""The Typer app and the helpers every command shares."""

from __future__ import annotations

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
)

DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite database file (created on first use).")


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors_as_lines():
    """Turn library errors and Ctrl-C into one line and an exit code."""
    try:
        yield
    except QuotedeskError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("interrupted: everything stored so far is kept; run the command again to resume", err=True)
        raise typer.Exit(130)


def database(path: str | Path, create: bool = True):
    return open_db(path, create=create)


def is_tty() -> bool:
    return sys.stderr.isatty()
