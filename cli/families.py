"""`quotedesk match` and `quotedesk families`: cross-outlet quote families."""

from __future__ import annotations

import time

import typer

from quotedesk.core import families as fam
from quotedesk.core.family_read import conflicts as conflicted
from quotedesk.core.family_read import families as listing

from .app import DbOption, app, database, errors_as_lines, shown, shown_json


@app.command()
def match(db: str = DbOption):
    """Group quotes that report the same statement across articles (full rebuild).

    Example: quotedesk match --db news.db
    """
    with errors_as_lines():
        conn = database(db, create=False)
        t0 = time.perf_counter()
        n = fam.rebuild(conn)
        conflicts = len(conflicted(conn))
        typer.echo(f"{n} famil{'y' if n == 1 else 'ies'} ({conflicts} with conflicting speakers) "
                   f"in {time.perf_counter() - t0:.1f}s")


@app.command()
def families(
    conflicts: bool = typer.Option(False, "--conflicts", help="Only families whose members name different speakers."),
    db: str = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON lines."),
):
    """List quote families: outlets, the longest wording and the speakers proposed.

    Example: quotedesk families --conflicts --db news.db
    """
    with errors_as_lines():
        rows = listing(database(db, create=False), conflicts_only=conflicts)
        for f in rows:
            if as_json:
                typer.echo(shown_json({
                    "cluster": f.id, "outlets": f.outlets, "size": f.size, "conflict": f.conflict,
                    "canonical": f.canonical, "speakers": dict(f.speakers), "outlet_names": f.outlet_names,
                }, indent=None))
                continue
            flag = "CONFLICT " if f.conflict else ""
            speakers = ", ".join(f"{name} ({n})" for name, n in f.speakers) or "nobody"
            typer.echo(shown(f"#{f.id}  {f.outlets} outlet(s), {f.size} quote(s)  {flag}speakers: {speakers}"))
            typer.echo(f"    “{shown(f.canonical)}”")
        if not as_json:
            typer.echo(f"{len(rows)} famil{'y' if len(rows) == 1 else 'ies'}", err=True)
