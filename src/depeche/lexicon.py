"""Per-language lexicons: the data files under lexicons/<lang>/*.toml.

Everything that is a fact about a language (reporting verbs and their stance,
boilerplate lines, approximation markers, titles, demonyms) lives in those
files, so that a new language is a data task. `load("fr")["cues"]` is the
parsed `lexicons/fr/cues.toml`; files shared by all languages sit directly in
`lexicons/`.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_derived: dict[tuple[int, str], tuple[dict, Any]] = {}


class LexiconError(RuntimeError):
    pass


@functools.cache
def load(lang: str) -> dict[str, Any]:
    root = resources.files("depeche") / "lexicons"
    folder = root / lang
    if not folder.is_dir():
        raise LexiconError(f"no lexicons for language {lang!r}")
    out: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out[entry.name[:-5]] = _read(entry)
    return out


def derived(lex: dict, key: str, build: Callable[[dict], T]) -> T:
    """What `build` makes of a lexicon (compiled patterns, sets), made once
    per lexicon object and kept: extractors call this on every document."""
    hit = _derived.get((id(lex), key))
    if hit is None or hit[0] is not lex:
        hit = (lex, build(lex))
        _derived[(id(lex), key)] = hit
    return hit[1]


def available(lang: str) -> bool:
    return (resources.files("depeche") / "lexicons" / lang).is_dir() and bool(lang)


@functools.cache
def shared(name: str) -> dict[str, Any]:
    """A language-independent table, `lexicons/<name>.toml`."""
    entry = resources.files("depeche") / "lexicons" / f"{name}.toml"
    return _read(entry)


def _read(entry) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{entry.name}: {exc}") from exc
