"""Per-language lexicons: the data files under lexicons/<lang>/*.toml.

Everything that is a fact about a language (reporting verbs and their stance,
boilerplate lines, approximation markers, titles, demonyms) lives in those
files, so that a new language is a data task. `load("fr")["cues"]` is the
parsed `lexicons/fr/cues.toml`; files shared by all languages sit directly in
`lexicons/` (`shared("schemes")`).

Every file is checked at load against its schema, data too:
`lexicons/schema/<kind>.toml` for the files of a language (one schema for
every language), `lexicons/schema/shared/<name>.toml` for the shared ones. An
unknown or misspelt key, a missing required key, a value of the wrong type or
a file with no schema is a LexiconError naming the file and the key path:

    fr/cues.toml: [verbs.dire] unknown key 'frame' (allowed: stance, frames, refused_frames)

so a slip in a lexicon fails at once instead of silently reading as an empty
set. The type language of the schemas is in `depeche.lexicon_schema` and
docs/lexicons.md. Loading (and so checking) happens once per process.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

from .lexicon_schema import LexiconError, Schema, types

__all__ = ["LexiconError", "load", "shared", "available", "languages", "derived", "SCHEMA_DIR"]

T = TypeVar("T")
_derived: dict[tuple[int, str], tuple[dict, Any]] = {}

# The folder of the schemas inside a lexicon root: never a language.
SCHEMA_DIR = "schema"
SHARED_SCHEMA_DIR = "shared"
# Enums and formats every schema may name; not the schema of a lexicon file.
COMMON_TYPES = "types"


def _root(root: str | Path | None):
    """The package's own lexicons, or another folder laid out the same way
    (tests, a user's own lexicons)."""
    return resources.files("depeche") / "lexicons" if root is None else Path(root)


@functools.cache
def load(lang: str, root: str | Path | None = None) -> dict[str, Any]:
    """The lexicons of `lang`, each file checked against its schema; cached,
    so the files are read and checked once per process."""
    folder = _root(root) / lang
    if not available(lang, root):
        raise LexiconError(f"no lexicons for language {lang!r}")
    schemas = _schemas(root)
    out: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            kind = entry.name[:-5]
            where = f"{lang}/{entry.name}"
            out[kind] = _checked(entry, where, schemas.get(kind), schemas)
    return out


@functools.cache
def shared(name: str, root: str | Path | None = None) -> dict[str, Any]:
    """A language-independent table, `lexicons/<name>.toml`, checked against
    `lexicons/schema/shared/<name>.toml`."""
    entry = _root(root) / f"{name}.toml"
    schemas = _shared_schemas(root)
    return _checked(entry, entry.name, schemas.get(name), schemas)


def available(lang: str, root: str | Path | None = None) -> bool:
    return bool(lang) and lang != SCHEMA_DIR and (_root(root) / lang).is_dir()


def languages(root: str | Path | None = None) -> list[str]:
    """Every language with a lexicon folder."""
    return sorted(e.name for e in _root(root).iterdir() if e.is_dir() and available(e.name, root))


def derived(lex: dict, key: str, build: Callable[[dict], T]) -> T:
    """What `build` makes of a lexicon (compiled patterns, sets), made once
    per lexicon object and kept: extractors call this on every document."""
    hit = _derived.get((id(lex), key))
    if hit is None or hit[0] is not lex:
        hit = (lex, build(lex))
        _derived[(id(lex), key)] = hit
    return hit[1]


def _checked(entry, where: str, schema: Schema | None, known: dict[str, Schema]) -> dict[str, Any]:
    if schema is None:
        raise LexiconError(f"{where}: no schema for a lexicon file named {entry.name!r} "
                           f"(known: {', '.join(sorted(known))}); add one under lexicons/{SCHEMA_DIR}/")
    data = _read(entry, where)
    schema.check(data, where)
    return data


@functools.cache
def _schemas(root: str | Path | None) -> dict[str, Schema]:
    return _schema_folder(_schema_root(root), SCHEMA_DIR)


@functools.cache
def _shared_schemas(root: str | Path | None) -> dict[str, Schema]:
    return _schema_folder(_schema_root(root) / SHARED_SCHEMA_DIR, f"{SCHEMA_DIR}/{SHARED_SCHEMA_DIR}")


def _schema_root(root: str | Path | None):
    """A root's own schema folder, else the package's: a test folder holding
    only lexicon files is checked against the shipped schemas."""
    own = _root(root) / SCHEMA_DIR
    return own if own.is_dir() else _root(None) / SCHEMA_DIR


def _schema_folder(folder, name: str) -> dict[str, Schema]:
    out = {}
    if not folder.is_dir():
        return out
    common = _common_types(folder)
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.name != f"{COMMON_TYPES}.toml":
            where = f"{name}/{entry.name}"
            out[entry.name[:-5]] = Schema.parse(_read(entry, where), where, common)
    return out


def _common_types(folder):
    """The enums and formats of schema/types.toml (found from schema/shared/ too)."""
    for base in (folder, folder.parent):
        entry = base / f"{COMMON_TYPES}.toml"
        if entry.is_file():
            where = f"{SCHEMA_DIR}/{entry.name}"
            data = _read(entry, where)
            if set(data) - {"enums", "formats"}:
                raise LexiconError(f"{where}: holds only [enums] and [formats]")
            return types(data, where)
    return {}


def _read(entry, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(f"{where}: no such lexicon file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{where}: {exc}") from exc
