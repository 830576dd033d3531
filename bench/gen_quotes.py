"""Generate a quotedesk database of synthetic articles with quote families.

Statements come from real text: the quotations and prose sentences of a
folder of articles (default: ``../shared/polnear`` when present, else the
bundled sample corpus), read at run time and never stored in the repository.
Each family is one statement reported by 2-6 articles, each member cut to a
fragment, re-punctuated or re-worded (synonyms and function words, as a
second translation would), attributed to the speaker, to nobody, or now and
then to someone else, in an article dated within two days of the others.
The rest are unrelated quotes written by a word-bigram chain trained on the
same texts: real words at real frequencies, but no shared statement. Each
article wraps its quotes in real sentences from the statement's source
article, so members of a family share context the way real reports do.

The truth is written to ``bench_truth(quote_id, family)`` for scoring.

    python bench/gen_quotes.py --quotes 100000 --out /tmp/qd-100k.db
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quotedesk.core.storage import open_db  # noqa: E402

QUOTES_PER_ARTICLE = 5
FAMILY_SHARE = 0.45          # share of quotes that belong to a family
SIZES = [2] * 40 + [3] * 30 + [4] * 15 + [5] * 10 + [6] * 5

SYNONYMS = {
    "new": "novel", "help": "aid", "stop": "end", "big": "large", "very": "extremely", "important": "crucial",
    "country": "nation", "countries": "nations", "people": "citizens", "problem": "issue", "problems": "issues",
    "want": "wish", "think": "believe", "said": "stated", "start": "begin", "show": "demonstrate",
    "need": "require", "needs": "requires", "fight": "struggle", "war": "conflict", "peace": "calm",
    "world": "global", "quickly": "rapidly", "support": "back", "supports": "backs", "strong": "powerful",
    "change": "alter", "try": "attempt", "buy": "purchase", "get": "obtain", "use": "employ", "make": "create",
    "difficult": "hard", "hard": "tough", "enough": "sufficient", "many": "numerous", "also": "as well",
    "because": "since", "but": "however", "about": "regarding", "against": "versus", "job": "work",
    "jobs": "positions", "money": "funds", "plan": "proposal", "plans": "proposals", "rules": "regulations",
    "leader": "head", "leaders": "heads", "government": "administration", "law": "legislation",
    "answer": "response", "ask": "request", "believe": "think", "keep": "maintain", "understand": "grasp",
    "unusual": "unorthodox", "standard": "conventional", "nonstandard": "unorthodox", "great": "major",
}
FUNCTION_SWAPS = [("the ", ""), (" that ", " "), (" a ", " the "), (" and ", ", "), (" will ", " would "),
                  (" is ", " was "), (" we ", " we all ")]
FIRST = ("Anna Ben Carla David Elena Farid Grace Hiro Ines Jonas Kemal Lena Marco Nadia Omar Paula Quinn Rosa "
         "Samir Tara Umar Vera Wen Ximena Yusuf Zoe Alexander Maria Pedro Olga Ivan Chen Fatima Lars Amara "
         "Diego Hannah Kofi Mei Tomas").split()
LAST = ("Smith Garcia Kowalski Nguyen Okafor Petrov Rossi Schmidt Tanaka Silva Haddad Novak Jensen Moreau "
        "Ivanova Park Mensah Duarte Fischer Lindqvist Costa Adeyemi Rahman Volkov Brennan Castillo Dubois "
        "Hartmann Kaur Moretti Sato Walsh Yilmaz Zhou Abbott Bauer Cruz Dalton Ekwueme").split()
CUES = ["said", "told reporters", "said on Monday", "added", "told the BBC", "said in a statement", "wrote",
        "warned", "insisted", "told parliament"]
PRONOUNS = ["he", "she", "they"]


def load_texts(source: Path | None) -> tuple[list[str], list[list[str]], list[int]]:
    """(statements, sentences per source article, article index per statement)."""
    if source is None:
        polnear = REPO.parent / "shared" / "polnear"
        source = polnear if polnear.is_dir() else REPO / "corpus"
    files = sorted(glob.glob(str(source / "**" / "*.txt"), recursive=True))
    if not files:
        raise SystemExit(f"{source}: no .txt articles to take statements from")
    statements, owner, prose = [], [], []
    seen = set()
    for n, f in enumerate(files):
        text = Path(f).read_text(encoding="utf-8", errors="replace")
        sents = []
        for m in re.finditer(r"[“\"]([^”\"\n]{10,400})[”\"]", text):
            q = m.group(1).strip()
            if len(q.split()) >= 4 and q not in seen:
                seen.add(q)
                statements.append(q)
                owner.append(n)
        for s in re.split(r"(?<=[.!?])\s+", text):
            if "\"" in s or "“" in s or "\n" in s.strip():
                continue
            if 6 <= len(s.split()) <= 40:
                sents.append(s.strip())
        prose.append(sents or ["The talks went on into the evening."])
    for n, sents in enumerate(prose):  # prose sentences are statements too
        for s in sents:
            if s not in seen:
                seen.add(s)
                statements.append(s.rstrip("."))
                owner.append(n)
    return statements, prose, owner


def repunctuate(rng: random.Random, text: str) -> str:
    t = text
    if rng.random() < 0.5:
        t = t.replace("'", "’") if rng.random() < 0.5 else t.replace("’", "'")
    if rng.random() < 0.4:
        t = re.sub(r",\s*", " ", t, count=1) if "," in t else t.replace(" and ", ", and ", 1)
    if rng.random() < 0.3:
        t = t.replace("-", " ") if "-" in t else t
    t = t.rstrip(".,;:!?")
    t += rng.choice(["", ".", ",", ""])
    if rng.random() < 0.3 and t:
        t = t[0].swapcase() + t[1:]
    return t


def reword(rng: random.Random, text: str) -> str:
    words = text.split()
    out = []
    for w in words:
        core = w.strip(".,;:!?").lower()
        if core in SYNONYMS and rng.random() < 0.6:
            w = w.replace(w.strip(".,;:!?"), SYNONYMS[core])
        out.append(w)
    t = " ".join(out)
    for a, b in rng.sample(FUNCTION_SWAPS, 2):
        if a in t and rng.random() < 0.5:
            t = t.replace(a, b, 1)
    return t


def cut(rng: random.Random, text: str) -> str:
    words = text.split()
    if len(words) <= 3:
        return text
    r = rng.random()
    if r < 0.12:
        size = rng.choice([1, 2, 2])         # the one- or two-word fragment
    else:
        size = rng.randint(3, max(3, len(words) - 1))
    start = 0 if rng.random() < 0.4 else rng.randint(0, len(words) - size)
    return " ".join(words[start:start + size]).strip(",;:")


class Chain:
    """A word-bigram chain over real text: unrelated quotes in the corpus's own words."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = {}
        self.firsts: list[str] = []
        for t in texts:
            words = t.split()
            if words:
                self.firsts.append(words[0])
            for a, b in zip(words, words[1:]):
                self.next.setdefault(a, []).append(b)

    def sentence(self, rng: random.Random) -> str:
        words = [rng.choice(self.firsts)]
        target = rng.randint(6, 32)
        while len(words) < target:
            options = self.next.get(words[-1])
            if not options:
                break
            words.append(rng.choice(options))
        return " ".join(words).rstrip(".,;:")


def generate(n_quotes: int, out: Path, seed: int = 7, source: Path | None = None) -> dict:
    rng = random.Random(seed)
    statements, prose, owner = load_texts(source)
    order = list(range(len(statements)))
    rng.shuffle(order)
    chain = Chain(statements)
    names = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(names)
    start_day = dt.date(2023, 1, 1).toordinal()
    quotes = []  # (day, text, speaker or None, family or None, owner article)
    fam_quotes = int(n_quotes * FAMILY_SHARE)
    fam = 0
    pos = 0
    while len(quotes) < fam_quotes:
        i = order[pos % len(order)]
        pos += 1
        base = statements[i] if pos <= len(order) else chain.sentence(rng)
        speaker = names[i % len(names)]
        day = start_day + rng.randint(0, 700)
        size = rng.choice(SIZES)
        for k in range(size):
            t = base
            if k:
                r = rng.random()
                if r < 0.35:
                    t = repunctuate(rng, t)
                elif r < 0.65:
                    t = repunctuate(rng, cut(rng, t))
                else:
                    t = reword(rng, t if rng.random() < 0.6 else cut(rng, t))
            r = rng.random()
            who = speaker if r < 0.75 else None if r < 0.93 else rng.choice(names)
            quotes.append((day + rng.randint(0, 2), t, who, fam, owner[i]))
        fam += 1
    while len(quotes) < n_quotes:
        i = rng.choice(order)
        quotes.append((start_day + rng.randint(0, 700), chain.sentence(rng), rng.choice(names), None, owner[i]))
    rng.shuffle(quotes)
    return _write(rng, quotes, prose, out)


def _write(rng, quotes, prose, out: Path) -> dict:
    out.unlink(missing_ok=True)
    db = open_db(out)
    conn = db.conn
    conn.execute("CREATE TABLE bench_truth (quote_id TEXT PRIMARY KEY, family INTEGER)")
    speaker_ids: dict[str, int] = {}
    # Articles are filled day by day, QUOTES_PER_ARTICLE quotes each, never two of one family.
    by_day: dict[int, list] = {}
    for q in quotes:
        by_day.setdefault(q[0], []).append(q)
    n_articles = 0
    outlets = [f"Outlet {k}" for k in range(40)]
    with conn:
        for day in sorted(by_day):
            pending = by_day[day]
            while pending:
                art, fams, rest = [], set(), []
                for q in pending:
                    if len(art) < QUOTES_PER_ARTICLE and (q[3] is None or q[3] not in fams):
                        art.append(q)
                        if q[3] is not None:
                            fams.add(q[3])
                    else:
                        rest.append(q)
                pending = rest
                n_articles += 1
                _article(conn, rng, n_articles, day, art, prose, outlets, speaker_ids)
    conn.close()
    return {"quotes": len(quotes), "articles": n_articles}


def _article(conn, rng, n, day, quotes, prose, outlets, speaker_ids) -> None:
    parts, spans = [], []
    length = 0
    for day_, text, who, fam, src in quotes:
        ctx = prose[src]
        before = rng.choice(ctx)
        named = who or rng.choice(PRONOUNS).capitalize()
        lead = f"{before} {named} {rng.choice(CUES)}: “"
        after = f"” {rng.choice(ctx)}\n\n"
        start = length + len(lead)
        spans.append((start, start + len(text), text, who, fam))
        piece = lead + text + after
        parts.append(piece)
        length += len(piece)
    body = "".join(parts)
    aid = hashlib.sha256(f"{n}:{body}".encode()).hexdigest()[:16]
    date = dt.date.fromordinal(day).isoformat()
    conn.execute(
        "INSERT INTO articles(id, file, source, outlet, date, text, sha256, ingested_at, detector_version) "
        "VALUES (?,?,?,?,?,?,?, 'bench', 1)", [aid, f"bench_{n:06d}.txt", "bench", rng.choice(outlets), date, body, aid])
    for start, end, text, who, fam in spans:
        sid = None
        if who:
            sid = speaker_ids.get(who)
            if sid is None:
                sid = speaker_ids[who] = conn.execute("INSERT INTO speakers(name, kind) VALUES (?, 'person')",
                                                      [who]).lastrowid
        qid = "q" + hashlib.sha1(f"{aid}:{start}:{end}".encode()).hexdigest()[:15]
        conn.execute(
            'INSERT INTO quotes(id, article_id, start, "end", text, kind, speaker_id, proposed_speaker_id, '
            "speaker_mention, confidence, status) VALUES (?,?,?,?,?, 'full', ?, ?, ?, ?, 'pending')",
            [qid, aid, start, end, text, sid, sid, who or "he", 0.9 if sid else 0.0])
        conn.execute("INSERT INTO bench_truth VALUES (?, ?)", [qid, fam])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--source", type=Path, default=None, help="Folder of .txt articles to take statements from.")
    args = ap.parse_args()
    t0 = time.perf_counter()
    info = generate(args.quotes, args.out, args.seed, args.source)
    print(f"{info['quotes']} quotes in {info['articles']} articles -> {args.out} ({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
