"""JSON articles: one object, a list of objects, or JSON Lines (one object a line).

Everything is streamed: a JSONL file is read line by line and a JSON list
element by element, so neither is ever held whole in memory. A bad line or
element yields an error record for itself and the rest goes on.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

from depeche.record import Article, ErrorRecord

from .common import EMPTY, ByteStream, NotText, content_id, decode, error, normalise_date, normalise_newlines, stream_codec, too_large

MISSING_TEXT = "missing field: text"

# A JSON line or element may be longer than its text (escapes such as \u00e9,
# the other fields), so the raw limit is looser; the text itself is held to
# max_bytes once parsed.
_RAW_FACTOR = 3
_RAW_SLACK = 4096


def raw_limit(max_bytes: int) -> int:
    return _RAW_FACTOR * max_bytes + _RAW_SLACK


_ID_IN_RAW = re.compile(r'"id"\s*:\s*(?:"((?:[^"\\]|\\.){1,200})"|(-?\d{1,30})\b)')


def _recover_id(raw: str) -> str | None:
    """The id of a broken object when its start survived, so its error names it."""
    m = _ID_IN_RAW.search(raw[:4096])
    if not m:
        return None
    if m[2] is not None:
        return m[2]
    try:
        return json.loads(f'"{m[1]}"')
    except ValueError:
        return None


def _invalid(exc: json.JSONDecodeError, line: int | None = None) -> str:
    # json's messages end with " at" or " starting at" before the position it appends
    msg = re.sub(r"\s+(?:starting\s+)?at$", "", exc.msg)
    return f"invalid JSON at line {line if line is not None else exc.lineno}: {msg}"


# --- one object ----------------------------------------------------------------

def article_from_object(obj: object, origin: str, max_bytes: int) -> Article | ErrorRecord:
    """An Article from one parsed JSON value, or the error that says why not."""
    if not isinstance(obj, dict):
        return error(f"not a JSON object: {type(obj).__name__}", origin)
    raw_id = obj.get("id")
    if isinstance(raw_id, str) and raw_id:
        given_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        given_id = str(raw_id)
    elif raw_id is None or raw_id == "":
        given_id = None
    else:
        return error(f"invalid field: id (a {type(raw_id).__name__}, not a string)", origin)
    text = obj.get("text")
    if not isinstance(text, str):
        return error(MISSING_TEXT, origin, given_id)
    if len(text) * 4 > max_bytes:  # cheap check first, exact size only when it may matter
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            return error(too_large(size, max_bytes), origin, given_id)
    text = normalise_newlines(text)
    if not text.strip():
        return error(EMPTY, origin, given_id)
    return Article(
        text=text,
        id=given_id or content_id(text),
        lang=_opt_str(obj.get("lang")),
        title=_opt_str(obj.get("title")),
        published=normalise_date(obj.get("published")),
        url=_opt_str(obj.get("url")),
        origin=origin,
    )


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --- JSON Lines -------------------------------------------------------------------

def _decode_line(raw: bytes) -> str:
    # a line that is not even text is reported as invalid JSON by the parser
    try:
        return decode(raw)
    except NotText:
        return raw.decode("utf-8", errors="replace")


def iter_jsonl(stream: ByteStream, origin: str, max_bytes: int) -> Iterator[Article | ErrorRecord]:
    """One item per non-blank line; origins are "origin:lineno"."""
    limit = raw_limit(max_bytes)
    lineno = 0
    any_line = False
    while True:
        raw = stream.readline(limit + 2)
        if not raw:
            break
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(raw) > limit + 1 or (len(raw) > limit and not raw.endswith(b"\n")):
            # too long to be an article: skip the rest of the line, counting it
            head, size = raw, len(raw)
            while not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
                if not raw:
                    break
                size += len(raw)
            size -= 1 if raw.endswith(b"\n") else 0
            any_line = True
            yield error(too_large(size, max_bytes), where, _recover_id(_decode_line(head[:4096])))
            continue
        line = _decode_line(raw).lstrip("\ufeff").rstrip("\r\n")
        if not line.strip():
            continue
        any_line = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield error(_invalid(exc, lineno), where, _recover_id(line))
            continue
        yield article_from_object(obj, where, max_bytes)
    if not any_line:
        yield error(EMPTY, origin)


# --- JSON documents -------------------------------------------------------------------

def iter_json(stream: ByteStream, origin: str, max_bytes: int, size: int | None = None) -> Iterator[Article | ErrorRecord]:
    """A JSON document: one object, a list of objects, or JSON Lines under a .json name.

    `size` is the file's size when known (for the too-large message).
    """
    first = stream.first_significant_byte(raw_limit(max_bytes))
    if first == b"":
        yield error(EMPTY, origin)
    elif first == b"[":
        yield from _iter_list(stream, origin, max_bytes)
    elif first == b"{" and _starts_json_lines(stream, max_bytes):
        yield from iter_jsonl(stream, origin, max_bytes)
    else:
        yield _read_single(stream, origin, max_bytes, size)


def _starts_json_lines(stream: ByteStream, max_bytes: int) -> bool:
    """Whether the stream holds JSON Lines: its first or second line is a whole object.

    The lines peeked at are left in the stream.
    """
    limit = raw_limit(max_bytes)
    peeked = b""
    found = 0
    try:
        while found < 2:
            raw = stream.readline(limit + 2)
            if not raw:
                return False
            peeked += raw
            if not raw.strip():
                continue
            if not raw.endswith(b"\n"):
                return False  # the last or an over-long line: not enough to tell
            found += 1
            try:
                if isinstance(json.loads(_decode_line(raw).lstrip("\ufeff")), dict):
                    return True
            except json.JSONDecodeError:
                pass
        return False
    finally:
        stream.prefix = peeked + stream.prefix


def _read_single(stream: ByteStream, origin: str, max_bytes: int, size: int | None) -> Article | ErrorRecord:
    limit = raw_limit(max_bytes)
    if size is not None and size > limit:
        return error(too_large(size, max_bytes), origin)  # known from the size: nothing read
    data = stream.read(limit + 1)
    if len(data) > limit:
        return error(too_large(size, max_bytes), origin)
    text = _decode_line(data).lstrip("\ufeff")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return error(_invalid(exc), origin, _recover_id(text))
    return article_from_object(obj, origin, max_bytes)


CHUNK_BYTES = 1 << 20  # how much of a JSON list is decoded at a time

_NON_WS = re.compile(r"[^ \t\r\n]")


class _TextBuffer:
    """Decoded text of a byte stream, read on demand, with its line count kept."""

    def __init__(self, stream: ByteStream):
        self.stream = stream
        self.chunk = chunk = CHUNK_BYTES
        encoding, errors = stream_codec(stream.peek(chunk))
        self.decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
        self.text = ""
        self.pos = 0
        self.line = 1  # line number of text[0]
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(self.chunk)
        more = self.decoder.decode(data, final=not data)
        if not data:
            self.eof = True
        if self.pos:
            self.line += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos:]
            self.pos = 0
        self.text += more
        return bool(data) or bool(more)

    def next_char(self) -> str:
        """The next non-whitespace character ("" at the end), not consumed."""
        while True:
            m = _NON_WS.search(self.text, self.pos)
            if m:
                self.pos = m.start()
                return self.text[self.pos]
            self.pos = len(self.text)
            if not self.fill():
                return ""

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


def _iter_list(stream: ByteStream, origin: str, max_bytes: int) -> Iterator[Article | ErrorRecord]:
    """The elements of a JSON list, one at a time; origins are "origin#n" (1-based)."""
    limit = raw_limit(max_bytes)
    buf = _TextBuffer(stream)
    decoder = json.JSONDecoder()
    buf.next_char()
    if buf.text.startswith("\ufeff", buf.pos):
        buf.pos += 1
        buf.next_char()
    buf.pos += 1  # the "["
    n = 0
    while True:
        c = buf.next_char()
        if c == "]" and n == 0:
            buf.pos += 1
            break
        if c == "":
            if n == 0:
                yield error("invalid JSON: unterminated list", origin)
            return  # a list cut after a whole element: nothing is lost
        n += 1
        where = f"{origin}#{n}"
        while True:
            try:
                obj, end = decoder.raw_decode(buf.text, buf.pos)
                break
            except json.JSONDecodeError as exc:
                line = buf.line + exc.lineno - 1  # before fill() moves the text
                if not buf.eof and len(buf.text) - buf.pos <= limit and buf.fill():
                    continue
                piece = buf.text[buf.pos:]
                if len(piece) > limit:
                    yield error(too_large(None, max_bytes), where, _recover_id(piece))
                else:
                    yield error(_invalid(exc, line), where, _recover_id(piece))
                return  # no way to find where the next element starts
        buf.pos = end
        yield article_from_object(obj, where, max_bytes)
        c = buf.next_char()
        if c == ",":
            buf.pos += 1
        elif c == "]":
            buf.pos += 1
            break
        elif c == "":
            return
        else:
            yield error(f"invalid JSON at line {buf.line_at(buf.pos)}: Expecting ',' delimiter", f"{origin}#{n + 1}")
            return
    if n == 0:
        yield error("no article in JSON list", origin)
    if buf.next_char() != "":
        yield error(f"invalid JSON at line {buf.line_at(buf.pos)}: Extra data after the list", origin)
