"""The article record of spec/RECORD.md, as dataclasses, and its JSON form.

Every offset (`span`, `mentions`) indexes `Record.text`, the cleaned body.
Fields beyond the contract are additions, never renamings.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


def content_id(text: str) -> str:
    """The id of an article that brings none: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Article:
    """One input article, before any processing."""

    text: str
    id: str | None = None
    lang: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    origin: str | None = None  # where it came from (path, path:line), for error messages
    html: str | None = None  # raw HTML when the input was a page, for metadata


@dataclass
class Source:
    outlet: str | None = None
    dateline: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass
class Removed:
    text: str
    reason: str


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    forms: list[str] = field(default_factory=list)  # the name as written, each way (no descriptions)


@dataclass
class Statement:
    id: str
    speaker: str | None
    speaker_text: str | None
    cue: str | None
    kind: str
    stance: str
    content: str
    span: Span
    cue_span: Span | None = None  # the cue's offsets in text
    co_speakers: list[str] = field(default_factory=list)  # "Les États-Unis et la Corée du Sud ont réclamé"
    conditional: bool = False  # content in the conditional mood: an unconfirmed claim
    within: str | None = None  # id of the statement this one is reported inside
    # How the statement was found and its speaker resolved (provenance, for
    # filtering and for measuring each rule): the reported-speech shape
    # ("que", "incise", "marker-initial", "continuation"...) and the speaker
    # sieve ("name", "name-in-phrase", "description", "pronoun"...).
    frame: str | None = None
    speaker_sieve: str | None = None


@dataclass
class Quantity:
    value: float | int | None
    text: str
    span: Span
    unit: str | None = None
    low: float | int | None = None
    high: float | int | None = None
    approx: bool = False
    statement: str | None = None


@dataclass
class VagueQuantity:
    """An amount with no number ("un petit nombre", "des milliers").

    Kept apart from `quantities` so that every item there carries a number;
    `magnitude` orders them ("few" < "some" < "hundreds" < "thousands" ...).
    """

    text: str
    span: Span
    magnitude: str
    unit: str | None = None
    statement: str | None = None


@dataclass
class Place:
    entity: str | None
    name: str
    country: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    # What the place is: "country", "state", "province", "region",
    # "department", "canton", "city", "capital", "landmark", "area" (across
    # countries: no country), "contextual" (a Sénat, a Nord-Est: the
    # article's country), "facility", "building", "street", "unknown".
    feature: str | None = None
    # The country was inferred (from the place the name is attached to, a
    # part of the name, or the article's main country), not looked up:
    # geonameid is then null.
    inferred: bool = False
    # "nationality": the country of a person or an organisation, not a place
    # named in the text.
    of: str | None = None


@dataclass
class Date:
    text: str
    value: str | None
    span: Span
    granularity: str | None = None  # day, week, month, year
    approx: bool = False
    relative: bool = False  # resolved against the publication date ("hier", "en mai")
    end: str | None = None  # the last day of a range ("les 9 et 10 juillet")
    relation: str | None = None  # since, until, before, after ("depuis 1994", "d'ici à 2014")
    mod: str | None = None  # start, end, mid, early, late, or a season ("au début du mois dernier")


@dataclass
class Event:
    type: str
    actors: list[str]
    targets: list[str]
    span: Span
    trigger: str | None = None
    place: str | None = None
    date: str | None = None
    statement: str | None = None  # the statement it was reported in: claimed, not witnessed
    hypothetical: bool = False  # a condition ("si ...") or the conditional mood


@dataclass
class Record:
    id: str
    lang: str
    text: str
    title: str | None = None
    published: str | None = None
    source: Source = field(default_factory=Source)
    removed: list[Removed] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    vague_quantities: list[VagueQuantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[Date] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # A rule that failed on this article (a bug, not bad input): what was lost,
    # so that the rest of the record still stands.
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class ErrorRecord:
    """The one output line of an article that could not be processed."""

    id: str
    error: str
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "error": self.error}
        if self.origin:
            d["origin"] = self.origin
        return d


def _plain(obj: Any) -> Any:
    """Dataclasses to dicts, tuples to lists: the JSON form, the same whether
    or not it went through json. (dataclasses.asdict deep-copies every leaf,
    at a cost the extractor notices.)"""
    if dataclasses.is_dataclass(obj):
        return {name: _plain(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))
