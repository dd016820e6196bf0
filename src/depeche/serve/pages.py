"""The HTML pages: search, article, claims, entity, map. Server-rendered
(Jinja2 templates in templates/), every asset from /static: nothing is
fetched from another host, so the pages work offline."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .. import lexicon
from ..store import browse, queries
from ..store.queries import Filters
from . import charts, downloads
from .markup import Span, highlight

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

# The pages are written in French (templates/); the labels they show for
# stances and vague amounts are that language's lexicons/<lang>/labels.toml.
UI_LANG = "fr"
_LABELS = lexicon.load(UI_LANG)["labels"]
STANCES: dict[str, str] = _LABELS["stances"]  # label, shown in badges and the legend
MAGNITUDE_LABELS: dict[str, str] = _LABELS["magnitudes"]
DIFFERENCES: dict[str, str] = _LABELS["differences"]  # revised, range, contradicts -> label


def _number(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and not math.isfinite(v):
        return "∞"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", "\u202f")
    return f"{v:,.2f}".replace(",", "\u202f").rstrip("0").rstrip(".")


def _day(v) -> str:
    return str(v)[:10] if v is not None else ""


templates.env.filters["number"] = _number
templates.env.filters["day"] = _day
templates.env.filters["urlpart"] = lambda s: quote(str(s), safe="")
templates.env.globals["STANCES"] = STANCES
templates.env.globals["MAGNITUDES"] = MAGNITUDE_LABELS
templates.env.globals["DIFFERENCES"] = DIFFERENCES


def _rows(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "404.html", status=404, what=what, title="Introuvable")


def error_page(request: Request, status: int, problems: list[str]) -> HTMLResponse:
    """A page saying what was wrong with the request, for a person (the API
    answers JSON; a browser gets this)."""
    heading = {404: "Introuvable", 422: "Requête invalide"}.get(status, "Erreur")
    return _page(request, "error.html", status=status, heading=heading, problems=problems, title=heading)


_LANG = re.compile(r"[a-z]{2,3}")


def _form_problems(since: str = "", until: str = "", stance: str = "", lang: str = "") -> list[str]:
    """What the API would refuse with 422 in a page's filters (an impossible
    date reached DuckDB and came back as a 500)."""
    problems = []
    for name, value in (("since", since), ("until", until)):
        if value and not _is_day(value):
            problems.append(f"{name} : « {value} » n'est pas une date du calendrier (AAAA-MM-JJ)")
    if stance and stance not in STANCES:
        problems.append(f"stance : « {stance} » inconnue (choisir parmi {', '.join(sorted(STANCES))})")
    if lang and not _LANG.fullmatch(lang):
        problems.append(f"lang : « {lang} » n'est pas un code de langue (fr, en…)")
    return problems


def _is_day(value: str) -> bool:
    # fromisoformat alone takes 20241105 and 2024-W45 as well
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _filters(since, until, outlet, stance, lang, speaker="") -> Filters:
    return Filters(since=since or None, until=until or None, outlet=outlet or None, stance=stance or None,
                   lang=lang or None, speaker=speaker or None)


# --- what every list page shares: pages, sort, downloads, kept filters ----------------

PER_PAGE = 50
PageNo = Annotated[int, Query(ge=1, le=100_000, description="page number, from 1")]
Sort = Literal["relevance", "date"]
Format = Literal["html", "csv", "json"]
KEPT = ("since", "until", "outlet", "lang")  # filters every page takes: links between pages keep them


def _link(request: Request, **changes) -> str:
    """This page's address with some parameters changed (None removes one):
    the filters and the sort stay."""
    params = {k: v for k, v in request.query_params.items()}
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"


def _kept(form: dict) -> str:
    """The filters another page should keep, as `&k=v...` (or "")."""
    kept = urlencode({k: form[k] for k in KEPT if form.get(k)})
    return "&" + kept if kept else ""


def _pager(request: Request, page: int, total: int, per_page: int = PER_PAGE, param: str = "page") -> dict:
    pages = max(1, math.ceil(total / per_page))
    first = (page - 1) * per_page
    return {"page": page, "pages": pages, "total": total, "first": first + 1, "last": min(total, first + per_page),
            "offset": first, "per_page": per_page,
            "prev": _link(request, **{param: page - 1 if page > 2 else None}) if page > 1 else None,
            "next": _link(request, **{param: page + 1}) if page < pages else None}


def _span(key: str, unit: str) -> tuple[str, str]:
    """The first and last day of a histogram bin (a day, or a month YYYY-MM)."""
    if unit == "day":
        return key, key
    first = dt.date.fromisoformat(key + "-01")
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return first.isoformat(), (after - dt.timedelta(days=1)).isoformat()


def _downloads(request: Request) -> dict[str, str]:
    return {fmt: _link(request, format=fmt) for fmt in ("csv", "json")}


def _past_end(request: Request, pager: dict, what: str) -> HTMLResponse | None:
    """A 404 page for a page number past the last, else None."""
    if pager["page"] <= pager["pages"]:
        return None
    n = pager["pages"]
    return _not_found(request, f"la page {pager['page']} {what} ({n} page{'s' if n != 1 else ''})")


def _search_links(request: Request, form: dict) -> dict:
    """What the search page links to: itself with a filter or sort changed
    (back to page 1), a histogram bin's days, other pages keeping the
    filters, the downloads of this page."""
    return {"link": lambda **kw: _link(request, page=None, **kw),
            "span": lambda key, unit: _link(request, page=None, **dict(zip(("since", "until"), _span(key, unit)))),
            "kept": _kept(form), "downloads": _downloads(request)}


# --- search -----------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    with request.app.state.db.cursor() as cur:
        stats = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "statements", "quantities", "entities")}
        recent = _rows(cur.execute(
            "SELECT article_id, title, outlet, published FROM articles WHERE dup_of IS NULL "
            "ORDER BY published DESC NULLS LAST, ingested_at DESC LIMIT 12"))
        for r in recent:
            r["label"] = r["title"] or _first_words(_text(cur, r["article_id"]))
    return _page(request, "home.html", stats=stats, recent=recent, form={}, title="Recherche")


def _text(cur, article_id: str) -> str:
    row = cur.execute("SELECT substr(text, 1, 400) FROM articles WHERE article_id = ?", [article_id]).fetchone()
    return (row[0] or "") if row else ""


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", since: str = "", until: str = "", outlet: str = "", stance: str = "",
           lang: str = "", speaker: str = "", sort: Sort = "relevance", page: PageNo = 1, format: Format = "html"):
    form = {"q": q, "since": since, "until": until, "outlet": outlet, "stance": stance, "lang": lang,
            "speaker": speaker, "sort": sort}
    problems = _form_problems(since, until, stance, lang)
    if problems:
        return error_page(request, 422, problems)
    groups: list[dict] = []
    rows: list[dict] = []
    facets = None
    pager = _pager(request, page, 0)
    # A blank query under a filter (an outlet's statements) lists them all.
    active = bool(q.strip() or since or until or outlet or stance or lang or speaker)
    if active:
        f = _filters(since, until, outlet, stance, lang, speaker)
        with request.app.state.db.cursor() as cur:
            # A download needs no facets: a COUNT is enough to know the page exists.
            facets = browse.facets(cur, q.strip(), f) if format == "html" else None
            pager = _pager(request, page, facets["total"] if facets else browse.count(cur, q.strip(), f))
            if (gone := _past_end(request, pager, f"des déclarations sur « {q} »")) is not None:
                return gone
            rows = browse.page(cur, q.strip(), f, sort, PER_PAGE, pager["offset"])
            if format != "html":
                return downloads.respond([downloads.statement_row(r) for r in rows], downloads.STATEMENT_FIELDS,
                                         format, f"search-{q}-{page}")
            _attach_quantities(cur, rows)
        groups = queries.group_by_speaker(rows) if sort == "relevance" else []
    return _page(request, "search.html", form=form, active=active, groups=groups, rows=rows, total=pager["total"],
                 pager=pager, facets=facets, title=f"« {q} »" if q else "Recherche", **_search_links(request, form))


def _attach_quantities(cur, statements: list[dict]) -> None:
    """Each statement's numbers (quantities reported in it), for display."""
    for s in statements:
        s["quantities"] = []
    arts = sorted({s["article_id"] for s in statements})
    if not arts:
        return
    rows = _rows(cur.execute(
        "SELECT article_id, sid, text, value, vague, magnitude, start_char FROM quantities "
        "WHERE article_id IN (SELECT unnest(?)) AND sid IS NOT NULL ORDER BY start_char", [arts]))
    by = defaultdict(list)
    for r in rows:
        by[(r["article_id"], r["sid"])].append(r)
    for s in statements:
        s["quantities"] = by.get((s["article_id"], s["sid"]), [])
    untitled = sorted({s["article_id"] for s in statements if not s.get("title")})
    if untitled:
        # An untitled article (plain text posted or read from a .txt) is
        # named by its first sentence, as on its own page.
        heads = dict(cur.execute("SELECT article_id, substr(text, 1, 400) FROM articles "
                                 "WHERE article_id IN (SELECT unnest(?))", [untitled]).fetchall())
        for s in statements:
            if not s.get("title"):
                s["title"] = _first_words(heads.get(s["article_id"]) or "") or None


# --- article ----------------------------------------------------------------------

STATEMENTS_PER_PAGE = 200  # a record of 10,000 statements made a 10 MB page


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1):
    with request.app.state.db.cursor() as cur:
        art = queries.article(cur, article_id)
        if art is None:
            return _not_found(request, f"l'article {article_id}")
        names = {r["eid"]: r["name"] for r in _rows(cur.execute(
            "SELECT eid, name FROM entities WHERE eid IN (SELECT unnest(?))",
            [sorted({e["eid"] for e in art["article_entities"]})]))} if art["article_entities"] else {}
        dup = None
        if art.get("dup_of"):
            dup = cur.execute("SELECT article_id, title FROM articles WHERE article_id = ?",
                              [art["dup_of"]]).fetchone()
    text = art["text"] or ""
    local = {e["local_id"]: e for e in art["article_entities"]}
    statements = sorted(art["statements"], key=lambda s: (s["start_char"] or 0, s["sid"]))
    pages = max(1, math.ceil(len(statements) / STATEMENTS_PER_PAGE))
    if page > pages:
        return _not_found(request, f"la page {page} des déclarations de l'article {article_id} ({pages} pages)")
    total = len(statements)
    first = (page - 1) * STATEMENTS_PER_PAGE
    # Only the page's statements are listed and drawn in the text.
    statements = statements[first:first + STATEMENTS_PER_PAGE]
    quantities = sorted(art["quantities"], key=lambda q: (q["start_char"] or 0))
    spans: list[Span] = []
    for i, m in enumerate(sorted(art["mentions"], key=lambda m: m["start_char"])):
        e = local.get(m["local_id"], {})
        spans.append(Span(m["start_char"], m["end_char"], "entity", f"{m['local_id']}-{i}",
                          classes=f"ent-{(e.get('type') or 'MISC').lower()}",
                          attrs={"data-entity": m["local_id"], "data-eid": m["eid"],
                                 "data-name": names.get(m["eid"], e.get("name") or ""),
                                 "title": f"{names.get(m['eid'], e.get('name') or '')} ({e.get('type') or '?'})"}))
    sids = {}
    for s in statements:
        sids[s["sid"]] = s
        speaker = _speaker_span(s, art["mentions"], text)
        s["speaker_name"] = names.get(s["speaker_eid"]) or s["speaker_text"] or "(inconnu)"
        s["speaker_span"] = speaker
        s["quantities"] = [q for q in quantities if q["sid"] == s["sid"]]
        common = {"data-sid": s["sid"], "data-stance": s["stance"] or "", "data-speaker": s["speaker_name"]}
        if s["start_char"] is not None and s["end_char"] is not None:
            spans.append(Span(s["start_char"], s["end_char"], "statement", s["sid"],
                              classes=f"stance-{s['stance']}",
                              attrs={**common, "title": f"{s['speaker_name']} — {STANCES.get(s['stance'], s['stance'])}"}))
        if speaker:
            spans.append(Span(speaker[0], speaker[1], "speaker", s["sid"], attrs=common))
    for q in quantities:
        spans.append(Span(q["start_char"], q["end_char"], "quantity", f"Q{q['n']}",
                          classes="vague" if q["vague"] else "",
                          attrs={"data-value": "" if q["value"] is None else _number(q["value"]),
                                 "data-vague": "true" if q["vague"] else "false",
                                 "data-unit": q["unit"] or "", "data-sid": q["sid"] or "",
                                 "title": (MAGNITUDE_LABELS.get(q["magnitude"], q["magnitude"] or "")
                                           if q["vague"] else _number(q["value"]))
                                          + (f" {q['unit']}" if q["unit"] else "")}))
    for i, d in enumerate(sorted(art["dates"], key=lambda d: d["start_char"] or 0)):
        if d["start_char"] is None:
            continue
        spans.append(Span(d["start_char"], d["end_char"], "date", f"D{i + 1}",
                          attrs={"data-value": d["value"] or "", "title": d["value"] or "date non résolue"}))
    removed = art.get("removed")
    if isinstance(removed, str):
        removed = json.loads(removed)
    places = [p for p in art["places"] if p["lat"] is not None
              and (local.get(p["local_id"], {}).get("type") in ("LOC", None))]
    entities = sorted(art["article_entities"], key=lambda e: (e["type"] or "", e["name"] or ""))
    return _page(request, "article.html", art=art, body=Markup(highlight(text, spans)), statements=statements,
                 quantities=quantities, dates=art["dates"], removed=removed or [], entities=entities,
                 names=names, places=places, dup=dup, pager={"page": page, "pages": pages, "total": total,
                                                          "first": first + 1},
                 title=art["title"] or _first_words(text))


def _first_words(text: str, limit: int = 90) -> str:
    """A title for an untitled article: its first line that reads as a
    sentence (a dateline such as "Jakarta, CNN Indonésie —" does not)."""
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    line = next((ln for ln in lines if len(ln) > 40), lines[0] if lines else "")
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"


def _speaker_span(s: dict, mentions: list[dict], text: str) -> tuple[int, int] | None:
    """Where the statement's speaker is named: the mention of its entity
    nearest the statement, outside it; else the speaker's words as written
    before it."""
    start, end = s["start_char"], s["end_char"]
    if start is None or end is None:
        return None
    best, best_d = None, None
    if s["speaker_eid"] is not None:
        for m in mentions:
            if m["eid"] != s["speaker_eid"]:
                continue
            if m["end_char"] <= start:
                d = start - m["end_char"]
            elif m["start_char"] >= end:
                d = m["start_char"] - end + 1  # before the statement reads better on a tie
            else:
                continue
            if best_d is None or d < best_d:
                best, best_d = (m["start_char"], m["end_char"]), d
    if best is None and s["speaker_text"]:
        i = text.rfind(s["speaker_text"], 0, start)
        if i < 0:
            i = text.find(s["speaker_text"], end)
        if i >= 0:
            best = (i, i + len(s["speaker_text"]))
    return best


# --- claims -----------------------------------------------------------------------

CLAIMS_PER_PAGE = 500  # disagreements are found among the claims of one page


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, about: str = "", since: str = "", until: str = "", outlet: str = "", lang: str = "",
           page: PageNo = 1, format: Format = "html"):
    form = {"about": about, "since": since, "until": until, "outlet": outlet, "lang": lang}
    problems = _form_problems(since, until, lang=lang)
    if problems:
        return error_page(request, 422, problems)
    groups = []
    pager = _pager(request, page, 0, CLAIMS_PER_PAGE)
    if about.strip():
        f = _filters(since, until, outlet, None, lang)
        with request.app.state.db.cursor() as cur:
            pager = _pager(request, page, browse.count_claims(cur, about.strip(), f), CLAIMS_PER_PAGE)
            if (gone := _past_end(request, pager, f"des chiffres sur « {about} »")) is not None:
                return gone
            res = queries.numbers(cur, about.strip(), f, CLAIMS_PER_PAGE, pager["offset"])
        if format != "html":
            return downloads.respond([downloads.claim_row(c) for g in res["groups"] for c in g["claims"]],
                                     downloads.CLAIM_FIELDS, format, f"claims-{about}-{page}")
        for g in res["groups"]:
            _mark_conflicts(g)
            g["label"] = _surface(g)
            # A chart needs two claims to compare; the first groups (most
            # disagreements) get one.
            g["chart"] = charts.claims_chart(g["claims"]) if len(groups) < 6 and len(g["claims"]) > 1 else None
            groups.append(g)
    return _page(request, "claims.html", form=form, groups=groups, pager=pager, kept=_kept(form),
                 downloads=_downloads(request), title=f"Chiffres : {about}" if about else "Chiffres")


def _surface(group: dict) -> str:
    """A group's heading: the unit as the sources wrote it most often (the
    group's key is a stem, "soldat" for "soldats", "generau" for "généraux")."""
    written = Counter(c["unit"] for c in group["claims"] if c.get("unit"))
    return written.most_common(1)[0][0] if written else group["unit"]


# --- stories ----------------------------------------------------------------------

STORY_STATEMENTS = 150  # the timeline's first statements: a page, whatever the story's size
SIDES_SHOWN = 10  # contradictions shown side by side in a group (each quotes two sentences)

@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, since: str = "", until: str = "", outlet: str = "", lang: str = "",
                 page: Annotated[int, Query(ge=1, le=1_000_000)] = 1):
    form = {"since": since, "until": until, "outlet": outlet, "lang": lang}
    problems = _form_problems(since, until, lang=lang)
    if problems:
        return error_page(request, 422, problems)
    per_page = 50
    with request.app.state.db.cursor() as cur:
        rows = queries.stories(cur, _filters(since, until, outlet, None, lang), limit=per_page + 1,
                               offset=(page - 1) * per_page)
    return _page(request, "stories.html", form=form, stories=rows[:per_page], page=page,
                 more=len(rows) > per_page, title="Récits")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    with request.app.state.db.cursor() as cur:
        info = queries.story(cur, story_id, limit=STORY_STATEMENTS)
    if info is None:
        return _not_found(request, f"le récit « {story_id} »")
    by_date = defaultdict(list)
    for s in info["timeline"]:
        by_date[_day(s["published"]) or "sans date"].append(s)
    for g in info["claims"]:
        _mark_conflicts(g)
        g["sides"] = [(g["claims"][d["claim"]], g["claims"][d["with"]]) for d in g["disagreements"]]
    return _page(request, "story.html", info=info, by_date=dict(by_date), SIDES_SHOWN=SIDES_SHOWN,
                 title=info["title"] or story_id)


def _mark_conflicts(group: dict) -> None:
    """Each claim's index, its contradiction (`conflict`) and its other
    differences (`differs`), for the claims tables."""
    for i, c in enumerate(group["claims"]):
        c["i"], c["conflict"], c["differs"] = i, None, []
    for d in group["differences"]:
        group["claims"][d["claim"]]["differs"].append(d)
    for d in group["disagreements"]:
        group["claims"][d["claim"]]["conflict"] = d


# --- entities ---------------------------------------------------------------------

@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity_page(request: Request, name: str, page: PageNo = 1, about_page: PageNo = 1, format: Format = "html"):
    with request.app.state.db.cursor() as cur:
        if not name.isdigit():
            # A name several entities answer to ("Kim") is a choice, not a guess.
            found = browse.candidates(cur, name)
            if len(found) > 1:
                return _page(request, "ambiguous.html", asked=name, candidates=found, form={},
                             title=f"« {name} » : plusieurs entités")
            if found:
                name = str(found[0]["eid"])
        info = queries.entity(cur, name)
        if info is None:
            return _not_found(request, f"l'entité « {name} »")
        eid = info["entity"]["eid"]
        mentions = cur.execute(
            "SELECT count(*) FROM mentions m JOIN articles a USING (article_id) "
            "WHERE m.eid IN (SELECT eid FROM entities WHERE eid = ? OR merged_into = ?) AND a.dup_of IS NULL",
            [eid, eid]).fetchone()[0]
        n_by, by = browse.entity_statements(cur, eid, "by", PER_PAGE, (page - 1) * PER_PAGE)
        n_about, about = browse.entity_statements(cur, eid, "about", PER_PAGE, (about_page - 1) * PER_PAGE)
        stances = browse.stance_counts(cur, eid)
    pager = _pager(request, page, n_by)
    about_pager = _pager(request, about_page, n_about, param="about_page")
    if (gone := _past_end(request, pager, "des déclarations de l'entité")
            or _past_end(request, about_pager, "des déclarations sur l'entité")) is not None:
        return gone
    items = [{**s, "role": "by", "speaker": s["speaker_name"] or s["speaker_text"],
              "title": f"{STANCES.get(s['stance'], s['stance'])} : {s['content']}"} for s in by]
    items += [{**s, "role": "about", "speaker": s["speaker_name"] or s["speaker_text"],
               "title": f"{s['speaker_name'] or s['speaker_text']} : {s['content']}"} for s in about]
    if format != "html":
        return downloads.respond([downloads.statement_row(it) for it in items], downloads.STATEMENT_FIELDS + ("role",),
                                 format, f"entity-{info['entity']['name']}-{page}-{about_page}")
    return _page(request, "entity.html", info=info, ent=info["entity"], by=_by_day(items, "by"),
                 about=_by_day(items, "about"), stances=stances, mentions=mentions, pager=pager,
                 about_pager=about_pager, downloads=_downloads(request),
                 chart=charts.statements_chart(items) if items else None, title=info["entity"]["name"])


def _by_day(items: list[dict], role: str) -> dict[str, list[dict]]:
    """A role's statements under their day, newest first (as fetched)."""
    days: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        if it["role"] == role:
            days[_day(it["published"]) or "sans date"].append(it)
    return dict(days)


# --- outlets ----------------------------------------------------------------------

@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request):
    with request.app.state.db.cursor() as cur:
        rows = browse.outlets(cur)
    return _page(request, "outlets.html", outlets=rows, form={}, title="Médias")


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet_page(request: Request, name: str, page: PageNo = 1, format: Format = "html"):
    """Whom an outlet quotes, with which stance, over time."""
    with request.app.state.db.cursor() as cur:
        info = browse.outlet(cur, name)
        if info is None:
            return _not_found(request, f"le média « {name} »")
        pager = _pager(request, page, info["statements"])
        if (gone := _past_end(request, pager, f"des déclarations de {info['outlet']}")) is not None:
            return gone
        rows = browse.outlet_statements(cur, name, PER_PAGE, pager["offset"])
        if format != "html":
            return downloads.respond([downloads.statement_row(r) for r in rows], downloads.STATEMENT_FIELDS,
                                     format, f"outlet-{info['outlet']}-{page}")
        _attach_quantities(cur, rows)
    return _page(request, "outlet.html", info=info, rows=rows, pager=pager, downloads=_downloads(request),
                 form={"outlet": info["outlet"]}, kept=_kept({"outlet": info["outlet"]}), title=info["outlet"])


# --- map --------------------------------------------------------------------------

@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, article: str = "", q: str = "", since: str = "", until: str = "", outlet: str = "",
             lang: str = ""):
    form = {"q": q, "since": since, "until": until, "outlet": outlet, "lang": lang}
    problems = _form_problems(since, until, lang=lang)
    if problems:
        return error_page(request, 422, problems)
    f = _filters(since, until, outlet, None, lang)
    where, wargs = f.sql(st=None)
    cond, args, scope = [where, "p.lat IS NOT NULL", "p.lon IS NOT NULL"], list(wargs), None
    with request.app.state.db.cursor() as cur:
        if article:
            cond.append("p.article_id = ?")
            args.append(article)
            row = cur.execute("SELECT title FROM articles WHERE article_id = ?", [article]).fetchone()
            if row is None:
                return _not_found(request, f"l'article {article}")
            scope = {"kind": "article", "id": article, "label": row[0] or article}
        elif q.strip():
            arts = browse.article_ids(cur, q.strip(), f)
            cond.append("p.article_id IN (SELECT unnest(?))")
            args.append(arts or [""])
            scope = {"kind": "q", "q": q, "articles": len(arts)}
        # Places named in the text (LOC), not the nationality of a person or
        # body, which the record also lists as a place.
        rows = _rows(cur.execute(f"""
            SELECT p.name, p.country, round(p.lat, 2) AS lat, round(p.lon, 2) AS lon,
                   count(*) AS mentions, count(DISTINCT p.article_id) AS articles,
                   list(DISTINCT p.article_id ORDER BY p.article_id)[:5] AS sample
            FROM places p JOIN articles a USING (article_id)
            LEFT JOIN article_entities ae ON ae.article_id = p.article_id AND ae.local_id = p.local_id
            WHERE {' AND '.join(cond)} AND coalesce(ae.type, 'LOC') = 'LOC'
            GROUP BY ALL ORDER BY articles DESC, p.name""", args))
    # Names at one point (a country drawn at its capital) share a circle.
    points: dict[tuple, dict] = {}
    for r in rows:
        p = points.setdefault((r["lat"], r["lon"]), {"lat": r["lat"], "lon": r["lon"], "names": [], "articles": 0,
                                                     "country": r["country"], "sample": []})
        p["names"].append(r["name"])
        p["articles"] = max(p["articles"], r["articles"])
        p["sample"] = sorted(set(p["sample"]) | set(r["sample"]))[:5]
    pts = sorted(points.values(), key=lambda p: -p["articles"])
    most = max([p["articles"] for p in pts] or [1])
    for p in pts:
        p["x"], p["y"] = charts.project(p["lat"], p["lon"])
        p["r"] = round(3 + 9 * math.sqrt(p["articles"] / most), 1)
        p["label"] = ", ".join(p["names"][:3]) + ("…" if len(p["names"]) > 3 else "")
    view = charts.fit(pts)
    k = view["w"] / charts.world()["width"]
    for p in pts:
        p["r"] = round(p["r"] * k, 2)
    charts.map_labels(pts, view, k)
    return _page(request, "map.html", world=charts.world(), points=pts, view=view, k=k, places=rows, scope=scope,
                 form=form, kept=_kept(form), title="Carte")


# --- sources ----------------------------------------------------------------------

@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request):
    from ..watch import health

    with request.app.state.db.cursor() as cur:
        rows = health.table(cur)
    desk = request.app.state.desk
    watching = len(getattr(desk, "urls", ())) if desk is not None else 0
    return _page(request, "sources.html", sources=rows, watching=watching, form={}, title="Sources")
