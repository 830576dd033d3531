"""The verified dataset, as JSONL, CSV, Parquet, a spaCy DocBin or a Hugging
Face dataset folder, each with its dataset card.

Export is what others build on, so each record carries everything needed to
check it against the source: stable ids, the file it came from and character
offsets into the stored text (the records themselves are ``core.dataset``'s).
CSV cells that a spreadsheet would run as a formula (=, +, -, @ first) are
defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Iterator

import sqlite_utils

from . import dataset
from .dataset import QUOTE_SHAPE, SHAPES
from .errors import QuotedeskError
from .storage import database_files, is_same_file, snapshot
from .text_safety import escaped, json_text

FORMATS = ("jsonl", "csv", "parquet", "spacy", "hf")
#: Formats that can go to a stream (stdout); the others need ``-o``.
TEXT_FORMATS = ("jsonl", "csv")


def _paths(shape: dict, path: tuple = ()) -> list[tuple[tuple, bool]]:
    """Each CSV column's path into a record, and whether its value is a list (a JSON cell)."""
    out = []
    for key, t in shape.items():
        if isinstance(t, dict):
            out += _paths(t, (*path, key))
        else:
            out.append(((*path, key), isinstance(t, list)))
    return out


def csv_columns(shape: dict) -> list[str]:
    """CSV columns for a record shape: nested objects as dotted columns, lists as JSON cells."""
    return [".".join(path) for path, _ in _paths(shape)]


#: The quote-level CSV header.
FIELDS = csv_columns(QUOTE_SHAPE)


def _runs(paths: list[tuple[tuple, bool]]) -> list[tuple[tuple, list[str], list[int]]]:
    """The columns as runs that share a parent object: (its path, its keys, which of the run's cells are lists)."""
    runs: list[tuple[tuple, list[str], list[int]]] = []
    for path, is_list in paths:
        parent, key = path[:-1], path[-1]
        if not runs or runs[-1][0] != parent:
            runs.append((parent, [], []))
        if is_list:
            runs[-1][2].append(len(runs[-1][1]))
        runs[-1][1].append(key)
    return runs


def _cells(record: dict, runs) -> list:
    """A record's CSV cells, in column order (``csv_columns``).

    Four and a half million cells in an export of 100,000 quotes: each parent
    object is looked up once a record, and a printable string that cannot
    start a formula is taken as it is without a call."""
    cells = []
    for parent, keys, lists in runs:
        obj = record
        for key in parent:
            obj = obj.get(key) if obj is not None else None
        values = [None] * len(keys) if obj is None else [obj.get(k) for k in keys]
        for k in lists:
            if values[k] is not None:
                values[k] = json_text(values[k]) if values[k] else "[]"
        cells += values
    return [v if v.__class__ is not str or (v.isprintable() and v[:1] not in _CLOSE_LOOK) else safe_cell(v)
            for v in cells]


def records(db: sqlite_utils.Database, status: str = "all", level: str = "quote") -> Iterator[dict]:
    """The records every format is made of (``core.dataset``)."""
    return dataset.records(db, status, level)


def write_jsonl(rows, out: IO[str], shape: dict = QUOTE_SHAPE) -> int:
    n = 0
    for row in rows:
        # Exact text once decoded; no control, bidi or zero-width character raw
        # in the file, which is often looked at with ``cat``.
        out.write(json_text({k: row.get(k) for k in shape}) + "\n")
        n += 1
    return n


_FORMULA_START = frozenset(("=", "+", "-", "@", "\t", "\r", "\n", "|"))
#: A cell that starts with one of these is looked at closely (``safe_cell``): a space may hide one.
_CLOSE_LOOK = _FORMULA_START | {" "}


def safe_cell(value):
    """Keep spreadsheets from running article text as a formula.

    A cell starting (after any spaces) with ``= + - @``, a tab, a line break
    or ``|`` gets a leading apostrophe, as OWASP advises for CSV injection.
    Control, bidi and zero-width characters other than tab and newline become
    visible escapes (``\\x1b``, ``\\u202e``): a CSV file is often looked at
    with ``cat``, and an escape sequence in an article must not reach the
    terminal. JSONL needs neither: its strings decode to the exact text and
    nothing evaluates them.
    """
    if not isinstance(value, str) or not value:
        return value
    if not value.isprintable():  # most cells are: nothing to escape (``escaped`` asks the same first)
        value = escaped(value, keep="\t\n")
    first = value[0] if value[0] != " " else value.lstrip(" ")[:1]
    if first and first in _FORMULA_START:
        return "'" + value
    return value


def write_csv(rows, out: IO[str], shape: dict = QUOTE_SHAPE) -> int:
    writer = csv.writer(out)
    writer.writerow(csv_columns(shape))
    runs = _runs(_paths(shape))
    n = 0
    for row in rows:
        writer.writerow(_cells(row, runs))
        n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def check_options(fmt: str, status: str = "all", level: str = "quote") -> None:
    """Refuse a bad format, status or level (or a pairing of them) before anything is written."""
    if fmt not in FORMATS:
        raise QuotedeskError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    dataset.check_options(status, level)
    if fmt == "spacy" and level != "quote":
        raise QuotedeskError("--format spacy holds articles with their quote spans; use --level quote")


def export(db: sqlite_utils.Database, fmt: str, out: IO[str], status: str = "all", level: str = "quote") -> int:
    """Write a text format (JSONL or CSV) to a stream; returns the number of records."""
    check_options(fmt, status, level)
    if fmt not in WRITERS:
        raise QuotedeskError(f"--format {fmt} writes a file or folder; give one with -o")
    with snapshot(db):
        return WRITERS[fmt](records(db, status, level), out, SHAPES[level])


def to_string(db: sqlite_utils.Database, fmt: str, status: str = "all", level: str = "quote") -> str:
    buf = io.StringIO()
    export(db, fmt, buf, status, level)
    return buf.getvalue()


def card_path(output: Path, fmt: str) -> Path:
    """Where the dataset card of an export to ``output`` goes (inside the folder for ``hf``)."""
    return output / "README.md" if fmt == "hf" else output.with_name(output.name + ".card.md")


def check_output(fmt: str, output: Path, db: sqlite_utils.Database | None = None) -> None:
    """Refuse a place an export cannot go, before anything is read or written.

    An export replaces what is at ``output``; it must never be the database
    itself, its journal files, another SQLite database, or a device.
    """
    if not output.parent.is_dir():
        raise QuotedeskError(f"{output}: folder {output.parent} does not exist")
    if db is not None and any(is_same_file(output, f) for f in database_files(db)):
        raise QuotedeskError(f"{output}: is the database being exported; give another file name")
    if output.exists() and not output.is_dir() and not output.is_file():
        raise QuotedeskError(f"{output}: not a regular file (a device, FIFO or socket); give a file name")
    if output.is_file() and _is_sqlite(output):
        raise QuotedeskError(f"{output}: is a SQLite database; an export never replaces one")
    if fmt == "hf":
        if output.exists() and not output.is_dir():
            raise QuotedeskError(f"{output}: is a file; --format hf writes a folder")
        if output.is_dir() and any(output.iterdir()) and not (output / "README.md").is_file():
            raise QuotedeskError(f"{output}: is a folder of other files; give a new folder or an earlier hf export")
    elif output.is_dir():
        raise QuotedeskError(f"{output}: is a folder; give a file name to write")


def _is_sqlite(path: Path) -> bool:
    # Not this process's database (checked first), so reading it drops no lock of ours.
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def export_to(db: sqlite_utils.Database, fmt: str, output: Path, status: str = "all", level: str = "quote") -> int:
    """Write an export and its dataset card; returns the number of records.

    Everything is written beside the target and renamed into place, so an
    interrupted export never leaves a truncated file (or half a folder)
    where a good one was.
    """
    output = Path(output)
    check_options(fmt, status, level)
    if fmt == "spacy" and status not in ("all", "verified"):
        raise QuotedeskError("--format spacy holds verified quotes only; use --status verified")
    check_output(fmt, output, db)
    with snapshot(db):  # the records and the card read one state of the database
        return _export_to(db, fmt, output, status, level)


def _export_to(db, fmt: str, output: Path, status: str, level: str) -> int:
    from . import card as cards

    shape = SHAPES[level]
    tally = cards.Tally(level)
    rows = tally.watch(records(db, "verified" if fmt == "spacy" else status, level))
    card_of = lambda files: cards.render(db, tally, fmt=fmt, level=level,  # noqa: E731
                                         status="verified" if fmt == "spacy" else status, shape=shape, files=files)
    tmp = output.with_name(output.name + ".part")
    _remove(tmp)
    try:
        if fmt == "hf":
            from .columnar import HF_DATA, write_hf

            n = write_hf(rows, tmp, shape, lambda _n: card_of([HF_DATA]))
            old = output.with_name(output.name + ".old")
            _remove(old)
            if output.exists():
                output.rename(old)
            tmp.rename(output)
            _remove(old)
            return n
        if fmt in WRITERS:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = WRITERS[fmt](rows, fh, shape)
        elif fmt == "parquet":
            from .columnar import write_parquet

            n = write_parquet(rows, tmp, shape)
        else:
            from .docbin import write_docbin

            n = write_docbin(db, rows, tmp)
        card_tmp = card_path(tmp, fmt)
        card_tmp.write_text(card_of([output.name]), encoding="utf-8")
        tmp.replace(output)
        card_tmp.replace(card_path(output, fmt))
        return n
    finally:
        _remove(tmp)
        if fmt != "hf":
            _remove(card_path(tmp, fmt))


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
