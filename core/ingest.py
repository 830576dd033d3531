"""Reading articles from .txt, .jsonl and .html files.

Each reader yields ``Article`` records or ``BadInput`` problems, never raises
for one bad file: a folder of a thousand articles with one broken file should
still ingest the other 999, and the user should learn which file was broken
and why in one line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from .errors import QuotedeskError

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MANIFEST = "manifest.jsonl"


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
    return Path(str(resources.files("corpus")))


def collect(paths: list[str | Path]) -> tuple[list[Path], list[BadInput]]:
    """Expand files and folders into the article files to read, in a stable order.

    A file named twice (or inside a folder also named) is read once; files
    under hidden folders (``.git``) and ``manifest.jsonl`` itself are not
    articles.
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
                if f.is_file() and f.suffix.lower() in SUFFIXES and f.name != MANIFEST
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(BadInput(str(p), "folder holds no .txt, .jsonl or .html files"))
            for f in found:
                add(f)
        elif p.suffix.lower() in SUFFIXES:
            add(p)
        else:
            problems.append(BadInput(str(p), f"unsupported file type {p.suffix or '(none)'}; use .txt, .jsonl or .html"))
    return files, problems


def read_file(path: Path) -> Iterator[Article | BadInput]:
    """The articles in one file, or the problems that kept them out."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield BadInput(str(path), f"cannot read ({exc.strerror or exc})")
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
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text)
    elif html:
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


def _read_jsonl(path: Path, text: str) -> Iterator[Article | BadInput]:
    """One article a line. Its ``file`` is its ``id`` when given (so that gold
    files and exports can name it), else ``NAME.jsonl:LINE``."""
    if path.name == MANIFEST:
        yield BadInput(str(path), "is the metadata for the .txt files beside it, not articles; name the folder instead")
        return
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadInput(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield BadInput(where, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield BadInput(where, "line has no \"text\" string")
            continue
        if not row["text"].strip():
            yield BadInput(where, "empty \"text\"")
            continue
        bad = _unencodable(row)
        if bad:
            yield BadInput(where, f"\"{bad}\" holds an unpaired surrogate escape (\\ud800-\\udfff), not valid Unicode")
            continue
        given_id = _str(row.get("id"))
        yield Article(
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
