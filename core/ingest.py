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
    """Expand files and folders into the article files to read, in a stable order."""
    files: list[Path] = []
    problems: list[BadInput] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            problems.append(BadInput(str(p), "no such file or folder"))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(BadInput(str(p), "folder holds no .txt, .jsonl or .html files"))
            files.extend(found)
        elif p.suffix.lower() in SUFFIXES:
            files.append(p)
        else:
            problems.append(BadInput(str(p), f"unsupported file type {p.suffix or '(none)'}; use .txt, .jsonl or .html"))
    return files, problems


def read_file(path: Path) -> Iterator[Article | BadInput]:
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield BadInput(str(path), f"cannot read ({exc.strerror})")
        return
    text, problem = _decode(raw)
    if problem:
        yield BadInput(str(path), problem)
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text)
    elif suffix in (".html", ".htm"):
        yield _read_html(path, text)
    else:
        yield _read_txt(path, text)


def _decode(raw: bytes) -> tuple[str, str | None]:
    if not raw.strip():
        return "", "empty file"
    if b"\x00" in raw[:4096]:
        return "", "binary file, not text"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "", f"not UTF-8 (bad byte at offset {exc.start}); convert it with iconv first"
    if text.startswith("\ufeff"):
        text = text[1:]
    # Offsets are into the text as stored; normalise line ends only, so that
    # \r\n files give the same offsets as their \n twins.
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


_manifest_cache: dict[Path, dict[str, dict]] = {}


def _manifest(folder: Path) -> dict[str, dict]:
    if folder not in _manifest_cache:
        entries: dict[str, dict] = {}
        mf = folder / "manifest.jsonl"
        if mf.is_file():
            for line in mf.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(row, dict) and row.get("file"):
                    entries[row["file"]] = row
        _manifest_cache[folder] = entries
    return _manifest_cache[folder]


def _read_txt(path: Path, text: str) -> Article:
    meta = _manifest(path.parent).get(path.name, {})
    return Article(
        file=path.name,
        source=str(path),
        text=text,
        outlet=meta.get("outlet") or path.stem,
        url=meta.get("url"),
        date=meta.get("date"),
        title=meta.get("title"),
    )


def _read_jsonl(path: Path, text: str) -> Iterator[Article | BadInput]:
    if path.name == "manifest.jsonl":
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
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield BadInput(where, "line has no \"text\" string")
            continue
        if not row["text"].strip():
            yield BadInput(where, "empty \"text\"")
            continue
        yield Article(
            file=path.name,
            source=where,
            text=row["text"].replace("\r\n", "\n"),
            outlet=_str(row.get("outlet")),
            url=_str(row.get("url")),
            date=_str(row.get("date")),
            title=_str(row.get("title")),
            given_id=_str(row.get("id")),
        )


def _str(value) -> str | None:
    return None if value is None else str(value)


def _read_html(path: Path, html: str) -> Article | BadInput:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency
        return BadInput(str(path), "HTML support needs trafilatura (pip install trafilatura)")
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        return BadInput(str(path), "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = data.get("text") or ""
    if not body.strip():
        return BadInput(str(path), "no article text found in the HTML")
    meta = _manifest(path.parent).get(path.name, {})
    return Article(
        file=path.name,
        source=str(path),
        text=body,
        outlet=meta.get("outlet") or data.get("sitename") or data.get("hostname") or path.stem,
        url=meta.get("url") or data.get("url"),
        date=meta.get("date") or data.get("date"),
        title=meta.get("title") or data.get("title"),
    )


def read_all(paths: list[str | Path]) -> tuple[list[Path], list[BadInput]]:
    """Validate paths up front; raises only when nothing at all can be read."""
    files, problems = collect(paths)
    if not files and problems:
        raise QuotedeskError("; ".join(str(p) for p in problems))
    return files, problems
