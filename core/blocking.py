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
other. Pair generation and counting run in numpy.
"""

from __future__ import annotations

import numpy as np

KEY_SPAN = 3
POSTING_CAP = 16
DATE_WINDOW = 3
#: In a long posting list, each quote is paired with at most this many later ones.
WINDOW_CAP = 400
_UNDATED = -(10**9)


def keys_of(enc: str) -> set[str]:
    keys = {enc[i] + enc[j] if enc[i] < enc[j] else enc[j] + enc[i]
            for i in range(len(enc)) for j in range(i + 1, min(len(enc), i + 1 + KEY_SPAN))}
    if len(enc) == 1:
        keys.add(enc)
    return keys


def candidate_pairs(encs: list[str], articles: list, days: list, focus=None) -> list[tuple[int, int]]:
    """Index pairs (i < j) of quotes from different articles worth scoring.

    ``days`` holds ordinals or None; with ``focus``, only pairs touching one
    of those indices are returned (incremental update).
    """
    n = len(encs)
    if n < 2:
        return []
    singles = {e for e in encs if len(e) == 1}
    key_ids: dict[str, int] = {}
    ks: list[int] = []
    qs: list[int] = []
    nkeys = np.zeros(n, dtype=np.int32)
    for i, e in enumerate(encs):
        keys = keys_of(e)
        if singles and len(e) > 1:
            keys |= singles.intersection(e)
        nkeys[i] = len(keys)
        ks.extend(key_ids.setdefault(k, len(key_ids)) for k in keys)
        qs.extend([i] * len(keys))
    key_arr = np.asarray(ks, dtype=np.int64)
    q_arr = np.asarray(qs, dtype=np.int64)
    del ks, qs, key_ids
    order = np.lexsort((q_arr, key_arr))
    key_arr, q_arr = key_arr[order], q_arr[order]
    starts = np.flatnonzero(np.r_[True, key_arr[1:] != key_arr[:-1]])
    sizes = np.diff(np.r_[starts, len(key_arr)])
    del key_arr, order
    day_arr = np.asarray([_UNDATED if d is None else d for d in days], dtype=np.int64)
    art_ids: dict = {}
    art = np.asarray([art_ids.setdefault(a, len(art_ids)) for a in articles], dtype=np.int64)
    in_focus = None
    if focus is not None:
        in_focus = np.zeros(n, dtype=bool)
        in_focus[list(focus)] = True
    codes = []

    def keep(lo, hi):
        ok = art[lo] != art[hi]
        if in_focus is not None:
            ok &= in_focus[lo] | in_focus[hi]
        codes.append(lo[ok] * n + hi[ok])

    for size in np.unique(sizes[(sizes >= 2) & (sizes <= POSTING_CAP)]).tolist():
        block = q_arr[starts[sizes == size][:, None] + np.arange(size)]
        iu, ju = np.triu_indices(size, 1)
        keep(block[:, iu].ravel(), block[:, ju].ravel())  # q sorted within a key: lo < hi
    for st, size in zip(starts[sizes > POSTING_CAP].tolist(), sizes[sizes > POSTING_CAP].tolist()):
        for lo, hi in _dated_pairs(q_arr[st:st + size], day_arr):
            keep(lo, hi)
    if not codes:
        return []
    uniq, counts = np.unique(np.concatenate(codes), return_counts=True)
    del codes
    lo, hi = uniq // n, uniq % n
    need = np.where(np.minimum(nkeys[lo], nkeys[hi]) <= 2, 1, 2)
    sel = counts >= need
    return list(zip(lo[sel].tolist(), hi[sel].tolist()))


def _dated_pairs(post: np.ndarray, days: np.ndarray):
    """Pairs (lo, hi arrays) of a long posting list lying within the date window."""
    d = days[post]
    dated = d > _UNDATED
    post, d = post[dated], d[dated]
    order = np.argsort(d, kind="stable")
    post, d = post[order], d[order]
    for step in range(1, min(len(post), WINDOW_CAP + 1)):
        close = (d[step:] - d[:-step]) <= DATE_WINDOW
        if not close.any():
            break
        a, b = post[:-step][close], post[step:][close]
        yield np.minimum(a, b), np.maximum(a, b)
