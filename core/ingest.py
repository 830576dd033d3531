"""Reading articles from .txt, .jsonl and .html files.

Each reader yields ``Article`` records or ``BadInput`` problems, never raises
for one bad file: a folder of a thousand articles with one broken file should
still ingest the other 999, and the user should learn which file was broken
and why in one line.
"""

from __future__ import annotations

import json
import os
import stat
from importlib import resources
from pathlib import Path
from typing import Iterator

from .articles import Article, BadInput, field_text, normalise_newlines
from .errors import QuotedeskError
from .jsonl_feed import read_jsonl

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
            yield from read_jsonl(path, fh)
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
        outlet=field_text(meta.get("outlet")) or path.stem,
        url=field_text(meta.get("url")),
        date=field_text(meta.get("date")),
        title=field_text(meta.get("title")),
    )


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
        outlet=field_text(meta.get("outlet")) or field_text(data.get("sitename")) or field_text(data.get("hostname")) or path.stem,
        url=field_text(meta.get("url")) or field_text(data.get("url")),
        date=field_text(meta.get("date")) or field_text(data.get("date")),
        title=field_text(meta.get("title")) or field_text(data.get("title")),
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
