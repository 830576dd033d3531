"""Scoring predictions against a gold file, with exactly the seed protocol.

The protocol (``shared/seeds/README.md``) is what makes quotedesk's figures
comparable with anyone else's, so nothing here is tuned: spans match when they
overlap by half the longer one, one-to-one, largest overlap first; only
``full`` and ``partial`` gold quotes are required; unresolved gold rows stay
out of speaker accuracy.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from .errors import QuotedeskError
from .names import MINOR_WORDS, acronym, as_acronym, same_name, tokens_match

REQUIRED = ("full", "partial")
BANDS = ((0.9, 1.01, "≥0.9"), (0.7, 0.9, "0.7–0.9"), (0.0, 0.7, "<0.7"))


@dataclass
class Prediction:
    file: str
    start: int
    end: int
    quote: str = ""
    speaker: str | None = None
    kind: str = "full"
    confidence: float = 0.0
    cluster: object = None
    #: The other families of a quote that reports several statements.
    also: tuple = ()
    quote_id: str = ""
    #: Every name the reviewer is offered for this quote, in rank order.
    candidates: tuple = ()
    outlet: str = ""


@dataclass
class Report:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_right: int = 0
    speaker_total: int = 0
    e2e_right: int = 0
    e2e_total: int = 0
    #: Found quotes whose right speaker is among the candidates offered: the
    #: most a better choice among them could reach, and how often a reviewer
    #: fixes a wrong speaker with one keypress rather than by typing.
    in_candidates: int = 0
    bands: dict = field(default_factory=dict)  # label -> [right, total]
    misses: list = field(default_factory=list)  # (reason, gold, prediction), worst first
    cluster: dict | None = None
    #: (gold row, matched prediction or None, speaker right: True/False, or
    #: None when the row is not speaker-scored), for ``core.breakdown``.
    outcomes: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    @property
    def candidate_recall(self) -> float:
        return self.in_candidates / self.speaker_total if self.speaker_total else 0.0

    @property
    def end_to_end(self) -> float:
        return self.e2e_right / self.e2e_total if self.e2e_total else 0.0

    def as_dict(self) -> dict:
        out = {
            "quote_precision": round(self.precision, 4),
            "quote_recall": round(self.recall, 4),
            "quote_f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "end_to_end": round(self.end_to_end, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "speaker_right": self.speaker_right, "speaker_total": self.speaker_total,
            "in_candidates": self.in_candidates,
            "speaker_among_candidates": round(self.candidate_recall, 4),
            "confidence_bands": {
                k: {"accuracy": round(r / t, 4) if t else None, "count": t,
                    "share": round(t / self.speaker_total, 4) if self.speaker_total else 0.0}
                for k, (r, t) in self.bands.items()
            },
        }
        if self.cluster is not None:
            out["clusters"] = self.cluster
        return out


def _jsonl_lines(path: Path, what: str):
    """(line number, line) of a UTF-8 JSONL file; one clear error otherwise."""
    if not path.is_file():
        raise QuotedeskError(f"{path}: no such {what} file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QuotedeskError(f"{path}: not UTF-8 (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise QuotedeskError(f"{path}: cannot read ({exc.strerror})") from None
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): JSON strings may hold U+2028 raw
        if line.strip():
            yield n, line


def _json_object(line: str) -> dict:
    """One JSONL line as an object, or a ``ValueError`` saying plainly what is wrong."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    return row


def _whole(value) -> int | None:
    """An offset as an int: 12, 12.0 and "12" are; 4.7, 1e999, true are not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _span(row: dict, what: str = "") -> dict:
    """``row`` with whole-number ``start`` and ``end`` and a ``file`` name checked."""
    for key in ("file", "start", "end"):
        if key not in row:
            raise ValueError(f'{what}no "{key}"')
    if not isinstance(row["file"], str):
        raise ValueError(f'{what}"file" is not a string')
    start, end = _whole(row["start"]), _whole(row["end"])
    if start is None or end is None:
        raise ValueError(f'{what}"start" and "end" must be whole numbers')
    return {**row, "start": start, "end": end}


def load_gold(path: str | Path) -> list[dict]:
    path = Path(path)
    rows = []
    for n, line in _jsonl_lines(path, "gold"):
        try:
            row = _span(_json_object(line))
            if row.get("accept") is not None and not isinstance(row["accept"], list):
                raise ValueError('"accept" must be a list')
        except ValueError as exc:
            raise QuotedeskError(f"{path}:{n}: not a gold row: {exc}") from None
        rows.append(row)
    if not rows:
        raise QuotedeskError(f"{path}: holds no gold rows")
    return rows


def _overlap(a0, a1, b0, b1) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match_spans(gold: list[dict], preds: list[Prediction]) -> dict[int, int]:
    """gold index -> prediction index, one-to-one, largest overlap first."""
    by_file_pred = defaultdict(list)
    for j, p in enumerate(preds):
        by_file_pred[p.file].append(j)
    pairs = []
    for i, g in enumerate(gold):
        g0, g1 = g["start"], g["end"]
        for j in by_file_pred.get(g["file"], ()):
            p = preds[j]
            ov = _overlap(g0, g1, p.start, p.end)
            if ov and ov * 2 >= max(g1 - g0, p.end - p.start):
                pairs.append((ov, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    g_used, p_used, out = set(), set(), {}
    for _, i, j in pairs:
        if i in g_used or j in p_used:
            continue
        g_used.add(i)
        p_used.add(j)
        out[i] = j
    return out


#: A predicted "speaker" that is only a pronoun was never resolved, and an
#: unresolved pronoun is never right, even when a name in ``accept`` happens to
#: share the token ("he" and "He Lifeng").
PRONOUNS = {
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me",
    "his", "hers", "their", "theirs", "its", "our", "ours", "my", "mine", "your", "yours",
}


def is_pronoun(name: str) -> bool:
    # "US" is a country, not "us": an all-capitals word is an abbreviation.
    return name.lower() in PRONOUNS and not (len(name) > 1 and name.isupper())


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, set[str]]:
    """Given name -> its common short forms ("william" -> "bill", "will", ...),
    from the ``nicknames`` package's hand-curated table (Apache-2.0)."""
    from nicknames import NickNamer

    return NickNamer().nickname_lookup


def is_short_form(a: str, b: str) -> bool:
    """One folded token is a listed short form of the other ("bill" ~
    "william", "joe" ~ "joseph"). One step only: two short forms of one name
    ("al", "alex") are not taken for each other."""
    table = _short_forms()
    return b in table.get(a, ()) or a in table.get(b, ())


def _protocol_tokens_match(a: str, b: str) -> bool:
    return tokens_match(a, b) or is_short_form(a, b)


def _initials_match(a: str, b: str) -> bool:
    """"ANA" ~ "All Nippon Airways", "the ICRC" ~ "International Committee of
    the Red Cross": the short one in capitals, one per word of the other,
    of/the/and/for skipped."""
    for short, full in ((a, b), (b, a)):
        letters = as_acronym(re.sub(r"(?i)^the\s+", "", short.strip()))
        if letters and letters == acronym(full.strip(), MINOR_WORDS):
            return True
    return False


def names_agree(pred: str, gold: str) -> bool:
    """The protocol's name comparison (``shared/seeds/README.md``): the
    grouping rule of ``core.names.same_name`` plus short forms of given names
    and an organisation's initials. It lives here, not in ``same_name``,
    because joining speakers on "Bill" ~ "William" or on initials would merge
    people that scoring only forgives."""
    return (same_name(pred, gold, match=_protocol_tokens_match) or _initials_match(pred, gold)
            or same_name(_no_initials(pred), _no_initials(gold), match=_protocol_tokens_match))


#: One-letter initials written together ("U.S.", "J.R.R."), which name_tokens keeps as one token.
_DOTTED_INITIALS = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![\w])")


def _no_initials(name: str) -> str:
    """The name with its one-letter initials dropped, as the protocol drops
    them: "U.S. Treasury Department" is named by "Treasury Department"."""
    rest = _DOTTED_INITIALS.sub(" ", name)
    return rest if rest.split() else name


def speaker_is_right(pred: str | None, accept: list) -> bool:
    """The protocol's rule: the predicted speaker names one of ``accept``;
    ``None`` (no speaker) is right only when ``accept`` holds ``None``."""
    if pred is None or not pred.strip():
        return None in accept
    if is_pronoun(pred.strip()):
        return False
    return any(a is not None and names_agree(pred, a) for a in accept)


def score(gold: list[dict], preds: list[Prediction], clusters: list[dict] | None = None) -> Report:
    rep = Report(bands={label: [0, 0] for *_, label in BANDS})
    matched = match_spans(gold, preds)
    matched_preds = set(matched.values())
    for i, g in enumerate(gold):
        required = g.get("kind") in REQUIRED
        j = matched.get(i)
        if not required or j is None or g.get("unresolved"):
            rep.outcomes.append((g, preds[j] if j is not None else None, None))
        if not required:
            continue
        resolved = not g.get("unresolved")
        if resolved:
            rep.e2e_total += 1
        if j is None:
            rep.fn += 1
            rep.misses.append(("missed", g, None))
            continue
        rep.tp += 1
        if not resolved:
            continue
        p = preds[j]
        accept = g.get("accept") or [g.get("speaker")]
        right = speaker_is_right(p.speaker, accept)
        rep.speaker_total += 1
        rep.speaker_right += right
        rep.in_candidates += right or any(speaker_is_right(c, accept) for c in p.candidates if c)
        rep.e2e_right += right
        rep.outcomes.append((g, p, right))
        for lo, hi, label in BANDS:
            if lo <= p.confidence < hi:
                rep.bands[label][0] += right
                rep.bands[label][1] += 1
        if not right:
            rep.misses.append(("speaker", g, p))
    for j, p in enumerate(preds):
        # A prediction that matched any gold quote, required or not, costs no
        # precision. The system's own ``kind`` label buys nothing: the
        # protocol must score a system that labels no kinds the same way.
        if j in matched_preds:
            continue
        rep.fp += 1
        rep.misses.append(("spurious", None, p))
    rep.misses.sort(key=_worst_first)
    if clusters is not None:
        rep.cluster = score_clusters(gold, preds, matched, clusters)
    return rep


_MISS_ORDER = {"missed": 0, "speaker": 1, "spurious": 2}


def _worst_first(miss) -> tuple:
    """Lost quotes first, then wrong speakers the system was surest of, then spurious quotes."""
    reason, g, p = miss
    confidence = p.confidence if p is not None else 0.0
    return (_MISS_ORDER[reason], -confidence)


def score_clusters(gold, preds, matched, clusters) -> dict:
    """Pair precision/recall/F1 of cross-outlet grouping."""
    gold_pairs = set()
    for c in clusters:
        members = []
        for m in c.get("members", []):
            members.append((m["file"], m["start"], m["end"]))
        for a, b in combinations(sorted(members), 2):
            if a[0] != b[0]:
                gold_pairs.add((a, b))
    # A prediction stands for the gold quote it matched (its key), so that
    # predicted and gold pairs are comparable.
    pred_key = {}
    for i, j in matched.items():
        g = gold[i]
        pred_key[j] = (g["file"], g["start"], g["end"])
    by_cluster = defaultdict(list)
    for j, p in enumerate(preds):
        if j in pred_key:
            for c in (p.cluster, *p.also):
                if c is not None:
                    by_cluster[c].append(pred_key[j])
    pred_pairs = set()
    for members in by_cluster.values():
        for a, b in combinations(sorted(members), 2):
            if a[0] != b[0]:
                pred_pairs.add((a, b))
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 0.0
    r = tp / len(gold_pairs) if gold_pairs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "pair_precision": round(p, 4), "pair_recall": round(r, 4), "pair_f1": round(f, 4),
        "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs), "true_pairs": tp,
        "wrong_pairs": sorted(pred_pairs - gold_pairs)[:20],
    }


def predictions_from_db(db) -> list[Prediction]:
    """Every stored quote as a prediction; rejected ones are not predictions."""
    from .export import records
    from .speakers import entity

    offered: dict[str, list[str]] = defaultdict(list)
    # A candidate whose speaker was merged since is offered under the name it
    # was merged into, as the review screen shows it.
    for quote_id, name in db.execute(
        f"SELECT c.quote_id, s.name FROM candidates c {entity('c.speaker_id', 's', inner=True)} "
        "ORDER BY c.quote_id, c.rank"
    ):
        offered[quote_id].append(name)
    preds = []
    for r in records(db, "all"):
        if r["status"] == "rejected":
            continue
        preds.append(Prediction(
            file=r["file"], start=r["start"], end=r["end"], quote=r["quote"], speaker=r["speaker"],
            kind=r["kind"], confidence=r["confidence"] or 0.0, cluster=r["cluster"], also=tuple(r["also_clusters"]),
            quote_id=r["quote_id"],
            candidates=tuple(offered.get(r["quote_id"], ())), outlet=r["outlet"] or "",
        ))
    return preds


def load_clusters(path) -> list[dict]:
    path = Path(path)
    out = []
    for n, line in _jsonl_lines(path, "clusters"):
        try:
            row = _json_object(line)
            members = row.get("members")
            if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
                raise ValueError('"members" must be a list of objects')
            row["members"] = [_span(m, f"member {i}: ") for i, m in enumerate(members, 1)]
        except ValueError as exc:
            raise QuotedeskError(f"{path}:{n}: not a cluster row: {exc}") from None
        out.append(row)
    return out
