"""Reading articles from .txt, .jsonl and .html files.

Each reader yields ``Article`` records or ``BadInput`` problems, never raises
for one bad file: a folder of a thousand articles with one broken file should
still ingest the other 999, and the user should learn which file was broken
and why in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from .errors import QuotedeskError

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MANIFEST = "manifest.jsonl"

#: Longest article taken, in characters. The longest of the 992 articles in
#: the shared test collections has 34,000; detection and attribution are
#: near-linear, and 300,000 characters of hostile text take up to half a
#: minute, nearly all of it the spaCy parse (bench/bench_hostile.py).
MAX_ARTICLE_CHARS = 300_000
#: Largest .txt or .html file read, in bytes: one article, read whole. HTML
#: pages carry scripts and styles besides the text, so this is far above
#: what ``MAX_ARTICLE_CHARS`` needs.
MAX_FILE_BYTES = 20_000_000
#: Longest line of a .jsonl file, in bytes: one article, its metadata and
#: JSON escapes. The file itself is read a line at a time, so it may be of
#: any size.
MAX_LINE_BYTES = 4_000_000


@dataclass
class Article:
    file: str
    source: str
    text: str
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    given_id: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        return self.sha256[:16]


@dataclass
class BadInput:
    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


def sample_corpus() -> Path:
    """The bundled sample articles, found from an installed package too."""
    return Path(str(resources.files("quotedesk.corpus")))


def collect(paths: list[str | Path]) -> tuple[list[Path], list[BadInput]]:
    """Expand files and folders into the article files to read, in a stable order.

    A file named twice (or inside a folder also named) is read once; files
    under hidden folders (``.git``) and ``manifest.jsonl`` itself are not
    articles. A FIFO, device or socket (or a link to one) is a problem, found
    from its metadata without opening it: opening a FIFO waits for a writer,
    reading a device may never end.
    """
    files: list[Path] = []
    problems: list[BadInput] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            files.append(f)

    for raw in paths:
        p = Path(raw)
        if not p.exists():
            problems.append(BadInput(str(p), "no such file or folder"))
        elif p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.suffix.lower() in SUFFIXES and f.name != MANIFEST and not f.is_dir()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(BadInput(str(p), "folder holds no .txt, .jsonl or .html files"))
            for f in found:
                problem = _not_regular(f)
                if problem:
                    problems.append(BadInput(str(f), problem))
                else:
                    add(f)
        elif _not_regular(p):
            problems.append(BadInput(str(p), _not_regular(p)))
        elif p.suffix.lower() in SUFFIXES:
            add(p)
        else:
            problems.append(BadInput(str(p), f"unsupported file type {p.suffix or '(none)'}; use .txt, .jsonl or .html"))
    return files, problems


_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
          (stat.S_ISSOCK, "socket"))


def _not_regular(path: Path, mode: int | None = None) -> str | None:
    """What is wrong with reading ``path`` as a file ("not a regular file
    (FIFO)"), from its metadata (a link's target's); None for a regular file
    or a folder, and for a path whose metadata cannot be read (opening it
    then names the error)."""
    if mode is None:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "special file")
    return f"not a regular file ({kind})"


def _open(path: Path):
    """A binary file object for ``path``, or the one-line problem.

    Checked again on the opened descriptor, in case the path changed since
    ``collect``: opened non-blocking, a FIFO put in a file's place is
    refused at once instead of waiting for a writer.
    """
    problem = _not_regular(path)
    if problem:
        return None, problem
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, f"cannot read ({exc.strerror or exc})"
    fh = os.fdopen(fd, "rb")
    problem = _not_regular(path, os.fstat(fd).st_mode)
    if problem:
        fh.close()
        return None, problem
    return fh, None


def read_file(path: Path) -> Iterator[Article | BadInput]:
    """The articles in one file, or the problems that kept them out (an
    article over ``MAX_ARTICLE_CHARS`` among them)."""
    for item in _read_file(path):
        if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
            item = BadInput(item.source, f"{len(item.text):,} characters, over the "
                                         f"{MAX_ARTICLE_CHARS:,}-character limit for one article")
        yield item


def _read_file(path: Path) -> Iterator[Article | BadInput]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl" and path.name == MANIFEST:
        yield BadInput(str(path), "is the metadata for the .txt files beside it, not articles; name the folder instead")
        return
    fh, problem = _open(path)
    if problem:
        yield BadInput(str(path), problem)
        return
    with fh:
        if suffix == ".jsonl":
            yield from _read_jsonl(path, fh)
            return
        try:
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
        except OSError as exc:
            yield BadInput(str(path), f"cannot read ({exc.strerror or exc})")
            return
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        yield BadInput(str(path), f"{max(size, len(raw)):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit "
                                  "for one .txt or .html file")
        return
    html = suffix in (".html", ".htm")
    text, problem = _decode(raw)
    if problem and html and raw.strip() and b"\x00" not in raw[:4096]:
        # HTML declares its own charset; trafilatura reads it from the bytes.
        yield _read_html(path, raw)
        return
    if problem:
        yield BadInput(str(path), problem)
        return
    if html:
        yield _read_html(path, text)
    else:
        yield _read_txt(path, text)


def _decode(raw: bytes) -> tuple[str, str | None]:
    if not raw.strip():
        return "", "empty file"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "", "UTF-16 text, not UTF-8; convert it with iconv -f UTF-16 -t UTF-8 first"
    if b"\x00" in raw[:4096]:
        return "", "binary file, not text"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "", f"not UTF-8 (bad byte at offset {exc.start}); convert it with iconv first"
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return "", "empty file"
    return normalise_newlines(text), None


def normalise_newlines(text: str) -> str:
    r"""``\r\n`` and ``\r`` become ``\n``; nothing else changes.

    This is the one change made to an article's text before it is stored
    (besides dropping a UTF-8 byte-order mark), so that a file saved with
    Windows line ends gives the same text, hash and offsets as its twin, the
    same as Python's own ``read_text()``. Stored offsets point into the stored
    text, which is what ``export`` writes alongside them.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


_manifest_cache: dict[Path, tuple[tuple[int, int], dict[str, dict]]] = {}


def _manifest(folder: Path) -> dict[str, dict]:
    """``manifest.jsonl`` beside the articles, by file name; {} without one."""
    mf = folder / MANIFEST
    try:
        st = mf.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _manifest_cache.get(mf)
    if cached and cached[0] == stamp:
        return cached[1]
    entries: dict[str, dict] = {}
    try:
        lines = mf.read_text(encoding="utf-8", errors="replace").split("\n")  # not splitlines(): U+2028 in a string
    except OSError:
        lines = []
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("file"), str):
            entries[row["file"]] = row
    _manifest_cache[mf] = (stamp, entries)
    return entries


def _read_txt(path: Path, text: str) -> Article:
    meta = _manifest(path.parent).get(path.name, {})
    return Article(
        file=path.name,
        source=str(path),
        text=text,
        outlet=_str(meta.get("outlet")) or path.stem,
        url=_str(meta.get("url")),
        date=_str(meta.get("date")),
        title=_str(meta.get("title")),
    )


def _read_jsonl(path: Path, fh) -> Iterator[Article | BadInput]:
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
    given_id = _str(row.get("id"))
    return Article(
        file=given_id or f"{path.name}:{n}",
        source=where,
        text=normalise_newlines(row["text"]),
        outlet=_str(row.get("outlet")),
        url=_str(row.get("url")),
        date=_str(row.get("date")),
        title=_str(row.get("title")),
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


def _str(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _read_html(path: Path, html: str | bytes) -> Article | BadInput:
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a dependency
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return BadInput(str(path), f"HTML support is not installed ({first}); reinstall quotedesk")
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
        return BadInput(str(path), f"cannot extract text from the HTML ({type(exc).__name__})")
    if extracted is None:
        return BadInput(str(path), "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = normalise_newlines(data.get("text") or "")
    if not body.strip():
        return BadInput(str(path), "no article text found in the HTML")
    meta = _manifest(path.parent).get(path.name, {})
    return Article(
        file=path.name,
        source=str(path),
        text=body,
        outlet=_str(meta.get("outlet")) or _str(data.get("sitename")) or _str(data.get("hostname")) or path.stem,
        url=_str(meta.get("url")) or _str(data.get("url")),
        date=_str(meta.get("date")) or _str(data.get("date")),
        title=_str(meta.get("title")) or _str(data.get("title")),
    )


def read_all(paths: list[str | Path]) -> tuple[list[Path], list[BadInput]]:
    """Validate paths up front; raises only when nothing at all can be read."""
    files, problems = collect(paths)
    if not files:
        if len(problems) == 1:
            raise QuotedeskError(str(problems[0]))
        raise QuotedeskError("nothing to ingest: " + "; ".join(str(p) for p in problems) if problems
                             else "nothing to ingest: no paths given")
    return files, problems
