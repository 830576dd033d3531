"""`quotedesk match` and `quotedesk families`: cross-outlet quote families."""

from __future__ import annotations

import json
import re
import time

import typer

from core import families as fam

from .app import DbOption, app, database, errors_as_lines

#: Control characters from article text never reach the terminal raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@app.command()
def match(db: str = DbOption):
    """Group quotes that report the same statement across articles (full rebuild).

    Example: quotedesk match --db news.db
    """
    with errors_as_lines():
        conn = database(db, create=False)
        t0 = time.perf_counter()
        n = fam.rebuild(conn)
        conflicts = conn.execute("SELECT count(*) FROM clusters WHERE conflict = 1").fetchone()[0]
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
        rows = fam.families(database(db, create=False), conflicts_only=conflicts)
        for f in rows:
            if as_json:
                line = json.dumps({
                    "cluster": f.id, "outlets": f.outlets, "size": f.size, "conflict": f.conflict,
                    "canonical": f.canonical, "speakers": dict(f.speakers), "outlet_names": f.outlet_names,
                }, ensure_ascii=False)
                typer.echo(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", line))
                continue
            flag = "CONFLICT " if f.conflict else ""
            speakers = ", ".join(f"{name} ({n})" for name, n in f.speakers) or "nobody"
            typer.echo(_visible(f"#{f.id}  {f.outlets} outlet(s), {f.size} quote(s)  {flag}speakers: {speakers}"))
            typer.echo(f"    “{_visible(f.canonical)}”")
        if not as_json:
            typer.echo(f"{len(rows)} famil{'y' if len(rows) == 1 else 'ies'}", err=True)
