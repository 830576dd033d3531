"""`merge`, `import`, `import-decisions` and `agreement`: work from several reviewers."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import DbOption, app, database, errors_as_lines, not_the_database, shown, shown_json


def _report_missing(report) -> None:
    for item in report.missing:
        typer.echo(f"not here: {shown(item.where or item.sha256)} "
                   f"({shown(item.reviewer)}: {item.status}"
                   + (f", {shown(item.speaker)}" if item.speaker else "") + ")", err=True)


@app.command()
def merge(other: Path = typer.Argument(..., help="Another quotedesk database of the same articles."),
          db: str = DbOption):
    """Bring in another database's review decisions; nothing here is overwritten.

    Quotes are matched by article text and span. Where two reviewers' answers
    differ the quote becomes disputed; answers on quotes this database does
    not hold are listed. The other file is only read.

    Example: quotedesk merge bob.db --db alice.db
    """
    from quotedesk.core import transfer

    with errors_as_lines(db):
        incoming = transfer.from_database(not_the_database(other, db))
        report = transfer.bring_in(database(db, create=False), incoming, other.name)
        _report_missing(report)
        typer.echo(report.summary(shown(other)))


@app.command("import")
def import_gold(gold: Path = typer.Argument(..., help="Annotations in the seed gold format (JSONL)."),
                reviewer: str = typer.Option(..., "--reviewer", help="Whose decisions these become."),
                db: str = DbOption):
    """Take annotations in the seed gold format as one reviewer's decisions.

    Each gold row is matched to a stored quote of the same file by span (as
    `eval` matches them); its speaker becomes that reviewer's answer, a null
    speaker "no speaker", a not_speech row a rejection. Rows that match no
    stored quote are listed.

    Example: quotedesk import gold.jsonl --reviewer annotators --db news.db
    """
    from quotedesk.core import transfer

    with errors_as_lines(db):
        not_the_database(gold, db)
        conn = database(db, create=False)
        incoming, unmatched = transfer.from_gold(conn, gold, reviewer.strip())
        report = transfer.bring_in(conn, incoming, gold.name)
        for row in unmatched:
            typer.echo(f"not here: {shown(gold.name)}:{row['line']} ({shown(row['file'])} "
                       f"{row['start']}-{row['end']})", err=True)
        typer.echo(report.summary(shown(gold))
                   + (f"; {len(unmatched)} gold row(s) match no stored quote (listed above)" if unmatched else ""))


@app.command("import-decisions")
def import_decisions(export: Path = typer.Argument(..., help="A JSONL export (quotedesk export --format jsonl)."),
                     db: str = DbOption):
    """Restore or move review work from a JSONL export into this database.

    Quotes are matched by article text (sha256) and span, never by row
    number; every reviewer's standing answer comes in with its action, time
    and seconds. Nothing is overwritten (see `merge`); answers on quotes this
    database does not hold are listed.

    Example: quotedesk import-decisions reviewed.jsonl --db fresh.db
    """
    from quotedesk.core import transfer

    with errors_as_lines(db):
        incoming = transfer.from_export(not_the_database(export, db))  # read whole before the database opens
        report = transfer.bring_in(database(db, create=False), incoming, export.name)
        _report_missing(report)
        typer.echo(report.summary(shown(export)))


@app.command()
def agreement(db: str = DbOption, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")):
    """How far reviewers agree: Cohen's kappa and raw agreement per pair, overall
    and per outlet, and Krippendorff's alpha for three or more reviewers.

    Example: quotedesk agreement --db team.db
    """
    from quotedesk.core.agreement import agreement as measure

    with errors_as_lines(db):
        result = measure(database(db, create=False))
        if as_json:
            typer.echo(shown_json(result.as_json()))
            return
        e = typer.echo
        if len(result.reviewers) < 2:
            e("fewer than two reviewers have answered: nothing to compare")
            return
        fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
        e("reviewers  " + ", ".join(f"{shown(w)} ({n})" for w, n in result.reviewers.items()))
        e(f"{'pair':<40} {'quotes':>6} {'agree':>6} {'kappa':>6}")
        for p in result.pairs:
            e(f"{shown(p.a + ' / ' + p.b):<40} {p.quotes:>6} {fmt(p.agreement):>6} {fmt(p.kappa):>6}")
        for outlet, pairs in result.by_outlet.items():
            e(f"  {shown(outlet)}")
            for p in pairs:
                e(f"    {shown(p.a + ' / ' + p.b):<36} {p.quotes:>6} {fmt(p.agreement):>6} {fmt(p.kappa):>6}")
        if result.alpha is not None or len(result.reviewers) >= 3:
            e(f"Krippendorff's alpha (nominal) {fmt(result.alpha)} over {result.alpha_quotes} quote(s) "
              "answered by two or more reviewers")
