"""Which pairs of quotes are worth scoring: an inverted index, never all pairs.

Each quote is a string of content-word codes (see ``core.matching``). Its
keys are the unordered pairs of words at most ``KEY_SPAN`` positions apart:
they survive an inserted or dropped word ("all-weather and comprehensive" /
"all-weather, comprehensive") and a translation's word order ("resolve the
crisis peacefully" / "a peaceful resolution of the crisis"). A one-word quote
is indexed under its word. Two quotes from different articles are a
candidate when they share two keys, or one when either has at most two
(short fragments). A key held by more than ``POSTING_CAP`` quotes ("prime
minister") only pairs quotes dated within ``DATE_WINDOW`` days of each
other. Pair generation and counting run in numpy; ``focus_pairs`` builds only
the posting lists an incremental update needs.
"""

from __future__ import annotations

import numpy as np

KEY_SPAN = 3
POSTING_CAP = 16
DATE_WINDOW = 3
#: In a long posting list, each quote is paired with at most this many later ones.
WINDOW_CAP = 400
_UNDATED = -(10**9)


def codes(encs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(every code of every quote, concatenated; each quote's length)."""
    lens = np.fromiter(map(len, encs), dtype=np.int64, count=len(encs))
    return np.frombuffer("".join(encs).encode("utf-32-le"), dtype=np.uint32).astype(np.int64), lens


def _key_arrays(cps: np.ndarray, lens: np.ndarray, single: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key, quote) for every distinct key of every quote, keys as integers, sorted.

    ``single``: the codes of one-word quotes, anywhere in the index.
    """
    qid = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    keys, quotes = [], []
    for d in range(1, KEY_SPAN + 1):
        same = qid[:-d] == qid[d:]
        a, b = cps[:-d][same], cps[d:][same]
        keys.append(np.minimum(a, b) << 21 | np.maximum(a, b))  # code points stay below 2**21
        quotes.append(qid[:-d][same])
    # One-word quotes, and every longer quote holding such a word, under that word.
    holds = np.isin(cps, single)
    keys.append(cps[holds])
    quotes.append(qid[holds])
    k, q = np.concatenate(keys), np.concatenate(quotes)
    order = np.lexsort((q, k))
    k, q = k[order], q[order]
    first = np.r_[True, (k[1:] != k[:-1]) | (q[1:] != q[:-1])] if len(k) else np.zeros(0, dtype=bool)
    return k[first], q[first]


def _single(cps: np.ndarray, lens: np.ndarray) -> np.ndarray:
    return np.unique(cps[np.repeat(lens == 1, lens)])


def candidate_pairs(encs: list[str], articles: list, days: list, focus=None) -> list[tuple[int, int]]:
    """Index pairs (i < j) of quotes from different articles worth scoring.

    ``days`` holds ordinals or None; with ``focus``, only pairs touching one
    of those indices are returned (incremental update).
    """
    n = len(encs)
    if n < 2:
        return []
    cps, lens = codes(encs)
    key_arr, q_arr = _key_arrays(cps, lens, _single(cps, lens))
    nkeys = np.bincount(q_arr, minlength=n)
    in_focus = None
    if focus is not None:
        in_focus = np.zeros(n, dtype=bool)
        in_focus[list(focus)] = True
        # Only keys some focus quote holds can pair it; their lists stay whole.
        rows = np.isin(key_arr, key_arr[in_focus[q_arr]])
        key_arr, q_arr = key_arr[rows], q_arr[rows]
    day_arr = np.asarray([_UNDATED if d is None else d for d in days], dtype=np.int64)
    art_ids: dict = {}
    art = np.asarray([art_ids.setdefault(a, len(art_ids)) for a in articles], dtype=np.int64)
    return _pairs(key_arr, q_arr, nkeys, art, day_arr, in_focus, n)


def focus_pairs(encs: list[str], art: np.ndarray, days: np.ndarray, focus, coded=None) -> list[tuple[int, int]]:
    """``candidate_pairs`` with ``focus``, without indexing every key of every quote.

    The same pairs, for an update that adds a few quotes to a large index:
    only the posting lists of the focus quotes' keys are built (from the
    positions holding one of their codes), and only the quotes on those
    lists have all their keys counted. ``art`` holds an integer per article,
    ``days`` ordinals (``UNDATED`` for none); ``coded`` is ``codes(encs)``,
    when the caller keeps it for several calls.
    """
    n = len(encs)
    focus = np.asarray(sorted(focus), dtype=np.int64)
    if n < 2 or not len(focus):
        return []
    cps, lens = coded or codes(encs)
    single = _single(cps, lens)
    ends = np.cumsum(lens)
    starts = ends - lens

    def segments(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        parts = [cps[starts[i]:ends[i]] for i in idx.tolist()]
        return (np.concatenate(parts) if parts else np.zeros(0, np.int64)), lens[idx]

    fc, fl = segments(focus)
    fk, _ = _key_arrays(fc, fl, single)
    key_arr, q_arr = _posting_lists(cps, ends, np.unique(fc), fk)

    def nkeys_of(idx: np.ndarray) -> np.ndarray:
        c, ln = segments(idx)
        return np.bincount(_key_arrays(c, ln, single)[1], minlength=len(idx))

    in_focus = np.zeros(n, dtype=bool)
    in_focus[focus] = True
    return _pairs(key_arr, q_arr, nkeys_of, art, days, in_focus, n)


def _posting_lists(cps: np.ndarray, ends: np.ndarray, codes: np.ndarray, wanted: np.ndarray):
    """(key, quote) sorted, for the keys ``wanted`` (made of ``codes``), over every quote."""
    table = np.zeros(int(max(cps.max(initial=0), codes.max(initial=0))) + 1, dtype=bool)
    table[codes] = True
    pos = np.flatnonzero(table[cps])      # positions holding one of the codes
    quote = np.searchsorted(ends, pos, side="right")
    keys, quotes = [cps[pos]], [quote]    # single-word keys (kept below only if wanted)
    for d in range(1, KEY_SPAN + 1):
        nxt = pos + d
        ok = nxt < ends[quote]
        a, b = cps[pos[ok]], cps[nxt[ok]]
        ok2 = table[b]
        a, b = a[ok2], b[ok2]
        keys.append(np.minimum(a, b) << 21 | np.maximum(a, b))
        quotes.append(quote[ok][ok2])
    k, q = np.concatenate(keys), np.concatenate(quotes)
    keep = np.isin(k, wanted)
    k, q = k[keep], q[keep]
    order = np.lexsort((q, k))
    k, q = k[order], q[order]
    first = np.r_[True, (k[1:] != k[:-1]) | (q[1:] != q[:-1])] if len(k) else np.zeros(0, dtype=bool)
    return k[first], q[first]


#: The day of an undated article, for ``focus_pairs``.
UNDATED = _UNDATED


def _pairs(key_arr, q_arr, nkeys, art, day_arr, in_focus, n) -> list[tuple[int, int]]:
    """Pairs of quotes sharing enough keys, from the posting lists ``key_arr``/``q_arr``.

    Two keys, or one where either quote has at most two: ``nkeys`` holds each
    quote's count of keys, or counts them when called with some indices (it
    is asked only about quotes of pairs sharing one key).
    """
    starts = np.flatnonzero(np.r_[True, key_arr[1:] != key_arr[:-1]])
    sizes = np.diff(np.r_[starts, len(key_arr)])
    found = []

    def keep(lo, hi):
        ok = art[lo] != art[hi]
        if in_focus is not None:
            ok &= in_focus[lo] | in_focus[hi]
        found.append(lo[ok] * n + hi[ok])

    for size in np.unique(sizes[(sizes >= 2) & (sizes <= POSTING_CAP)]).tolist():
        block = q_arr[starts[sizes == size][:, None] + np.arange(size)]
        iu, ju = np.triu_indices(size, 1)
        keep(block[:, iu].ravel(), block[:, ju].ravel())  # q sorted within a key: lo < hi
    for st, size in zip(starts[sizes > POSTING_CAP].tolist(), sizes[sizes > POSTING_CAP].tolist()):
        for lo, hi in _dated_pairs(q_arr[st:st + size], day_arr, in_focus):
            keep(lo, hi)
    if not found:
        return []
    uniq, counts = np.unique(np.concatenate(found), return_counts=True)
    del found
    lo, hi = uniq // n, uniq % n
    if not callable(nkeys):
        sel = counts >= np.where(np.minimum(nkeys[lo], nkeys[hi]) <= 2, 1, 2)
        return list(zip(lo[sel].tolist(), hi[sel].tolist()))
    nkeys_of = nkeys
    sel = counts >= 2
    one = ~sel
    if one.any():
        nkeys = np.full(n, -1, dtype=np.int64)  # -1: not counted
        ask = np.unique(np.r_[lo[one], hi[one]])
        if in_focus is not None:  # a short focus quote decides its pairs: count its partners only if not
            mine = ask[in_focus[ask]]
            nkeys[mine] = nkeys_of(mine)
            rest = one & ~(((nkeys[lo] >= 0) & (nkeys[lo] <= 2)) | ((nkeys[hi] >= 0) & (nkeys[hi] <= 2)))
            ask = np.unique(np.r_[lo[rest], hi[rest]])
            ask = ask[nkeys[ask] < 0]
        nkeys[ask] = nkeys_of(ask)
        sel |= one & (np.minimum(nkeys[lo], nkeys[hi]) <= 2)
    return list(zip(lo[sel].tolist(), hi[sel].tolist()))


def _dated_pairs(post: np.ndarray, days: np.ndarray, in_focus=None):
    """Pairs (lo, hi arrays) of a long posting list lying within the date window.

    In date order, each quote pairs with the next ``WINDOW_CAP`` at most. With
    ``in_focus``, only pairs touching a focus quote are made, the same ones:
    an update adding a few quotes must not pair every quote of "prime
    minister" with every other."""
    d = days[post]
    dated = d > _UNDATED
    post, d = post[dated], d[dated]
    order = np.argsort(d, kind="stable")
    post, d = post[order], d[order]
    if in_focus is not None:
        mine = np.flatnonzero(in_focus[post])
        if not len(mine):
            return
        # Within the window of dates, and at most WINDOW_CAP places away in date order.
        first = np.maximum(np.searchsorted(d, d[mine] - DATE_WINDOW, side="left"), mine - WINDOW_CAP)
        last = np.minimum(np.searchsorted(d, d[mine] + DATE_WINDOW, side="right"), mine + WINDOW_CAP + 1)
        counts = last - first
        at = np.repeat(mine, counts)
        other = np.repeat(first - np.cumsum(np.r_[0, counts[:-1]]), counts) + np.arange(counts.sum())
        ok = (other != at) & ((other > at) | ~in_focus[post[other]])  # two focus quotes: once
        a, b = post[at[ok]], post[other[ok]]
        yield np.minimum(a, b), np.maximum(a, b)
        return
    for step in range(1, min(len(post), WINDOW_CAP + 1)):
        close = (d[step:] - d[:-step]) <= DATE_WINDOW
        if not close.any():
            break
        a, b = post[:-step][close], post[step:][close]
        yield np.minimum(a, b), np.maximum(a, b)
