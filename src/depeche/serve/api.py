"""The JSON API: search statements, a speaker's statements, numbers and their
disagreements, entity profiles, articles (list, one, post).

Every endpoint reads through store/queries.py, whose SQL is parameterised;
nothing a client sends is formatted into SQL. Endpoints are plain `def`:
FastAPI runs them in its thread pool, each on its own DuckDB cursor, so a
slow query or an extraction does not hold up the event loop.
"""
from __future__ import annotations

import datetime as dt
import enum
import json
import math
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import __version__
from ..store import queries
from ..store.validate import STANCES
from ..text import without_surrogates
from .app import check_token
from .db import ArticleError, WriteRefused

router = APIRouter(tags=["api"])

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # beyond, limit + offset overflows DuckDB's BIGINT in the SQL
ORIGIN = "POST /api/articles"

Stance = enum.Enum("Stance", {s: s for s in sorted(STANCES)}, type=str)


# --- models ------------------------------------------------------------------------

class Filters(BaseModel):
    since: str | None = Field(None, description="articles published on or after (YYYY-MM-DD)")
    until: str | None = Field(None, description="articles published on or before (YYYY-MM-DD)")
    outlet: str | None = Field(None, description="outlet, substring, case-insensitive")
    speaker: str | None = Field(None, description="speaker's name, substring, case-insensitive")
    stance: str | None = None
    lang: str | None = None
    duplicates: bool = Field(False, description="near-duplicate copies of a story counted as sources of their own")


class Statement(BaseModel):
    """An attributed statement: who said what, with which stance, where."""

    article_id: str
    sid: str = Field(description="the statement's id within its article (S1, S2...)")
    speaker_eid: int | None = Field(None, description="the speaker's entity id across the knowledge base")
    speaker_name: str | None = Field(None, description="the speaker's canonical name")
    speaker_text: str | None = Field(None, description="the speaker as the article names them")
    stance: str | None = None
    kind: str | None = Field(None, description="direct, indirect, mixed...")
    cue: str | None = Field(None, description="the reporting verb or phrase")
    content: str | None = None
    conditional: bool | None = Field(None, description="the claim is in the conditional mood")
    start_char: int | None = Field(None, description="offset of the statement in the article's text")
    end_char: int | None = None
    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = Field(None, description="the article's language (in a story's timeline)")
    score: float | None = Field(None, description="relevance (BM25); null for the latest statements")


class SpeakerGroup(BaseModel):
    speaker_eid: int | None
    speaker: str
    count: int
    stances: dict[str, int]
    statements: list[Statement]


class StatementPage(BaseModel):
    query: str
    filters: Filters
    limit: int
    offset: int
    next_offset: int | None = Field(description="the offset of the next page; null on the last page")
    items: list[Statement]
    groups: list[SpeakerGroup] | None = Field(None, description="the page's statements by speaker (group=speaker)")


class Entity(BaseModel):
    eid: int
    name: str
    type: str
    country: str | None = None
    norm: str | None = None
    merged_into: int | None = None


class SpeakerPage(BaseModel):
    entity: Entity
    filters: Filters
    limit: int
    offset: int
    next_offset: int | None
    items: list[Statement]


class Claim(BaseModel):
    model_config = ConfigDict(extra="allow")

    article_id: str
    text: str | None = Field(None, description="the quantity as written")
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: bool | None = None
    vague: bool | None = None
    magnitude: str | None = None
    unit: str | None = None
    unit_key: str | None = None
    source: str | None = Field(None, description="the speaker, else the outlet, else the article")
    published: dt.date | None = None
    interval: list[float] = Field(description="the values the claim allows")
    disagrees: bool = Field(description="cannot hold together with another source's claim")


class Disagreement(BaseModel):
    claim: int = Field(description="index in claims")
    with_: int = Field(alias="with", description="index of the claim it conflicts with most")
    why: str

    model_config = ConfigDict(populate_by_name=True)


class Difference(BaseModel):
    claim: int = Field(description="index in claims")
    with_: int = Field(alias="with", description="index of the claim it differs from")
    kind: Literal["revised", "range", "contradicts"] = Field(
        description="revised: the same source (or one of its country) gives another figure later; range: one "
                    "figure inside the other's interval; contradicts: the same period, intervals that do not meet")
    why: str

    model_config = ConfigDict(populate_by_name=True)


class NumberGroup(BaseModel):
    unit: str = Field(description="what is counted: a concept shared by every language (soldier, dead...), "
                                  "else the counted noun, folded")
    qualifier: str | None = Field(None, description="the country its words name (ISO code): 'nord-coréens' -> KP")
    story: str | None = Field(None, description="the story the claims belong to")
    story_title: str | None = None
    languages: list[str] = Field(default_factory=list, description="languages the claims were reported in")
    claims: list[Claim]
    disagreements: list[Disagreement] = Field(description="the contradictions among the differences")
    differences: list[Difference] = Field(default_factory=list)


class Numbers(BaseModel):
    about: str
    filters: Filters
    groups: list[NumberGroup]


class StorySummary(BaseModel):
    id: str
    title: str | None = None
    first: dt.date | None = Field(None, description="the first article's publication date")
    last: dt.date | None = None
    articles: list[str] = Field(description="its articles' ids, in order of publication (copies included)")
    outlets: list[str]
    languages: list[str]


class Story(StorySummary):
    """A story: its articles, the timeline of its statements, who said what,
    its claims by what they count, with their differences."""

    model_config = ConfigDict(extra="allow")

    items: list[dict[str, Any]] = Field(description="its articles: id, title, date, outlet, language, dup_of")
    timeline: list[Statement] = Field(description="its statements in order of publication (copies left out)")
    speakers: list[SpeakerGroup]
    claims: list[NumberGroup]


class EntityProfile(BaseModel):
    model_config = ConfigDict(extra="allow")

    entity: Entity
    roles: list[str]
    countries: list[str]
    first_seen: dt.date | dt.datetime | None
    last_seen: dt.date | dt.datetime | None
    articles: int = Field(description="articles mentioning it (copies of a story once)")
    names: list[str] = Field(default_factory=list, description="the names it goes by, in every language")
    co_mentioned: list[dict[str, Any]]
    statements_by: list[dict[str, Any]]
    statements_about: list[dict[str, Any]]


class ArticleSummary(BaseModel):
    article_id: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    lang: str | None = None
    url: str | None = None
    dup_of: str | None = Field(None, description="the earlier copy this article repeats")
    ingested_at: dt.datetime | None = None
    statements: int
    entities: int
    quantities: int


class ArticlePage(BaseModel):
    filters: Filters
    limit: int
    offset: int
    next_offset: int | None
    items: list[ArticleSummary]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    articles: int
    statements: int
    writable: bool = Field(description="the server accepts articles (it was started with a token)")


class ArticleIn(BaseModel):
    """An article to extract and store: its text, or an HTML page to take the text from."""

    text: str | None = Field(None, description="the article's body as plain text")
    html: str | None = Field(None, description="an HTML page; its main text and metadata are extracted")
    id: str | None = Field(None, min_length=1, max_length=200,
                           description="the article's id (default: a hash of the text); an existing id is replaced")
    title: str | None = None
    published: str | None = Field(None, description="publication date, ISO (YYYY-MM-DD) or RFC 2822")
    url: str | None = None
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="language (default: detected)")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "demo-1", "published": "2024-11-05", "lang": "fr",
        "text": "Séoul (Yonhap) — Le service de renseignement a déclaré mardi que plus de 10 000 soldats "
                "nord-coréens se trouvaient en Russie."}]})

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from ..read.common import normalise_date

        day = normalise_date(value)
        if day is None:
            raise ValueError("expected a date, ISO (YYYY-MM-DD) or RFC 2822")
        return day

    @model_validator(mode="after")
    def _one_body(self) -> "ArticleIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


# --- parameters --------------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (1 to {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip (the previous page's next_offset)")]


def _day(name: str, value: str | None) -> str | None:
    # The pattern alone lets 2024-02-30 through.
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise RequestValidationError([{"type": "value_error", "loc": ("query", name), "input": value,
                                           "msg": "not a calendar date (YYYY-MM-DD)"}])
    return value


def article_filters(
        since: Annotated[str | None, Query(pattern=DATE, description="published on or after (YYYY-MM-DD)",
                                           examples=["2024-10-01"])] = None,
        until: Annotated[str | None, Query(pattern=DATE, description="published on or before (YYYY-MM-DD)",
                                           examples=["2024-11-30"])] = None,
        outlet: Annotated[str | None, Query(max_length=200, description="outlet (substring, any case)")] = None,
        lang: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$", description="language code (fr, en...)")] = None,
        duplicates: Annotated[bool, Query(description="include near-duplicate copies of a story")] = False,
) -> queries.Filters:
    return queries.Filters(since=_day("since", since), until=_day("until", until), outlet=outlet or None,
                           lang=lang, duplicates=duplicates)


def statement_filters(
        base: Annotated[queries.Filters, Depends(article_filters)],
        stance: Annotated[Stance | None, Query(description="only statements with this stance")] = None,
) -> queries.Filters:
    base.stance = stance.value if stance else None
    return base


def search_filters(
        base: Annotated[queries.Filters, Depends(statement_filters)],
        speaker: Annotated[str | None, Query(max_length=200, description="speaker (substring of the name)")] = None,
) -> queries.Filters:
    base.speaker = speaker or None
    return base


def _or_404(found, detail: str):
    """What a lookup found, or the 404 that names what was looked for."""
    if found is None:
        raise HTTPException(status_code=404, detail=detail)
    return found


def _page(rows: list, limit: int, offset: int) -> tuple[list, int | None]:
    """Rows were fetched one past the page: whether that one exists says if
    there is a next page, without counting every match."""
    return rows[:limit], (offset + limit if len(rows) > limit else None)


# --- endpoints ---------------------------------------------------------------------

@router.get("/health", response_model=Health, summary="Server status",
            description="Whether the server is up, its version, the size of the knowledge base and whether "
                        "it accepts articles.")
def health(request: Request) -> dict:
    db = request.app.state.db
    with db.cursor() as cur:
        totals = queries.totals(cur)
    return {"status": "ok", "version": __version__, "writable": db.writable and bool(request.app.state.token),
            **totals}


@router.get("/statements", response_model=StatementPage, response_model_exclude_unset=True,
            summary="Search statements (who said what)",
            description="Statements whose content or speaker holds every word of `q` (stemmed, accents "
                        "ignored), best match first; with no `q`, the latest statements. Near-duplicate copies "
                        "of a story are left out unless `duplicates=true`. `group=speaker` adds the page's "
                        "statements grouped by speaker, with their stances.")
def search_statements(
        request: Request,
        filters: Annotated[queries.Filters, Depends(search_filters)],
        q: Annotated[str, Query(max_length=500, description="words to look for; empty: the latest statements",
                                examples=["nord-coréens"])] = "",
        limit: Limit = 50,
        offset: Offset = 0,
        group: Annotated[Literal["speaker"] | None, Query(description="also group the page by speaker")] = None,
) -> dict:
    with request.app.state.db.cursor() as cur:
        rows = queries.statements(cur, q, filters, limit=limit + 1, offset=offset)
    items, next_offset = _page(rows, limit, offset)
    out = {"query": q, "filters": asdict(filters), "limit": limit, "offset": offset, "next_offset": next_offset,
           "items": items}
    if group == "speaker":
        out["groups"] = queries.group_by_speaker(items)
    return out


@router.get("/speakers/{name}", response_model=SpeakerPage, response_model_exclude_unset=True,
            summary="A speaker's statements",
            description="Everything a person or organisation said, oldest first. `name` is a name or alias "
                        "(\"Austin\", \"le Pentagone\") or an entity id.",
            responses={404: {"description": "no entity by that name"}})
def speaker_statements(
        request: Request,
        name: str,
        filters: Annotated[queries.Filters, Depends(statement_filters)],
        limit: Limit = 50,
        offset: Offset = 0,
) -> dict:
    with request.app.state.db.cursor() as cur:
        found = _or_404(queries.speaker(cur, name, filters, limit=limit + 1, offset=offset),
                        f"no speaker named {name!r}")
    items, next_offset = _page(found["statements"], limit, offset)
    return {"entity": found["entity"], "filters": asdict(filters), "limit": limit, "offset": offset,
            "next_offset": next_offset, "items": items}


@router.get("/numbers", response_model=Numbers, summary="Numbers about a subject, with disagreements",
            description="Quantities whose sentence, unit or text matches `about`, grouped by story and by what "
                        "they count across languages (soldats nord-coréens = North Korean troops), each claim "
                        "with its source and date. `differences`: revised (the same source, or one of its "
                        "country, later), range (one figure inside another's interval), contradicts (other "
                        "sources, the same week, values that cannot both hold); `disagreements`: the "
                        "contradictions.")
def numbers(
        request: Request,
        about: Annotated[str, Query(min_length=1, max_length=500, description="what the numbers are about",
                                    examples=["soldats nord-coréens"])],
        filters: Annotated[queries.Filters, Depends(search_filters)],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many claims")] = 200,
) -> dict:
    with request.app.state.db.cursor() as cur:
        found = queries.numbers(cur, about, filters, limit=limit)
    return {**found, "filters": asdict(filters)}


@router.get("/stories", response_model=list[StorySummary], summary="Stories",
            description="The articles about one event, grouped across outlets and languages as they are stored; "
                        "the latest story first. Filters keep the stories holding an article they match.")
def list_stories(
        request: Request,
        filters: Annotated[queries.Filters, Depends(article_filters)],
        limit: Limit = 50,
        offset: Offset = 0,
) -> list[dict]:
    with request.app.state.db.cursor() as cur:
        return queries.stories(cur, filters, limit=limit, offset=offset)


@router.get("/stories/{story_id}", response_model=Story, summary="One story",
            description="A story's articles, the timeline of its statements, who said what, and its claims "
                        "grouped by what they count across languages, with their differences.",
            responses={404: {"description": "no story with that id"}})
def get_story(request: Request, story_id: str) -> dict:
    with request.app.state.db.cursor() as cur:
        return _or_404(queries.story(cur, story_id), f"no story with id {story_id!r}")


@router.get("/entities/{name}", response_model=EntityProfile, summary="An entity's profile",
            description="Roles, countries, first and last seen, co-mentioned entities, statements by and "
                        "about a person, organisation or place. `name` is a name, an alias or an entity id.",
            responses={404: {"description": "no entity by that name"}})
def entity_profile(
        request: Request,
        name: str,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many rows per list")] = 50,
) -> dict:
    with request.app.state.db.cursor() as cur:
        return _or_404(queries.entity(cur, name, limit=limit), f"no entity named {name!r}")


@router.get("/articles", response_model=ArticlePage, summary="List articles",
            description="Articles, newest first, with their counts of statements, entities and quantities.")
def list_articles(
        request: Request,
        filters: Annotated[queries.Filters, Depends(article_filters)],
        limit: Limit = 50,
        offset: Offset = 0,
) -> dict:
    with request.app.state.db.cursor() as cur:
        rows = queries.articles(cur, filters, limit=limit + 1, offset=offset)
    items, next_offset = _page(rows, limit, offset)
    return {"filters": asdict(filters), "limit": limit, "offset": offset, "next_offset": next_offset,
            "items": items}


@router.get("/articles/{article_id}", response_model=dict[str, Any], summary="One article, as stored",
            description="The article's row (text, outlet, dates...) and its rows in every table: "
                        "article_entities, mentions, statements, quantities, places, dates, events.",
            responses={404: {"description": "no article with that id"}})
def get_article(request: Request, article_id: str) -> dict:
    with request.app.state.db.cursor() as cur:
        found = _or_404(queries.article(cur, article_id), f"no article with id {article_id!r}")
    if isinstance(found.get("removed"), str):  # a JSON column comes back as its text
        found["removed"] = json.loads(found["removed"])
    return found


@router.post("/articles", status_code=201, response_model=dict[str, Any], summary="Add an article",
             description="Extract an article (plain text, or an HTML page) and store it; returns its record "
                         "(spec/RECORD.md). Needs `Authorization: Bearer TOKEN`; a server started without a "
                         "token refuses (403). An article with an existing id replaces it.",
             dependencies=[Depends(check_token)],
             responses={401: {"description": "missing or wrong token"},
                        403: {"description": "the server is read-only"},
                        413: {"description": "request body too large"},
                        422: {"description": "invalid body, or an article that cannot be extracted"}})
def post_article(request: Request, response: Response, body: ArticleIn) -> dict:
    from ..record import ErrorRecord

    article = _article(body, request.app.state.max_body)
    if isinstance(article, ErrorRecord):
        raise HTTPException(status_code=422, detail=article.error)
    try:
        record = request.app.state.db.add_article(article)
    except WriteRefused as exc:
        raise HTTPException(status_code=403, detail=str(exc))
    except ArticleError as exc:
        raise HTTPException(status_code=422, detail=str(exc))
    response.headers["Location"] = f"/api/articles/{record['id']}"
    return record


def _article(body: ArticleIn, max_body: int):
    """The Article a posted body stands for, or an ErrorRecord saying why none."""
    from ..read.html import read_html
    from ..read.jsonl import article_from_object
    from ..record import ErrorRecord

    given = {k: v for k, v in body.model_dump(exclude={"text", "html"}).items() if v is not None}
    if body.html is not None:
        article = read_html(body.html, ORIGIN)
        if not isinstance(article, ErrorRecord):
            for k, v in given.items():
                setattr(article, k, v)
        return article
    return article_from_object({"text": body.text, **given}, ORIGIN, max_body)


# --- batches (depeche ingest --server) and the watcher ------------------------------

MAX_BATCH = 1000


class ItemError(BaseModel):
    index: int = Field(description="the item's place in the posted list, from 0")
    id: str | None = None
    error: str


class BatchResult(BaseModel):
    added: int
    updated: int
    unchanged: int
    rejected: int = Field(description="items not stored; each has its entry in `errors`")
    duplicates: int = Field(description="near-duplicates of stored articles, linked to them")
    errors: list[ItemError]


_WRITE_ERRORS = {401: {"description": "missing or wrong token"}, 403: {"description": "the server is read-only"},
                 413: {"description": "request body too large"}, 422: {"description": "not a list"}}


def _batch_result(stats, errors: list[dict], ids: dict[str, int]) -> dict:
    """The answer to a batch: the items refused before storing (`errors`) and
    those the store refused, told by their index (`ids`: item id -> index)."""
    errors = errors + [{"index": ids.get(str(who), -1), "id": str(who), "error": why} for who, why in stats.errors]
    errors.sort(key=lambda e: e["index"])
    return {"added": stats.added, "updated": stats.updated, "unchanged": stats.unchanged,
            "rejected": len(errors), "duplicates": stats.duplicates, "errors": errors}


def _write(request: Request, method: str, items: list):
    """Store through the server's one writer; a server that may not write says so (403)."""
    try:
        return getattr(request.app.state.db, method)(items)
    except WriteRefused as exc:
        raise HTTPException(status_code=403, detail=str(exc))


@router.post("/records", response_model=BatchResult, summary="Store extracted records, in a batch",
             description=f"Records as `depeche extract` writes them (spec/RECORD.md), up to {MAX_BATCH} a "
                         "request. Each is checked on its own: a bad one is listed in `errors` (by its index "
                         "in the list) and the others are stored. Needs `Authorization: Bearer TOKEN`.",
             dependencies=[Depends(check_token)], responses=_WRITE_ERRORS)
def post_records(request: Request, body: Annotated[list[Any], Body(max_length=MAX_BATCH)]) -> dict:
    records, errors, ids = [], [], {}
    for i, item in enumerate(body):
        if not isinstance(item, dict):
            errors.append({"index": i, "id": None, "error": "not a JSON object"})
        elif "error" in item:
            errors.append({"index": i, "id": _id_of(item), "error": f"an error record: {item['error']}"})
        else:
            ids.setdefault(_id_of(item), i)
            records.append(item)
    return _batch_result(_write(request, "add_records", records), errors, ids)


@router.post("/articles/batch", response_model=BatchResult, summary="Add articles, in a batch",
             description=f"Up to {MAX_BATCH} articles (each as `POST /api/articles` takes one), extracted by the "
                         "server and stored. Each is checked on its own: a bad one is listed in `errors` (by its "
                         "index in the list) and the others are stored. Needs `Authorization: Bearer TOKEN`.",
             dependencies=[Depends(check_token)], responses=_WRITE_ERRORS)
def post_articles(request: Request, body: Annotated[list[Any], Body(max_length=MAX_BATCH)]) -> dict:
    from pydantic import ValidationError

    from ..record import ErrorRecord

    articles, where, errors = [], [], []
    for i, item in enumerate(body):
        try:
            article = _article(ArticleIn.model_validate(item), request.app.state.max_body)
        except ValidationError as exc:
            article = ErrorRecord(None, "; ".join(_say({**e, "loc": ("body", *e["loc"])}) for e in exc.errors()))
        if isinstance(article, ErrorRecord):
            errors.append({"index": i, "id": _id_of(item), "error": article.error})
        else:
            articles.append(article)
            where.append(i)
    stats, records = _write(request, "add_articles", articles)
    ids = {}
    for i, rec in zip(where, records):
        if "error" in rec:
            errors.append({"index": i, "id": rec.get("id"), "error": rec["error"]})
        else:
            ids.setdefault(str(rec["id"]), i)
    return _batch_result(stats, errors, ids)


def _id_of(item) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value) if value is not None else None


class SourceHealth(BaseModel):
    source: str = Field(description="the source as given (a feed, or a page announcing one)")
    feed: str | None = Field(None, description="the feed it led to")
    status: str = Field(description="ok, not modified, partial (some entries failed) or error (the feed did)")
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    next_poll: dt.datetime | None = None
    errors: int = Field(description="failed polls in a row (each doubles the wait before the next)")
    last_error: str | None = None
    entries: int | None = Field(None, description="entries in the feed at the last successful poll")
    fetched: int = Field(description="new entries taken, all polls")
    stored: int = Field(description="articles stored from them, all polls")


@router.get("/sources", response_model=list[SourceHealth], summary="Watched sources' health",
            description="Each source the server (or `depeche watch` on this base) follows: last poll, last "
                        "success, failures in a row, last error, next poll, entries taken and stored. Failing "
                        "sources first.")
def sources(request: Request) -> list[dict]:
    from ..watch import health

    with request.app.state.db.cursor() as cur:
        return health.table(cur)


# --- errors ------------------------------------------------------------------------

async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 for the API with a sentence a person can read in `detail` (FastAPI
    gives only the list, where a broken JSON body reads "JSON decode error"),
    the list kept in `errors`. Other paths (the pages) get the same sentences as an HTML page."""
    errors = exc.errors()
    if not request.url.path.startswith("/api/"):
        from .pages import error_page

        return error_page(request, 422, [_say(e) for e in errors])
    return JSONResponse(status_code=422, content={"detail": "; ".join(_say(e) for e in errors),
                                                  "errors": _plain(errors)})


def _say(e: dict) -> str:
    loc = [str(x) for x in e.get("loc", ())]
    if e.get("type") == "json_invalid":
        at = f" at character {loc[1]}" if len(loc) > 1 else ""
        why = (e.get("ctx") or {}).get("error", "")
        return f"invalid JSON body{at}: {why}".rstrip(": ")
    where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "request")
    if e.get("type") == "missing":
        return f"{where}: field required" if len(loc) > 1 else "a JSON body is required"
    msg = e.get("msg", "invalid")
    # pydantic prefixes the messages of validators ("Value error, ...").
    msg = msg.removeprefix("Value error, ")
    return f"{where}: {msg}" if where not in ("body", "request") else msg


def _plain(value):
    """The error list as JSON: pydantic puts exceptions in `ctx`."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # ("title": 1e400 is read as inf, which JSON cannot carry)
    if isinstance(value, str):
        return without_surrogates(value)[0]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return without_surrogates(str(value))[0]
