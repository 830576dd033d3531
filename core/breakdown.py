"""Speaker accuracy by error class (``quotedesk eval --by-kind``).

One accuracy figure says how far off the speakers are, not which rule to
write next. This splits the scored quotes two ways, so the largest class of
errors stands out:

- by what the gold says about the quote: how the article points at the
  speaker (a name, a pronoun, a description such as "the airline"), whether
  the words were written, recounted, relayed by an outlet, spoken for someone
  else, by two people, or by nobody (gold ``null``). These come from the gold
  row's ``speaker_mention``, ``on_behalf_of``, ``accept`` and the free-text
  ``notes`` that the newsdev annotation keeps; a gold file without notes
  still gets the mention-based classes.
- by what a wrong answer looks like: nothing proposed, an unresolved pronoun,
  a role word, a platform or document, a news outlet, a name related to the
  right one, another speaker of the same article.

Two more lines cover what accuracy alone hides: right answers that are not
the fullest form of the name, and ``not_speech`` quotes (titles, nicknames)
that the system labelled as speech or put in a family.

The classes are diagnostics, not part of the scoring protocol: the word lists
below only sort misses into bins and are never used to pick a speaker.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .evaluate import is_pronoun, names_agree
from .names import UNNAMED, as_acronym, fold, name_tokens, tokens_match

#: Words naming where written words appeared rather than who wrote them.
_PLATFORMS = {
    "twitter", "tweet", "facebook", "instagram", "youtube", "snapchat", "reddit", "tiktok", "post",
    "blog", "website", "statement", "release", "article", "report", "letter", "petition", "memo",
    "document", "documents", "filing", "indictment", "email", "e-mail", "video", "interview",
    "message", "note", "complaint", "lawsuit", "ruling", "papers", "notice", "advisory",
}

#: Words typical of a news outlet's name, for the "news outlet" bin.
_OUTLET_WORDS = {
    "news", "times", "post", "press", "reuters", "bloomberg", "agency", "journal", "tribune",
    "herald", "guardian", "telegraph", "daily", "magazine", "radio", "tv", "television", "cnn",
    "bbc", "nbc", "abc", "cbs", "fox", "ap", "afp", "xinhua", "tass", "yonhap", "politico",
    "newspaper", "broadcaster", "outlet", "tmz", "people", "variety",
}

_ARTICLES = {"the", "a", "an"}


def gold_classes(g: dict) -> list[str]:
    """The error classes a gold row belongs to (several at once)."""
    speaker = g.get("speaker")
    accept = g.get("accept") or [speaker]
    mention = (g.get("speaker_mention") or "").strip()
    notes = fold(str(g.get("notes") or ""))
    out = [f"kind {g.get('kind')}"]
    if speaker is None and None in accept:
        out.append("no speaker (gold null)")
    elif not mention:
        out.append("speaker not mentioned near the quote")
    elif is_pronoun(mention):
        out.append("mention: a pronoun")
    elif any(a and names_agree(mention, a) for a in accept):
        out.append("mention: the name")
    else:
        out.append("mention: a description or role")
    if speaker and " and " in speaker:
        out.append("two or more people (couple, pair)")
    if speaker and UNNAMED in speaker:
        out.append("an unnamed person")
    if g.get("on_behalf_of") or (speaker or "").lower().startswith("spokesperson for"):
        out.append("spokesperson or representative")
    if "written" in notes:
        out.append("written words (post, statement, document)")
    if "relayed" in notes or "ap copy" in notes:
        out.append("relayed by an outlet")
    if re.search(r"nested|recount|quotes (his|her|their) own", notes):
        out.append("recounted or nested")
    if re.search(r"continuation|second (sentence|part)|part 2/|multi-paragraph", notes):
        out.append("continues an attributed quote")
    return out


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", fold(name).strip(" .")) if w]


def wrong_shape(pred, g: dict, others: list[str], outlets: set[str]) -> str:
    """What a wrong answer looks like; ``others`` are the gold speakers of the
    same article, ``outlets`` the outlets in the database."""
    name = (pred.speaker or "").strip()
    accept = [a for a in (g.get("accept") or [g.get("speaker")]) if a]
    if not name:
        return "no speaker proposed"
    if not accept:
        return "a speaker proposed where nobody spoke"
    if is_pronoun(name):
        return "an unresolved pronoun"
    words = _words(name)
    capitalised = [w for w in re.split(r"\s+", name) if w[:1].isupper() and w.lower() not in _ARTICLES]
    if not name_tokens(name) or not capitalised:
        return "a description or role word"
    if words and words[-1] in _PLATFORMS:
        return "a platform or document"
    if fold(name) in outlets or set(words) & _OUTLET_WORDS:
        return "a news outlet"
    if any(names_agree(name, o) for o in others):
        return "another speaker of the article"
    if any(tokens_match(a, b) for x in accept for a in name_tokens(x) for b in name_tokens(name)):
        return "a related name (shares a name token)"
    return "another name"


def _not_full_form(pred: str, gold: str | None) -> bool:
    """A right answer shorter than the gold's canonical name, or its initials."""
    if not gold or fold(pred).strip() == fold(gold).strip():
        return False
    return len(name_tokens(pred)) < len(name_tokens(gold)) or bool(as_acronym(pred))


def breakdown(outcomes: list) -> dict:
    """``outcomes`` as ``core.evaluate.Report.outcomes``: (gold row,
    prediction or None, right: True/False, or None when not speaker-scored)."""
    by_file: dict[str, list[str]] = defaultdict(list)
    outlets = set()
    for g, p, _ in outcomes:
        if g.get("speaker"):
            by_file[g["file"]].append(g["speaker"])
        if p is not None and getattr(p, "outlet", ""):
            outlets.add(fold(p.outlet).strip())
    gold_bins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shapes: Counter = Counter()
    short_right = right_total = 0
    ns_found = ns_labelled = ns_in_family = 0
    for g, p, right in outcomes:
        if right is None:
            if p is not None and g.get("kind") == "not_speech":
                ns_found += 1
                ns_labelled += p.kind == "not_speech"
                ns_in_family += p.cluster is not None
            continue
        for c in gold_classes(g):
            gold_bins[c][0] += right
            gold_bins[c][1] += 1
        if right:
            right_total += 1
            short_right += bool(p.speaker) and _not_full_form(p.speaker, g.get("speaker"))
        else:
            others = [s for s in by_file[g["file"]] if not any(names_agree(s, a) for a in g.get("accept") or [] if a)]
            shapes[wrong_shape(p, g, others, outlets)] += 1
    return {
        "gold_classes": {
            c: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else None, "wrong": t - r}
            for c, (r, t) in sorted(gold_bins.items(), key=lambda kv: (kv[1][0] - kv[1][1], kv[0]))
        },
        "wrong_answers": dict(shapes.most_common()),
        "right_but_not_full_name": {"count": short_right, "of_right": right_total},
        "not_speech_found": {"total": ns_found, "labelled_not_speech": ns_labelled, "in_a_family": ns_in_family},
    }
