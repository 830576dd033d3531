"""The dataset card written beside every export: what is in it, who decided
it, how it was made, its schema and its limits.

A dataset others cite must say where it came from without anyone opening the
database. The counts are tallied from the very records written (``Tally``
watches them go by, so a large export is never held in memory), and the
schema table comes from the record's shape in ``core.dataset``.

Outlets, speakers and reviewers are untrusted text: in the card they are
plain text, never markdown or HTML (``plain``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Iterator

import sqlite_utils

from .text_safety import escaped

TOP_SPEAKERS = 25

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def plain(value) -> str:
    """``value`` as literal text in markdown: no markup, no HTML, no control characters.

    Control, bidi and zero-width characters become visible escapes
    (``core.text_safety.escaped``);
    ``& < >`` become entities, so no tag or comment can open; every markdown
    punctuation character is backslash-escaped, so no link, image, emphasis,
    heading or table cell break can be formed.
    """
    if value is None:
        return "(none)"
    text = escaped(str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


class Tally:
    """Counts of the records that went through ``watch``."""

    def __init__(self, level: str):
        self.level = level
        self.records = 0
        self.status: Counter = Counter()
        self.kind: Counter = Counter()
        self.outlet: Counter = Counter()
        self.speaker: Counter = Counter()
        self.reviewers: dict[str, Counter] = defaultdict(Counter)
        self.seconds: Counter = Counter()

    def watch(self, records: Iterable[dict]) -> Iterator[dict]:
        for r in records:
            self.add(r)
            yield r

    def add(self, r: dict) -> None:
        self.records += 1
        self.status[r["status"]] += 1
        if self.level == "family":
            for m in r["members"]:
                self.kind[m["kind"]] += 1
                self.outlet[m["article"]["outlet"]] += 1
                if m["speaker"] is not None and m["status"] != "rejected":
                    self.speaker[m["speaker"]] += 1
            return
        self.kind[r["kind"]] += 1
        self.outlet[r["outlet"]] += 1
        if r["speaker"] is not None:
            self.speaker[r["speaker"]] += 1
        for a in r["review"]["answers"]:
            self.reviewers[a["reviewer"]][a["status"]] += 1
        for h in r["review"]["history"]:
            self.reviewers[h["reviewer"]]["decisions"] += 1
            self.seconds[h["reviewer"]] += h["seconds"] or 0.0


def _agreement(db: sqlite_utils.Database) -> list[str]:
    """The figures of ``quotedesk agreement``, over the whole database."""
    from .agreement import agreement

    result = agreement(db)
    if len(result.reviewers) < 2:
        return ["Fewer than two reviewers answered, so there is no agreement to report."]
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    lines = _table(("reviewers", "quotes both answered", "raw agreement", "Cohen's kappa"),
                   [(plain(f"{p.a} / {p.b}"), p.quotes, fmt(p.agreement), fmt(p.kappa)) for p in result.pairs])
    if len(result.reviewers) >= 3:
        lines += ["", f"Krippendorff's alpha (nominal) over the {result.alpha_quotes} quotes two or more reviewers "
                      f"answered: {fmt(result.alpha)}."]
    lines += ["", "Answers compare as labels (rejected, no speaker, or the speaker entity); quotes whose answers "
                  "differ have status `disputed`. Per-outlet figures: `quotedesk agreement`."]
    return lines


def _table(head: tuple[str, ...], rows) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def _counts(title: str, counter: Counter, limit: int | None = None) -> list[str]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    shown = items[:limit] if limit else items
    lines = [f"### {title}", ""] + _table(("value", "records"), [(plain(k), n) for k, n in shown])
    if limit and len(items) > limit:
        lines.append(f"| … {len(items) - limit} more | {sum(n for _, n in items[limit:])} |")
    return lines + [""]


def _schema(shape: dict, prefix: str = "") -> list[tuple[str, str]]:
    rows = []
    for key, t in shape.items():
        name = prefix + key
        if isinstance(t, dict):
            rows.append((name, "object"))
            rows += _schema(t, name + ".")
        elif isinstance(t, list):
            inner = t[0]
            rows.append((name, "list of " + ("objects" if isinstance(inner, dict) else inner)))
            if isinstance(inner, dict):
                rows += _schema(inner, name + "[].")
        else:
            rows.append((name, t))
    return rows


def render(db: sqlite_utils.Database, tally: Tally, *, fmt: str, level: str, status: str, shape: dict,
           files: list[str]) -> str:
    """The card's markdown (for ``hf`` the Hub's YAML header is put before it)."""
    from .versions import DEFAULT_MODEL, DETECTOR_VERSION, MODEL_ENV

    versions = sorted({v for (v,) in db.execute("SELECT DISTINCT detector_version FROM articles")})
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    what = "quote" if level == "quote" else "family (one statement across outlets)"
    lines = [
        "# Quotations with their speakers, reviewed by people",
        "",
        f"Exported by quotedesk as `{fmt}`, one record per {what}, status `{status}`: "
        f"{tally.records} record(s) from a database of {articles} article(s).",
        "Files: " + ", ".join(f"`{f}`" for f in files) + ".",
        "",
        "## Counts",
        "",
    ]
    lines += _counts("By status" + (" (of families; `mixed`: members differ)" if level == "family" else ""),
                     tally.status)
    lines += _counts("By kind", tally.kind)
    lines += _counts("By outlet", tally.outlet)
    lines += _counts(f"By speaker (top {TOP_SPEAKERS})", tally.speaker, TOP_SPEAKERS)
    lines += ["## Reviewers", ""]
    if tally.reviewers:
        lines += _table(("reviewer", "verified", "rejected", "decisions", "seconds"), [
            (plain(name), c["verified"], c["rejected"], c["decisions"], f"{tally.seconds[name]:.0f}")
            for name, c in sorted(tally.reviewers.items())])
        lines.append("")
        lines.append("`verified` and `rejected` count each reviewer's standing answers; `decisions` every "
                     "decision they logged on these records (undone ones too); `seconds` the time they spent.")
    elif level == "family":
        lines.append("Per-reviewer counts are in the quote-level export (`--level quote`).")
    else:
        lines.append("No reviewer has decided any of these records.")
    lines += ["", "### Agreement", ""] + _agreement(db) + [""]
    lines += [
        "## How the quotes were found and reviewed",
        "",
        f"Quotations were found by quotedesk's detector (version {', '.join(map(str, versions)) or 'none'} in "
        f"this database; the current detector is version {DETECTOR_VERSION}): quotation marks paired in the "
        "article text, a speech verb (the cue) and the speaker proposed from the sentence and the article by "
        f"rules and a learned ranker over a spaCy pipeline (`{DEFAULT_MODEL}` unless `${MODEL_ENV}` named "
        "another at ingest; the database does not record which). Quotes reported by several outlets were "
        "grouped into families.",
        "",
        "Reviewers then decided each quote in quotedesk's review desk: confirm the proposed speaker, choose "
        "another candidate, type a name, say nobody is named, reject it as no quotation, or apply a decision "
        "to the quote's family. Every decision is in `review.history`; each reviewer's standing answer is in "
        "`review.answers`. A quote is `verified` or `rejected` when every reviewer who answered agrees "
        "or an adjudication (an answer marked `adjudication`, given to a disputed quote by a reviewer new to "
        "it) settled it, `disputed` when answers differ and nobody settled them, `pending` when nobody "
        "answered.",
        "",
        "## Schema",
        "",
    ]
    lines += _table(("field", "type"), [(f"`{name}`", t) for name, t in _schema(shape)])
    lines += [
        "",
        "Offsets (`start`, `end`, `mention_start`, `cue.start` ...) are character offsets into the article "
        "text as stored, whose SHA-256 is `article.sha256`; `article.sha256` with `start` and `end` "
        "identify a quote in any database.",
        "",
        "## Known limits",
        "",
        "- The article texts are not included and belong to their publishers; the quotes are short excerpts "
        "for research.",
        "- Pending records carry the machine's proposal only; `confidence` is the machine's and is given "
        "only where the record's speaker is the one it proposed.",
        "- A quote has at most one speaker today; `speakers` is a list so joint statements can have several.",
        "- A chosen candidate's cue offsets are found again in the text near its mention (only the "
        "proposal's are stored), and a typed speaker has no mention.",
        "- Speaker names follow merges made in the desk; `aliases` are every name the entity was seen under.",
        "- Family ids (`cluster`, `family_id`) are particular to this database.",
        "",
    ]
    return "\n".join(lines)
