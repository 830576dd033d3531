"""Reading articles from a .jsonl feed, one article a line, in the memory of one line.

A feed may hold a whole archive: it is read a line at a time, and a bad line
(malformed JSON, no text, not UTF-8, over the size limit) is one ``BadInput``
naming ``FILE:LINE``, while the other lines are read on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from .articles import Article, BadInput, field_text, normalise_newlines

#: Longest line of a .jsonl file, in bytes: one article, its metadata and
#: JSON escapes. The file itself is read a line at a time, so it may be of
#: any size.
MAX_LINE_BYTES = 4_000_000


def read_jsonl(path: Path, fh) -> Iterator[Article | BadInput]:
    """One article a line. Its ``file`` is its ``id`` when given (so that gold
    files and exports can name it), else ``NAME.jsonl:LINE``.

    Read a line at a time, so a feed of any size takes the memory of one
    line, and a line over ``MAX_LINE_BYTES`` is skipped without being held.
    Lines are numbered as in the text with ``\r\n`` and ``\r`` made ``\n``.
    """
    head = fh.read(4096)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield BadInput(str(path), "UTF-16 text, not UTF-8; convert it with iconv -f UTF-16 -t UTF-8 first")
        return
    if b"\x00" in head:
        yield BadInput(str(path), "binary file, not text")
        return
    fh.seek(0)
    n = 0
    blank = True
    for offset, raw, size in _lines(fh):
        if raw is None:
            n += 1
            blank = False
            yield BadInput(f"{path}:{n}", f"line of {size:,} bytes, over the {MAX_LINE_BYTES:,}-byte limit for one line")
            continue
        body = raw[:-1] if raw.endswith(b"\n") else raw
        body = body[:-1] if body.endswith(b"\r") else body
        at = offset
        for piece in body.split(b"\r"):  # a lone \r ends a line too
            n += 1
            start, at = at, at + len(piece) + 1
            if start == 0 and piece.startswith(b"\xef\xbb\xbf"):
                piece, start = piece[3:], 3
            try:
                line = piece.decode("utf-8")
            except UnicodeDecodeError as exc:
                blank = False
                yield BadInput(f"{path}:{n}", f"not UTF-8 (bad byte at offset {start + exc.start}); "
                                              "convert it with iconv first")
                continue
            if not line.strip():
                continue
            blank = False
            yield _jsonl_article(path, n, line)
    if blank:
        yield BadInput(str(path), "empty file")


def _lines(fh) -> Iterator[tuple[int, bytes | None, int]]:
    """(offset, bytes, size) of each line, its newline included; bytes None
    for a line over ``MAX_LINE_BYTES``, read past in pieces."""
    offset = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and raw[-1:] != b"\n":
            size = len(raw)
            while True:
                chunk = fh.readline(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield offset, None, size - (1 if chunk else 0)
            offset += size
            continue
        yield offset, raw, len(raw)
        offset += len(raw)


def _jsonl_article(path: Path, n: int, line: str) -> Article | BadInput:
    where = f"{path}:{n}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return BadInput(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return BadInput(where, "malformed JSON (nested too deeply)")
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return BadInput(where, "line has no \"text\" string")
    if not row["text"].strip():
        return BadInput(where, "empty \"text\"")
    bad = _unencodable(row)
    if bad:
        return BadInput(where, f"\"{bad}\" holds an unpaired surrogate escape (\\ud800-\\udfff), not valid Unicode")
    given_id = field_text(row.get("id"))
    return Article(
        file=given_id or f"{path.name}:{n}",
        source=where,
        text=normalise_newlines(row["text"]),
        outlet=field_text(row.get("outlet")),
        url=field_text(row.get("url")),
        date=field_text(row.get("date")),
        title=field_text(row.get("title")),
        given_id=given_id,
    )


def _unencodable(row: dict) -> str | None:
    """The first field JSON decoded to a string UTF-8 cannot hold ("\\ud800")."""
    for key in ("text", "id", "outlet", "url", "date", "title"):
        value = row.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return key
    return None
