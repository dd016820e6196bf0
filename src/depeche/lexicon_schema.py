"""The schemas of the lexicon files, and the check of a file against one.

A schema is a TOML file (lexicons/schema/<kind>.toml) with up to four tables:

    [file]      the keys of the lexicon file: key = "type"
    [shapes.X]  the keys of a table of shape X, named in a type as `X`
    [enums]     X = ["a", "b"]: a string that must be one of these
    [formats]   X = "regex": a string that must match this regex whole

A type, as written in a schema:

    str  int  bool  float   a string, an integer (not a bool), true/false, a number
    regex                   a string that compiles as a Python regular expression
    X                       a shape, an enum or a format of this schema
    [T]                     a list of T ("[str]", "[[str]]": a list of lists)
    {T}                     a table with keys of the file's choosing and values T
    {K: T}                  the same, each key an enum or a format K
    T|U                     either
    T?                      (a whole key's type) the key may be left out

Enums and formats used by several schemas (stance, magnitude, country) are
written once, in lexicons/schema/types.toml ([enums] and [formats] only),
and every schema may name them.

Adding a key to a lexicon is one line in its schema: `members = "[str]?"`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Keys written bare in a path; any other key is quoted as TOML quotes it.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_PROBLEMS = 20  # reported at once; more would hide the first


class LexiconError(RuntimeError):
    pass


class _Problem(Exception):
    """One value that does not fit its type, at a key path."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path, self.message = path, message


def path_text(path: tuple) -> str:
    """("verbs", "mettre en garde", "frames") -> 'verbs."mettre en garde".frames';
    a list index as [2]: "line[2].patterns"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            out += ("." if out else "") + key
    return out


def _show(value: Any) -> str:
    """A value as the message quotes it: its kind, and itself when short."""
    kind = {bool: "a bool", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)):
        text = repr(value)
        return f"{kind} ({text[:40] + '...' if len(text) > 40 else text})"
    return kind


# -- types -------------------------------------------------------------------

class _Type:
    """A type of a schema: `check` raises _Problem when a value does not fit."""

    def check(self, value: Any, path: tuple, problems: list) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass
class _Scalar(_Type):
    name: str
    kinds: tuple[type, ...]

    def check(self, value, path, problems):
        # TOML's true is a Python int too: an int field takes no bool.
        if not isinstance(value, self.kinds) or (isinstance(value, bool) and bool not in self.kinds):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")

    def describe(self):
        return {"str": "a string", "int": "an integer", "bool": "a bool (true or false)",
                "float": "a number"}[self.name]


class _Regex(_Type):
    def check(self, value, path, problems):
        if not isinstance(value, str):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        try:
            re.compile(value)
        except re.error as exc:
            raise _Problem(path, f"not a valid regular expression ({exc}): {value!r}") from None

    def describe(self):
        return "a regular expression (string)"


@dataclass
class _Enum(_Type):
    name: str
    values: tuple[str, ...]

    def check(self, value, path, problems):
        if not isinstance(value, str):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        if value not in self.values:
            raise _Problem(path, f"{value!r} {self.why_not()}")

    def why_not(self) -> str:
        return f"is not a {self.name} (one of: {', '.join(map(repr, self.values))})"

    def describe(self):
        return f"a {self.name} (one of: {', '.join(map(repr, self.values))})"


@dataclass
class _Format(_Type):
    name: str
    pattern: re.Pattern

    def check(self, value, path, problems):
        if not isinstance(value, str):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        if not self.pattern.fullmatch(value):
            raise _Problem(path, f"{value!r} {self.why_not()}")

    def why_not(self) -> str:
        return f"is not a {self.name} (a string matching {self.pattern.pattern!r})"

    def describe(self):
        return f"a {self.name} (a string matching {self.pattern.pattern!r})"


@dataclass
class _List(_Type):
    item: _Type

    def check(self, value, path, problems):
        if not isinstance(value, list):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        for i, v in enumerate(value):
            _collect(self.item, v, path + (i,), problems)

    def describe(self):
        return f"a list of {_plural(self.item)}"


@dataclass
class _Table(_Type):
    """A table whose keys the lexicon chooses ("dire", "mettre en garde")."""

    key: _Enum | _Format | None
    value: _Type

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        for k, v in value.items():
            if self.key is not None:
                try:
                    self.key.check(k, path, problems)
                except _Problem:
                    problems.append(_Problem(path, f"key {k!r} {self.key.why_not()}"))
                    continue
            _collect(self.value, v, path + (k,), problems)

    def describe(self):
        keys = f" keyed by {self.key.name}" if self.key is not None else ""
        return f"a table{keys} of {_plural(self.value)}"


@dataclass
class _Field:
    type: _Type
    required: bool


@dataclass
class _Shape(_Type):
    """A table with the given keys, and no others."""

    name: str
    fields: dict[str, _Field] = field(default_factory=dict)

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")
        allowed = ", ".join(self.fields)
        for k, v in value.items():
            f = self.fields.get(k)
            if f is None:
                import difflib  # only on an error: its import costs more than a check

                hint = difflib.get_close_matches(k, self.fields, n=1, cutoff=0.6)
                problems.append(_Problem(path, f"unknown key {k!r} (allowed: {allowed})"
                                         + (f"; did you mean {hint[0]!r}?" if hint else "")))
                continue
            _collect(f.type, v, path + (k,), problems)
        for k, f in self.fields.items():
            if f.required and k not in value:
                problems.append(_Problem(path, f"missing required key {k!r}"))

    def describe(self):
        return f"a table ({self.name}: {', '.join(self.fields)})"


@dataclass
class _Union(_Type):
    options: tuple[_Type, ...]

    def check(self, value, path, problems):
        for t in self.options:
            inner: list = []
            try:
                t.check(value, path, inner)
            except _Problem:
                continue
            if not inner:
                return
        raise _Problem(path, f"expected {self.describe()}, got {_show(value)}")

    def describe(self):
        return " or ".join(t.describe() for t in self.options)


def _plural(t: _Type) -> str:
    """"a list of strings", "a list of frames", "a table of tables (verb: ...)"."""
    if isinstance(t, _Scalar):
        return {"str": "strings", "int": "integers", "bool": "bools", "float": "numbers"}[t.name]
    if isinstance(t, (_Enum, _Format)):
        return f"{t.name}s"
    if isinstance(t, _Shape):
        return f"{t.name} tables ({', '.join(t.fields)})"
    if isinstance(t, _Regex):
        return "regular expressions"
    if isinstance(t, _List):
        return "lists of " + _plural(t.item)
    if isinstance(t, _Table):
        return t.describe().replace("a table", "tables", 1)
    return t.describe()


def _collect(t: _Type, value, path, problems: list) -> None:
    try:
        t.check(value, path, problems)
    except _Problem as p:
        problems.append(p)


_SCALARS = {"str": (str,), "int": (int,), "bool": (bool,), "float": (int, float)}


# -- the schema file ---------------------------------------------------------

class _Parser:
    """A type string -> a _Type, names looked up in the schema's tables."""

    def __init__(self, names: dict[str, _Type], where: str):
        self.names, self.where = names, where

    def parse(self, text: str, at: str) -> _Type:
        self.text, self.pos, self.at = text.replace(" ", ""), 0, at
        t = self._union()
        if self.pos != len(self.text):
            self._fail(f"unexpected {self.text[self.pos]!r}")
        return t

    def _union(self) -> _Type:
        options = [self._single()]
        while self._peek() == "|":
            self.pos += 1
            options.append(self._single())
        return options[0] if len(options) == 1 else _Union(tuple(options))

    def _single(self) -> _Type:
        c = self._peek()
        if c == "[":
            self.pos += 1
            t = _List(self._union())
            self._expect("]")
            return t
        if c == "{":
            self.pos += 1
            first = self._union()
            if self._peek() == ":":
                self.pos += 1
                if not isinstance(first, (_Enum, _Format)):
                    self._fail("the key type of {K: T} must be an enum or a format")
                t = _Table(first, self._union())
            else:
                t = _Table(None, first)
            self._expect("}")
            return t
        m = _NAME.match(self.text, self.pos)
        if m is None:
            self._fail("expected a type")
        self.pos = m.end()
        name = m.group()
        if name in _SCALARS:
            return _Scalar(name, _SCALARS[name])
        if name == "regex":
            return _Regex()
        if name not in self.names:
            self._fail(f"unknown type {name!r} (neither str, int, bool, float, regex nor a shape, "
                       f"enum or format of this schema)")
        return self.names[name]

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _expect(self, c: str) -> None:
        if self._peek() != c:
            self._fail(f"expected {c!r}")
        self.pos += 1

    def _fail(self, message: str):
        raise LexiconError(f"{self.where}: [{self.at}] bad type {self.text!r}: {message}")


class Schema:
    """The schema of one kind of lexicon file."""

    def __init__(self, root: _Shape, where: str):
        self.root, self.where = root, where

    @classmethod
    def parse(cls, data: dict[str, Any], where: str, common: dict[str, _Type] | None = None) -> "Schema":
        """`common`: the enums and formats every schema may name (`types`)."""
        unknown = set(data) - {"file", "shapes", "enums", "formats"}
        if unknown or not isinstance(data.get("file"), dict):
            raise LexiconError(f"{where}: a schema has a [file] table and may have [shapes.*], [enums] "
                               f"and [formats]" + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""))
        names: dict[str, _Type] = dict(common or {})
        for name, t in types(data, where).items():
            if name in names:
                raise LexiconError(f"{where}: {name!r} is already defined for every schema")
            names[name] = t
        shapes = data.get("shapes", {})
        for name in shapes:  # declared first: shapes may name each other
            if name in names:
                raise LexiconError(f"{where}: {name!r} is both a shape and an enum or format")
            names[name] = _Shape(name)
        parser = _Parser(names, where)
        for name, keys in shapes.items():
            _fill(names[name], keys, parser, f"shapes.{name}")
        root = _Shape("file")
        _fill(root, data["file"], parser, "file")
        return cls(root, where)

    def check(self, data: dict[str, Any], where: str) -> None:
        """Raise LexiconError listing every key of `data` that does not fit."""
        problems: list[_Problem] = []
        self.root.check(data, (), problems)
        if problems:
            lines = [f"{where}: [{path_text(p.path)}] {p.message}" if p.path else f"{where}: {p.message}"
                     for p in problems[:_MAX_PROBLEMS]]
            if len(problems) > _MAX_PROBLEMS:
                lines.append(f"{where}: ... and {len(problems) - _MAX_PROBLEMS} more")
            raise LexiconError("\n".join(lines))


def types(data: dict[str, Any], where: str) -> dict[str, _Type]:
    """The [enums] and [formats] of a schema file."""
    names: dict[str, _Type] = {}
    for name, values in data.get("enums", {}).items():
        if not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
            raise LexiconError(f"{where}: [enums.{name}] must be a list of strings")
        names[name] = _Enum(name, tuple(values))
    for name, rx in data.get("formats", {}).items():
        if name in names:
            raise LexiconError(f"{where}: {name!r} is both an enum and a format")
        try:
            names[name] = _Format(name, re.compile(rx))
        except (TypeError, re.error) as exc:
            raise LexiconError(f"{where}: [formats.{name}] not a regular expression: {exc}") from None
    return names


def _fill(shape: _Shape, keys: Any, parser: _Parser, at: str) -> None:
    if not isinstance(keys, dict):
        raise LexiconError(f"{parser.where}: [{at}] must be a table of key = \"type\"")
    for key, text in keys.items():
        if not isinstance(text, str):
            raise LexiconError(f"{parser.where}: [{at}.{key}] a type is a string, got {_show(text)}")
        required = not text.rstrip().endswith("?")
        shape.fields[key] = _Field(parser.parse(text.rstrip().rstrip("?"), f"{at}.{key}"), required)
