"""The HTML pages: search, article, claims, entity, map. Server-rendered
(Jinja2 templates in templates/), every asset from /static: nothing is
fetched from another host, so the pages work offline."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .. import lexicon
from ..store import queries
from ..store.queries import Filters
from . import charts
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


def _filters(since, until, outlet, stance, lang) -> Filters:
    return Filters(since=since or None, until=until or None, outlet=outlet or None, stance=stance or None,
                   lang=lang or None)


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
           lang: str = ""):
    form = {"q": q, "since": since, "until": until, "outlet": outlet, "stance": stance, "lang": lang}
    problems = _form_problems(since, until, stance, lang)
    if problems:
        return error_page(request, 422, problems)
    groups: list[dict] = []
    if q.strip():
        with request.app.state.db.cursor() as cur:
            groups = queries.said(cur, q.strip(), _filters(since, until, outlet, stance, lang))
            _attach_quantities(cur, [s for g in groups for s in g["statements"]])
    total = sum(g["count"] for g in groups)
    return _page(request, "search.html", form=form, groups=groups, total=total, title=f"« {q} »" if q else "Recherche")


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

@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, about: str = "", since: str = "", until: str = "", outlet: str = "", lang: str = ""):
    form = {"about": about, "since": since, "until": until, "outlet": outlet, "lang": lang}
    problems = _form_problems(since, until, lang=lang)
    if problems:
        return error_page(request, 422, problems)
    groups = []
    if about.strip():
        with request.app.state.db.cursor() as cur:
            res = queries.numbers(cur, about.strip(), _filters(since, until, outlet, None, lang))
        for g in res["groups"]:
            _mark_conflicts(g)
            # A chart needs two claims to compare; the first groups (most
            # disagreements) get one.
            g["chart"] = charts.claims_chart(g["claims"]) if len(groups) < 6 and len(g["claims"]) > 1 else None
            groups.append(g)
    return _page(request, "claims.html", form=form, groups=groups, title=f"Chiffres : {about}" if about else "Chiffres")


# --- stories ----------------------------------------------------------------------

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
        info = queries.story(cur, story_id)
    if info is None:
        return _not_found(request, f"le récit « {story_id} »")
    by_date = defaultdict(list)
    for s in info["timeline"]:
        by_date[_day(s["published"]) or "sans date"].append(s)
    for g in info["claims"]:
        _mark_conflicts(g)
        g["sides"] = [(g["claims"][d["claim"]], g["claims"][d["with"]]) for d in g["disagreements"]]
    return _page(request, "story.html", info=info, by_date=dict(by_date), title=info["title"] or story_id)


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
def entity_page(request: Request, name: str):
    with request.app.state.db.cursor() as cur:
        info = queries.entity(cur, name)
        if info is None:
            return _not_found(request, f"l'entité « {name} »")
        mentions = cur.execute(
            "SELECT count(*) FROM mentions m JOIN articles a USING (article_id) "
            "WHERE m.eid IN (SELECT eid FROM entities WHERE eid = ? OR merged_into = ?) AND a.dup_of IS NULL",
            [info["entity"]["eid"], info["entity"]["eid"]]).fetchone()[0]
    by_ids = {(s["article_id"], s["sid"]) for s in info["statements_by"]}
    about = [s for s in info["statements_about"] if (s["article_id"], s["sid"]) not in by_ids]
    items = [{**s, "role": "by", "title": f"{STANCES.get(s['stance'], s['stance'])} : {s['content']}"}
             for s in info["statements_by"]]
    items += [{**s, "role": "about", "title": f"{s['speaker']} : {s['content']}"} for s in about]
    by_date = defaultdict(list)
    for it in sorted(items, key=lambda it: (_day(it["published"]) or "9999", it["article_id"])):
        by_date[_day(it["published"]) or "sans date"].append(it)
    stances = defaultdict(int)
    for s in info["statements_by"]:
        stances[s["stance"]] += 1
    return _page(request, "entity.html", info=info, ent=info["entity"], about=about, by_date=dict(by_date),
                 stances=dict(stances), mentions=mentions,
                 chart=charts.statements_chart(items) if items else None, title=info["entity"]["name"])


# --- map --------------------------------------------------------------------------

@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, article: str = "", q: str = ""):
    cond, args, scope = ["a.dup_of IS NULL", "p.lat IS NOT NULL", "p.lon IS NOT NULL"], [], None
    with request.app.state.db.cursor() as cur:
        if article:
            cond.append("p.article_id = ?")
            args.append(article)
            row = cur.execute("SELECT title FROM articles WHERE article_id = ?", [article]).fetchone()
            if row is None:
                return _not_found(request, f"l'article {article}")
            scope = {"kind": "article", "id": article, "label": row[0] or article}
        elif q.strip():
            groups = queries.said(cur, q.strip(), limit=2000)
            arts = sorted({s["article_id"] for g in groups for s in g["statements"]})
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
                 form={"q": q}, title="Carte")


# --- sources ----------------------------------------------------------------------

@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request):
    from ..watch import health

    with request.app.state.db.cursor() as cur:
        rows = health.table(cur)
    desk = request.app.state.desk
    watching = len(getattr(desk, "urls", ())) if desk is not None else 0
    return _page(request, "sources.html", sources=rows, watching=watching, form={}, title="Sources")
