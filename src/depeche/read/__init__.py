"""The input stage: files, directories and standard input to `Article`s.

`iter_articles` yields one item per input article, lazily and in input order:
an `Article` when it could be read, an `ErrorRecord` (id, error, origin) when
not. It never raises for a bad article; the batch goes on.

Inputs, told apart by extension, else by content:
- `.txt` (and any other text file): the whole file is the article body;
- `.json`: one article object, a list of them, or JSON Lines;
  `.jsonl`/`.ndjson`: one object a line (streamed);
- `.html`/`.htm`: main text and metadata by trafilatura;
- `.xml`/`.rss`/`.atom`, or a page that is a feed: one article per entry;
- a directory: every file under it, in sorted order, dotfiles excepted;
- `-`: standard input, sniffed (`{`/`[` JSON, `<` HTML or feed, else text).

Ids: the input's own id when it has one (JSON `id`, feed entry id or link),
else `content_id(text)`. An error record without a known id takes its origin
as id: the path, `path:line` (JSONL), `path#n` (list element, feed entry) or
`<stdin>`, so the same bad input always gets the same id.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from depeche.record import Article, ErrorRecord

from .common import EMPTY, STDIN_ORIGIN, ByteStream, content_id, error, looks_binary, too_large
from .feed import iter_feed, looks_like_feed
from .html import read_html
from .jsonl import iter_json, iter_jsonl
from .text import read_text

__all__ = ["iter_articles", "files", "content_id", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20_000_000

TEXT_SUFFIXES = {".txt", ".text"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

_SNIFF_BYTES = 8192

Item = Article | ErrorRecord


def iter_articles(
    paths: Iterable[str | os.PathLike], stdin: IO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """One Article or ErrorRecord per input article, in input order, lazily."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]  # one path, not its characters
    for path in paths:
        path = os.fsdecode(path)
        if path == "-":
            raw = stdin if stdin is not None else sys.stdin
            raw = getattr(raw, "buffer", raw)  # bytes, whatever the locale's encoding
            yield from _guarded(read_stream(raw, STDIN_ORIGIN, max_bytes), STDIN_ORIGIN)
        elif os.path.isdir(path):
            for file, problem in _walk(path):
                if problem:
                    yield error(problem, file)
                else:
                    yield from _guarded(read_file(file, max_bytes), file)
        elif os.path.exists(path):
            yield from _guarded(read_file(path, max_bytes), path)
        else:
            yield error(f"no such file: {path}", path)


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of one file, chosen by its extension (then its content)."""
    suffix = os.path.splitext(path)[1].lower()
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device: no size, no seeking
            yield from read_stream(f, path, max_bytes)
            return
        if suffix in JSONL_SUFFIXES:
            yield from iter_jsonl(ByteStream(f), path, max_bytes)
            return
        if suffix in JSON_SUFFIXES:
            yield from iter_json(ByteStream(f), path, max_bytes, size=st.st_size)
            return
        if suffix not in KNOWN_SUFFIXES:
            head = f.read(_SNIFF_BYTES)
            f.seek(0)
            if looks_binary(head):
                yield error(f"unsupported file type: {suffix}" if suffix else "binary content, not text", path)
                return
        if st.st_size > max_bytes:
            yield error(too_large(st.st_size, max_bytes), path)
            return
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew since the stat
        yield error(too_large(None, max_bytes), path)
    elif not data.strip():
        yield error(EMPTY, path)
    elif suffix in FEED_SUFFIXES or (suffix in HTML_SUFFIXES and looks_like_feed(data[:_SNIFF_BYTES])):
        yield from iter_feed(data, path)
    elif suffix in HTML_SUFFIXES:
        yield read_html(data, path)
    else:
        yield read_text(data, path)


def read_stream(raw: IO, origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of a stream of unknown kind (standard input), sniffed from its start."""
    stream = ByteStream(raw)
    first = stream.first_significant_byte(max_bytes)
    if first in (b"{", b"["):
        yield from iter_json(stream, origin, max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield error(too_large(None, max_bytes), origin)
    elif not data.strip():
        yield error(EMPTY, origin)
    elif first == b"<" and looks_like_feed(data[:_SNIFF_BYTES]):
        yield from iter_feed(data, origin)
    elif first == b"<":
        yield read_html(data, origin)
    else:
        yield read_text(data, origin)


def files(paths: Iterable[str]) -> Iterator[str]:
    """The files `paths` name, directories walked the way `iter_articles`
    walks them (sorted, hidden files and the folder's README/LICENSE left out)."""
    for p in paths:
        if os.path.isdir(p):
            for path, problem in _walk(p):
                if problem is None:
                    yield path
        else:
            yield p


def count(paths: Iterable[str], budget_s: float = 2.0) -> int | None:
    """How many articles `paths` hold, for a progress bar's ETA: a file is one
    article (a JSON list counts as one: an estimate), a JSONL file one per line. None when counting would take longer
    than `budget_s` seconds (a stream, a huge archive)."""
    import time

    deadline = time.monotonic() + budget_s
    total = 0
    for path in files(paths):
        if path == "-" or time.monotonic() > deadline:
            return None
        suffix = os.path.splitext(path)[1].lower()
        if suffix in JSONL_SUFFIXES:
            try:
                with open(path, "rb") as f:
                    while chunk := f.read(1 << 20):
                        total += chunk.count(b"\n")
                        if time.monotonic() > deadline:
                            return None
            except OSError:
                total += 1
        elif suffix in FEED_SUFFIXES:
            return None  # a feed holds an unknown number of entries
        else:
            total += 1
    return total


def _walk(root: str) -> Iterator[tuple[str, str | None]]:
    """(path, None) for every file under root in sorted order, or (path, problem)."""
    problems: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=problems.append):
        yield from _problems(problems)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not _is_folder_doc(name):
                yield os.path.join(dirpath, name), None
    yield from _problems(problems)


_FOLDER_DOCS = ("readme", "license", "licence", "sources", "changelog")


def _is_folder_doc(name: str) -> bool:
    """A folder's own documentation (README.md, LICENSE, SOURCES.md), not an
    article; named on the command line, it is read like any file."""
    stem, ext = os.path.splitext(name.lower())
    return stem in _FOLDER_DOCS and ext in ("", ".md", ".txt", ".rst")


def _problems(problems: list[OSError]) -> Iterator[tuple[str, str]]:
    for exc in problems:
        yield exc.filename or "?", f"cannot read: {exc.strerror or exc}"
    problems.clear()


def _guarded(items: Iterator[Item], origin: str) -> Iterator[Item]:
    """The items, then one error record if reading failed on the way (never an exception)."""
    try:
        yield from items
    except OSError as exc:
        yield error(f"cannot read: {exc.strerror or exc}", origin)
    except Exception as exc:  # a bug or a library's surprise must not end the batch
        yield error(f"cannot read: {type(exc).__name__}: {exc}", origin)
