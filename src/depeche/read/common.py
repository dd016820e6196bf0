"""What every reader shares: ids, error records, decoding bytes, bounded streams."""
from __future__ import annotations

import codecs
import datetime as _dt
import email.utils

import re
from typing import IO

from depeche.record import ErrorRecord, content_id  # noqa: F401 - re-exported

STDIN_ORIGIN = "<stdin>"


def error(message: str, origin: str, id: str | None = None) -> ErrorRecord:
    """An error record; without a known id, the id is the origin (stable, readable)."""
    return ErrorRecord(id=id or origin, error=message, origin=origin)


def too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"article too large: more than {limit} bytes (limit {limit})"
    return f"article too large: {size} bytes (limit {limit})"


EMPTY = "empty article"
BINARY = "binary content, not text"
UNKNOWN_ENCODING = "undecodable text: neither UTF-8 nor latin-1/cp1252"


# --- text ------------------------------------------------------------------

def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def normalise_date(value: object) -> str | None:
    """A date given as ISO (date or datetime) or RFC 2822, as YYYY-MM-DD; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", value)
    if m:
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# --- bytes to text -------------------------------------------------------------

# C0 controls other than the whitespace ones, DEL, and the C1 controls
# (what latin-1 makes of the bytes 0x80-0x9f).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MAX_CONTROL_SHARE = 0.02
_MAX_FALLBACK_NON_ASCII_SHARE = 0.3


def _latin1_for_undefined(exc: UnicodeDecodeError) -> tuple[str, int]:
    # the five bytes cp1252 leaves undefined decode as in latin-1
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("depeche-latin1", _latin1_for_undefined)


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


class NotText(ValueError):
    """Bytes that are not text, or text in an encoding that cannot be told."""


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text; raises NotText (with the error message) when they are not text.

    UTF-8 (BOM stripped) first; UTF-16 when it has a BOM; then the encoding the
    document declares (`declared`, e.g. an HTML page's charset); mostly-valid
    UTF-8 with a few broken bytes as UTF-8 with replacement characters;
    otherwise cp1252 (latin-1 with the typographic characters), when the result
    looks like Western text. Line endings are not touched here.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise NotText(BINARY) from None
    if b"\x00" in data:
        raise NotText(BINARY)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _checked(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    if len(_NON_ASCII.findall(replaced)) - bad > bad:
        return _checked(replaced)
    text = _checked(data.decode("cp1252", errors="depeche-latin1"))
    if len(_NON_ASCII.findall(text)) / max(len(text), 1) > _MAX_FALLBACK_NON_ASCII_SHARE:
        # no control characters, but mostly letters latin-1 rarely has: another 8-bit encoding
        raise NotText(UNKNOWN_ENCODING)
    return text


def _checked(text: str) -> str:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText(BINARY)
    return text


def _trim_partial_utf8(head: bytes) -> bytes:
    """A sample cut in the middle of a UTF-8 character, without the cut character."""
    for cut in range(1, min(4, len(head))):
        try:
            head.decode("utf-8")
            return head
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:
                return head
        head = head[:-1]
    return head


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file look like binary data (for unknown extensions)."""
    try:
        decode(_trim_partial_utf8(head))
    except NotText as exc:
        return str(exc) == BINARY
    return False


def stream_codec(sample: bytes) -> tuple[str, str]:
    """(encoding, errors) to decode a whole stream as `decode` would its first bytes."""
    sample = _trim_partial_utf8(sample.removeprefix(codecs.BOM_UTF8))
    replaced = sample.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    if not bad or len(_NON_ASCII.findall(replaced)) - bad > bad:
        return "utf-8", "replace"
    return "cp1252", "depeche-latin1"


# --- streams ---------------------------------------------------------------------

class ByteStream:
    """A binary stream with bytes pushed back in front of it.

    Wraps a binary stream, or a text stream (whose text is read as UTF-8 bytes),
    so that a reader can peek at the start of standard input and hand the
    whole of it on to the reader it chose.
    """

    def __init__(self, raw: IO, prefix: bytes = b""):
        self.raw = raw
        self.prefix = prefix

    def _raw_read(self, n: int) -> bytes:
        data = self.raw.read(n)
        return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else (data or b"")

    def _raw_readline(self, n: int) -> bytes:
        data = self.raw.readline(n)
        return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else (data or b"")

    def read(self, n: int) -> bytes:
        """Up to n bytes (fewer only at the end)."""
        out = self.prefix[:n]
        self.prefix = self.prefix[n:]
        while len(out) < n:
            chunk = self._raw_read(n - len(out))
            if not chunk:
                break
            out += chunk
        return out

    def readline(self, n: int) -> bytes:
        """One line with its newline, at most n bytes of it."""
        if self.prefix:
            i = self.prefix.find(b"\n", 0, n)
            if i >= 0 or len(self.prefix) >= n:
                end = i + 1 if i >= 0 else n
                out, self.prefix = self.prefix[:end], self.prefix[end:]
                return out
            out, self.prefix = self.prefix, b""
            if out.endswith(b"\n"):
                return out
            return out + self._raw_readline(n - len(out))
        return self._raw_readline(n)

    def peek(self, n: int) -> bytes:
        """The next n bytes (fewer at the end), without consuming them."""
        if len(self.prefix) < n:
            self.prefix = self.read(n)
        return self.prefix[:n]

    def first_significant_byte(self, limit: int) -> bytes:
        """The first byte that is not whitespace or a BOM (b"" if none within limit)."""
        size = 64
        while True:
            head = self.peek(size)
            stripped = head.removeprefix(codecs.BOM_UTF8).lstrip()
            if stripped:
                return stripped[:1]
            if len(head) < size or size >= limit:
                return b""
            size *= 4
