"""Inputs that are not articles: FIFOs, devices, sockets, and files or lines
over the stated size limits. Each is skipped with one line naming it; none is
ever opened for reading (a FIFO would wait for a writer, a device may never
end), and the rest of the ingest goes on."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import quotedesk.core.ingest as ingest_mod
from quotedesk.core.ingest import MAX_ARTICLE_CHARS, MAX_LINE_BYTES, collect, read_file
from quotedesk.core.storage import open_db

from conftest import REPO

SAID = 'Mayor Jane Porter said: "The new bridge will connect our neighbourhoods for a century."\n'


def _quotedesk(*args, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, so a hang fails the test instead of
    hanging it, with its address space capped so a runaway read of a device
    fails fast instead of eating the machine's memory."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))

    try:
        return subprocess.run([sys.executable, "-c", "from quotedesk.cli import main; main()", *map(str, args)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, preexec_fn=cap,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"quotedesk {' '.join(map(str, args))} did not finish within {timeout} s")


def _special(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.txt")
        return tmp_path / "pipe.txt"
    if kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind("sock.txt")  # relative: a socket path may hold only about 100 bytes
        return tmp_path / "sock.txt"
    if kind == "link to /dev/zero":
        (tmp_path / "zero.txt").symlink_to("/dev/zero")
        return tmp_path / "zero.txt"
    return Path("/dev/null")


KINDS = {"fifo": "FIFO", "socket": "socket", "link to /dev/zero": "character device", "/dev/null": "character device"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_special_file_named_alone_is_one_line_and_exit_code_one_without_being_opened(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _special(tmp_path, kind)
    result = _quotedesk("ingest", path, "--db", tmp_path / "x.db", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [f"error: {path}: not a regular file ({KINDS[kind]})"]
    assert result.stdout == ""


@pytest.mark.model
def test_special_files_and_oversized_inputs_are_skipped_and_the_good_articles_go_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    specials = [_special(tmp_path, kind) for kind in sorted(KINDS)]
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "inner.txt")
    (folder / "fine.txt").write_text(SAID.replace("Jane Porter", "Ann Lee"), encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("x" * (MAX_ARTICLE_CHARS + 1), encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    long_line = json.dumps({"text": "y" * MAX_LINE_BYTES})
    feed.write_text("\n".join([json.dumps({"text": SAID.replace("Jane", "Joan")}), long_line,
                               json.dumps({"text": SAID.replace("Jane", "Jean")})]) + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(SAID, encoding="utf-8")

    result = _quotedesk("ingest", *specials, big, feed, tmp_path / "good.txt", folder, "--db", tmp_path / "x.db",
                        cwd=tmp_path, timeout=180)

    assert result.returncode == 0, result.stderr
    kinds = dict(zip(specials, (KINDS[k] for k in sorted(KINDS))))
    assert sorted(result.stderr.splitlines()) == sorted(
        [f"skipped {p}: not a regular file ({kind})" for p, kind in kinds.items()]
        + [f"skipped {folder / 'inner.txt'}: not a regular file (FIFO)",
           f"skipped {big}: {MAX_ARTICLE_CHARS + 1:,} characters, over the {MAX_ARTICLE_CHARS:,}-character "
           "limit for one article",
           f"skipped {feed}:2: line of {len(long_line):,} bytes, over the {MAX_LINE_BYTES:,}-byte limit for one line"]
    )
    assert result.stdout.startswith("4 article(s) added, 0 unchanged, ")
    assert result.stdout.rstrip().endswith("; 7 input(s) skipped, named above")
    db = open_db(tmp_path / "x.db")
    assert {r["file"] for r in db.query("SELECT file FROM articles")} == {
        "good.txt", "fine.txt", "feed.jsonl:1", "feed.jsonl:3"}


# --- in process: what collect and read_file say --------------------------------------


def test_collect_names_a_fifo_in_a_folder_and_a_link_to_a_device_without_opening_them(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "zero.html").symlink_to("/dev/zero")
    (tmp_path / "not-an-article").symlink_to("/dev/zero")  # no article suffix: not looked at
    (tmp_path / "a.txt").write_text(SAID, encoding="utf-8")
    files, problems = collect([tmp_path])
    assert files == [tmp_path / "a.txt"]
    assert sorted(map(str, problems)) == [f"{tmp_path / 'pipe.jsonl'}: not a regular file (FIFO)",
                                          f"{tmp_path / 'zero.html'}: not a regular file (character device)"]


def test_read_file_refuses_a_fifo_at_once(tmp_path):
    """The path changed since collect (or read_file was called directly)."""
    import threading

    os.mkfifo(tmp_path / "pipe.txt")
    got = []
    reader = threading.Thread(target=lambda: got.extend(read_file(tmp_path / "pipe.txt")), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # blocked in open(): let it go before failing
        os.close(os.open(tmp_path / "pipe.txt", os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read_file waited on a FIFO")
    assert [str(p) for p in got] == [f"{tmp_path / 'pipe.txt'}: not a regular file (FIFO)"]


def _lines_read(path: Path) -> list[str]:
    return [f"{item.source.rsplit(':', 1)[-1]} {item.problem}" if not hasattr(item, "text")
            else f"{item.source.rsplit(':', 1)[-1]} {item.text}" for item in read_file(path)]


def test_a_jsonl_line_over_the_limit_is_skipped_unread_and_the_lines_after_keep_their_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_LINE_BYTES", 40)
    line = lambda text: json.dumps({"text": text}).encode()  # noqa: E731
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(line("one") + b"\r\n" + line("x" * 60) + b"\n" + line("three") + b"\r"
                     + line("four") + b"\n\n" + line("six") + b"\n" + line("z" * 50))
    assert _lines_read(feed) == [
        "1 one",
        f"2 line of {len(line('x' * 60))} bytes, over the 40-byte limit for one line",
        "3 three", "4 four", "6 six",
        f"7 line of {len(line('z' * 50))} bytes, over the 40-byte limit for one line",
    ]


def test_a_bad_utf8_byte_in_a_jsonl_line_skips_that_line_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    first = json.dumps({"text": "He said hello."}).encode() + b"\n"
    feed.write_bytes(first + b'{"text": "caf\xe9"}\n' + json.dumps({"text": "Fine."}).encode() + b"\n")
    assert _lines_read(feed) == [
        "1 He said hello.",
        f"2 not UTF-8 (bad byte at offset {len(first) + 13}); convert it with iconv first",
        "3 Fine.",
    ]


@pytest.mark.parametrize("content", [b"", b"\n \n\t\n", "\ufeff\n".encode()])
def test_a_jsonl_file_with_no_lines_is_empty(content, tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(content)
    assert [str(p) for p in read_file(tmp_path / "feed.jsonl")] == [f"{tmp_path / 'feed.jsonl'}: empty file"]


def test_a_file_over_the_byte_limit_is_refused_by_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_FILE_BYTES", 1000)
    (tmp_path / "page.html").write_bytes(b"<p>" + b"a" * 1000 + b"</p>")
    (tmp_path / "ok.txt").write_bytes(b"a" * 1000)
    (problem,) = read_file(tmp_path / "page.html")
    assert str(problem) == f"{tmp_path / 'page.html'}: 1,007 bytes, over the 1,000-byte limit for one .txt or .html file"
    (article,) = read_file(tmp_path / "ok.txt")
    assert article.text == "a" * 1000


def test_an_article_over_the_character_limit_is_refused_from_any_format(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_ARTICLE_CHARS", 20)
    (tmp_path / "long.txt").write_text("é" * 21, encoding="utf-8")  # 42 bytes: characters are counted
    (tmp_path / "short.txt").write_text("é" * 20, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "b" * 21}) + "\n", encoding="utf-8")
    limit = "21 characters, over the 20-character limit for one article"
    assert [str(p) for p in read_file(tmp_path / "long.txt")] == [f"{tmp_path / 'long.txt'}: {limit}"]
    assert [str(p) for p in read_file(tmp_path / "feed.jsonl")] == [f"{tmp_path / 'feed.jsonl'}:1: {limit}"]
    (article,) = read_file(tmp_path / "short.txt")
    assert article.text == "é" * 20


def test_an_unreadable_file_is_one_line(tmp_path):
    """As before reading was rewritten: the permission error, in one line.
    Root reads anything, so the check runs in a child that gives up root."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SAID, encoding="utf-8")
    secret.chmod(0)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            os.write(write, "\n".join(str(p) for p in read_file(secret)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        got = fh.read()
    os.waitpid(pid, 0)
    assert got == f"{secret}: cannot read (Permission denied)"
