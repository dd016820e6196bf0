"""The HTML pages (depeche.serve.pages) over a small real knowledge base:
the story corpus (tests/data/story, see _story.py) and the founding article,
extracted, stored and indexed once for the module. Every check compares the
page with what the store or the record says, not with fixed strings."""
from __future__ import annotations

import html
import random
import re
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import _story
from depeche import store
from depeche.pipeline import process
from depeche.read import iter_articles
from depeche.serve import charts
from depeche.serve.app import create_app
from depeche.serve.markup import Span, highlight
from depeche.store import queries

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_b8d7f4ff9823a7be.txt"
SERVE = ROOT / "src" / "depeche" / "serve"


@pytest.fixture(scope="module")
def seed_record() -> dict:
    rec = next(process(iter_articles([str(SEED)])))
    assert "error" not in rec, rec
    return rec


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, seed_record):
    path = tmp_path_factory.mktemp("pages") / "kb.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, _story.records() + [seed_record], workers=0)
        assert store.reindex(con)
    return path


# --- a small reader of the served HTML ----------------------------------------

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "area", "base", "wbr", "path", "circle",
        "line", "rect"}


class Tree(HTMLParser):
    """Elements with their attributes and text; checks that tags balance."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": []})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1]["tag"] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1]['tag'] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for el in self.stack:
            el["text"].append(data)

    def find(self, **attrs) -> list[dict]:
        out = []
        for el in self.elements:
            if all(el["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(el)
        return out


def parse(text: str) -> Tree:
    t = Tree()
    t.feed(text)
    t.close()
    assert not t.errors, t.errors[:5]
    assert not t.stack, [e["tag"] for e in t.stack]
    return t


def text_of(el: dict) -> str:
    return "".join(el["text"])


def get(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    return r


# --- highlighting ---------------------------------------------------------------

def _strip_tags(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_highlight_overlapping_spans_stay_well_formed():
    """Random overlapping spans over text with characters HTML escapes: the
    markup balances, reads back as the text, and each span's elements hold
    exactly its text."""
    rng = random.Random(7)
    text = "Il a dit <que> 12 000 & « quelques » soldats \"nord-coréens\" sont là ; ' fin."
    for _ in range(200):
        spans = []
        for k in range(rng.randint(1, 7)):
            a = rng.randrange(len(text))
            b = rng.randint(a + 1, len(text))
            spans.append(Span(a, b, rng.choice(["statement", "quantity", "entity", "date", "speaker"]), f"K{k}"))
        markup = highlight(text, spans)
        tree = parse(f"<div>{markup}</div>")
        assert _strip_tags(markup) == text
        for s in spans:
            els = tree.find(data_kind=s.kind, data_key=s.key)
            assert els, s
            assert "".join(text_of(e) for e in els) == text[s.start:s.end]
            assert all(e["attrs"]["data-text"] == text[s.start:s.end] for e in els)
            assert sum(1 for e in els if "data-part" not in e["attrs"]) == 1


# --- pages ----------------------------------------------------------------------

def test_home_counts_the_store(client, con):
    page = get(client, "/").text
    parse(page)
    n = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert f">{n}<" not in page  # counts are formatted, not raw tags
    assert 'action="/search"' in page
    for nav in ('href="/claims"', 'href="/map"', 'href="/docs"'):
        assert nav in page


def test_search_groups_statements_by_speaker(client, con):
    page = get(client, "/search?q=nord-cor%C3%A9ens").text
    tree = parse(page)
    groups = queries.said(con, "nord-coréens")
    assert len(groups) > 3
    sections = tree.find(**{"class": "speaker-group"})
    assert [s["attrs"]["data-speaker"] for s in sections] == [g["speaker"] for g in groups]
    assert [int(s["attrs"]["data-count"]) for s in sections] == [g["count"] for g in groups]
    items = tree.find(data_kind="search-statement")
    assert len(items) == sum(g["count"] for g in groups)
    # Each statement shows its stance as a coloured badge.
    badges = [e for e in tree.elements if "badge" in e["attrs"].get("class", "") and "data-stance" in e["attrs"]]
    stances = {s["stance"] for g in groups for s in g["statements"]}
    assert stances <= {b["attrs"]["data-stance"] for b in badges}
    assert all(f"stance-{b['attrs']['data-stance']}" in b["attrs"]["class"] for b in badges)


def test_search_filters_are_form_fields_and_apply(client, con):
    page = get(client, "/search?q=nord-cor%C3%A9ens&stance=deny").text
    tree = parse(page)
    for name in ("since", "until", "outlet", "stance", "lang"):
        assert any(e["attrs"].get("name") == name for e in tree.elements), name
    items = tree.find(data_kind="search-statement")
    expected = queries.said(con, "nord-coréens", queries.Filters(stance="deny"))
    assert len(items) == sum(g["count"] for g in expected) > 0
    assert {b["attrs"]["data-stance"] for b in tree.elements if b["attrs"].get("data-stance")
            and "badge" in b["attrs"].get("class", "") and b["tag"] == "span"} >= {"deny"}


def test_article_page_highlights_the_records_spans(client, seed_record):
    rec = seed_record
    page = get(client, f"/articles/{rec['id']}").text
    tree = parse(page)
    # Statements: one highlighted span each, its pieces spelling the content.
    for s in rec["statements"]:
        els = tree.find(data_kind="statement", data_key=s["id"])
        assert els, s["id"]
        assert "".join(text_of(e) for e in els) == s["content"]
        assert els[0]["attrs"]["data-stance"] == s["stance"]
        assert f"stance-{s['stance']}" in els[0]["attrs"]["class"]
        # The speaker is marked in the text and named in the side list.
        speaker = tree.find(data_kind="speaker", data_key=s["id"])
        assert speaker, s["id"]
        ref = tree.find(data_kind="statement-ref", data_sid=s["id"])
        assert ref and "→" in text_of(ref[0]) and s["content"] in text_of(ref[0])
    ents = {e["id"]: e for e in rec["entities"]}
    kys = next(s for s in rec["statements"] if any(q["statement"] == s["id"] and q["value"] == 12000
                                                     for q in rec["quantities"]))
    sp = tree.find(data_kind="speaker", data_key=kys["id"])[0]
    assert [sp_start := rec["text"].find(sp["attrs"]["data-text"])] and sp_start >= 0
    assert any(rec["text"][a:b] == sp["attrs"]["data-text"] for a, b in ents[kys["speaker"]]["mentions"])
    # Quantities, exact and vague, and dates.
    qtexts = sorted(text_of(e) for e in tree.find(data_kind="quantity") if "data-part" not in e["attrs"])
    want = sorted(q["text"] for q in rec["quantities"] + rec["vague_quantities"])
    assert sorted(e["attrs"]["data-text"] for e in tree.find(data_kind="quantity")
                  if "data-part" not in e["attrs"]) == want
    assert len(qtexts) == len(want)
    vague = {e["attrs"]["data-text"] for e in tree.find(data_kind="quantity", data_vague="true")}
    assert vague == {q["text"] for q in rec["vague_quantities"]}
    dates = {e["attrs"]["data-text"] for e in tree.find(data_kind="date")}
    assert dates == {d["text"] for d in rec["dates"]}
    mentions = {tuple(m) for e in rec["entities"] for m in e["mentions"]}
    assert len([e for e in tree.find(data_kind="entity") if "data-part" not in e["attrs"]]) == len(mentions)
    # The whole text is there once, in order.
    body = next(e for e in tree.elements if e["attrs"].get("id") == "article-text")
    assert text_of(body) == rec["text"]
    # Removed boilerplate, folded.
    assert re.search(r"<details class=\"removed\">", page)
    removed = [text_of(e) for e in tree.find(data_kind="removed")]
    assert len(removed) == len(rec["removed"])
    for r, shown in zip(rec["removed"], removed):
        assert r["text"] in shown
    assert 'class="legend"' in page


def test_claims_page_marks_disagreements_and_charts_each_claim(client, con):
    page = get(client, "/claims?about=soldats").text
    tree = parse(page)
    res = queries.numbers(con, "soldats")
    assert res["groups"][0]["disagreements"], "the story's sources disagree on the soldiers"
    sections = tree.find(**{"class": "claims-group"})
    assert [s["attrs"]["data-unit"] for s in sections] == [g["unit"] for g in res["groups"]]
    rows = tree.find(data_kind="claim")
    claims = [c for g in res["groups"] for c in g["claims"]]
    assert len(rows) == len(claims)
    assert [r["attrs"]["data-disagrees"] == "true" for r in rows] == [bool(c["disagrees"]) for c in claims]
    assert any(r["attrs"]["data-disagrees"] == "true" for r in rows)
    # The first group's chart: one mark per claim, disagreeing ones marked.
    first = res["groups"][0]
    svg = page[page.index('class="chart claims-chart"'):]
    svg = svg[:svg.index("</svg>")]
    marks = re.findall(r'<g class="mark([^"]*)" data-kind="claim-mark" data-claim="(\d+)"', svg)
    assert len(marks) == len(first["claims"])
    for cls, i in marks:
        assert ("disagrees" in cls) == bool(first["claims"][int(i)]["disagrees"])


def test_entity_page_roles_statements_and_co_mentions(client, con):
    page = get(client, "/entities/Sergiy%20Kyslytsya").text
    tree = parse(page)
    info = queries.entity(con, "Sergiy Kyslytsya")
    assert info["co_mentioned"]
    co = tree.find(data_kind="co-mention")
    assert [text_of(c).split("\n")[0].strip() for c in co] == [f"{e['name']} {e['type']} · {e['articles']}"
                                                               for e in info["co_mentioned"]]
    links = [e["attrs"]["href"] for e in tree.elements if e["tag"] == "a"]
    for e in info["co_mentioned"]:
        assert f"/entities/{e['eid']}" in links
    by = tree.find(data_kind="entity-statement", data_role="by")
    assert len(by) == len(info["statements_by"]) > 0
    assert tree.find(data_role="speaker") and tree.find(data_role="subject")
    assert "<svg" in page  # the timeline
    # The co-mention links lead to entity pages.
    get(client, f"/entities/{info['co_mentioned'][0]['eid']}")


def test_map_draws_known_places(client, con, seed_record):
    page = get(client, "/map").text
    tree = parse(page)
    places = tree.find(data_kind="place")
    assert len(places) > 5
    w = charts.world()
    assert page.count("<path d=") == len(w["countries"])
    rows = con.execute("SELECT name, lat, lon FROM places WHERE name IN ('Pyongyang', 'Koursk') "
                       "AND lat IS NOT NULL").fetchall()
    assert {r[0] for r in rows} == {"Pyongyang", "Koursk"}
    for name, lat, lon in rows:
        hit = [p for p in places if name in p["attrs"]["data-names"].split("|")]
        assert hit, name
        x, y = charts.project(round(lat, 2), round(lon, 2))
        assert f'cx="{x}" cy="{y}"' in page
    # One article's places only.
    page = get(client, f"/map?article={seed_record['id']}").text
    names = {n for p in parse(page).find(data_kind="place") for n in p["attrs"]["data-names"].split("|")}
    assert "Jakarta" in names and "Koursk" in names
    assert "Lloyd Austin" not in names  # a person's nationality is not a place on the map
    get(client, "/map?article=nope", status=404)


def test_unknown_article_and_entity_are_404_pages(client):
    for url in ("/articles/no-such-article", "/entities/Zzyzx%20Qwert"):
        r = get(client, url, status=404)
        assert r.headers["content-type"].startswith("text/html")
        assert "Introuvable" in r.text


def test_no_external_urls(client, seed_record):
    """Nothing a page loads or links to comes from another host."""
    pages = ["/", "/search?q=nord-cor%C3%A9ens", f"/articles/{seed_record['id']}", "/claims?about=soldats",
             "/entities/Sergiy%20Kyslytsya", "/map", "/articles/nope"]
    external = re.compile(r"(?:src|href|action|xlink:href|content)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)
    for url in pages:
        page = client.get(url).text
        assert not external.search(page), (url, external.search(page).group(0))
        assert not re.search(r"https?://", page), url
    for asset in SERVE.glob("static/*"):
        if asset.suffix not in (".css", ".js", ".svg"):
            continue
        body = get(client, f"/static/{asset.name}").text
        for ref in re.findall(r"url\(\s*['\"]?([^)'\"]+)", body) + re.findall(r"@import\s+['\"]([^'\"]+)", body):
            assert not re.match(r"(?:https?:)?//", ref), (asset.name, ref)
        assert "fonts.googleapis" not in body and "cdn" not in body.lower()
        # Only SVG namespace names, which are never fetched.
        assert set(re.findall(r"https?://[^\s\"')]+", body)) <= {"http://www.w3.org/2000/svg"}, asset.name


def test_templates_and_static_are_package_data():
    """A non-editable install carries every template and asset."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["depeche"]
    pkg = ROOT / "src" / "depeche"
    for f in list((SERVE / "templates").rglob("*")) + list((SERVE / "static").rglob("*")):
        if f.is_file():
            rel = f.relative_to(pkg).as_posix()
            assert any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs), rel


# --- bad parameters are HTML error pages, not 500 (issue 12) --------------------

@pytest.mark.parametrize("url, says", [
    ("/search?q=soldats&since=garbage", "garbage"),
    ("/search?q=soldats&until=2024-02-30", "2024-02-30"),
    ("/search?q=soldats&since=20241105", "20241105"),
    ("/search?q=soldats&stance=furious", "furious"),
    ("/search?q=soldats&lang=French", "French"),
    ("/claims?about=soldats&since=2024-02-30", "2024-02-30"),
    ("/claims?about=soldats&until=demain", "demain"),
])
def test_bad_page_parameters_are_422_pages(client, url, says):
    r = get(client, url, status=422)
    assert r.headers["content-type"].startswith("text/html")
    assert "Requête invalide" in r.text and html.escape(says) in r.text
    assert "Traceback" not in r.text


def test_good_dates_still_filter_pages(client):
    get(client, "/search?q=soldats&since=2024-02-29&until=2024-12-31")
    get(client, "/claims?about=soldats&since=2024-10-01")


def test_unknown_page_is_an_html_404_and_the_api_keeps_json(client):
    r = get(client, "/no/such/page", status=404)
    assert r.headers["content-type"].startswith("text/html") and "Introuvable" in r.text
    r = get(client, "/api/no-such-endpoint", status=404)
    assert r.headers["content-type"].startswith("application/json") and r.json()["detail"] == "Not Found"


# --- an article with very many statements is paged (issue 12) ---------------------

def _talkative_record(n: int) -> dict:
    """A record, by hand, of `n` short statements by one speaker."""
    parts, statements = [], []
    pos = 0
    for i in range(n):
        sentence = f"Il a dit que {i} va. "
        c = pos + sentence.index(str(i))
        content = f"{i} va"
        statements.append({"id": f"S{i + 1}", "speaker": None, "speaker_text": "Il", "cue": "a dit",
                           "kind": "indirect", "stance": "assert", "content": content,
                           "span": [c, c + len(content)]})
        parts.append(sentence)
        pos += len(sentence)
    return {"id": "talkative", "lang": "fr", "title": "Bavard", "published": "2024-11-05",
            "source": {"outlet": "AFP", "dateline": None, "author": None, "url": None},
            "text": "".join(parts), "removed": [], "keywords": [], "entities": [], "statements": statements,
            "quantities": [], "vague_quantities": [], "places": [], "dates": [], "events": []}


def test_article_with_10000_statements_is_paged(tmp_path):
    n, per = 10_000, 200  # 200 statements a page
    path = tmp_path / "talk.duckdb"
    with closing(store.connect(str(path))) as c:
        stats = store.ingest(c, [_talkative_record(n)], workers=0)
        assert stats.added == 1, stats.errors
    with TestClient(create_app(str(path))) as client:
        r = get(client, "/articles/talkative")
        assert len(r.content) < 1_000_000, len(r.content)
        listed = re.findall(r'data-kind="statement-ref" data-sid="(S\d+)"', r.text)
        assert listed == [f"S{i}" for i in range(1, per + 1)]
        assert f">{n}</span>" in r.text and 'href="?page=2"' in r.text and 'rel="prev"' not in r.text
        last = n // per
        r = get(client, f"/articles/talkative?page={last}")
        listed = re.findall(r'data-kind="statement-ref" data-sid="(S\d+)"', r.text)
        assert listed == [f"S{i}" for i in range(n - per + 1, n + 1)]
        assert f'href="?page={last - 1}"' in r.text and 'rel="next"' not in r.text
        assert f'data-sid="S{n - per}"' not in r.text  # the previous page's spans are not drawn
        get(client, f"/articles/talkative?page={last + 1}", status=404)
        r = get(client, "/articles/talkative?page=0", status=422)
        assert r.headers["content-type"].startswith("text/html")


# --- colours (issue 16): WCAG AA from the stylesheet itself ------------------------

def _css_vars() -> dict[str, str]:
    css = (SERVE / "static" / "style.css").read_text(encoding="utf-8")
    root = css[css.index(":root {"):css.index("}", css.index(":root {"))]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey AA allows on white


def test_stance_badges_pass_wcag_aa_and_keep_their_own_colours():
    colours = _css_vars()
    stances = {k[3:]: v for k, v in colours.items() if k.startswith("st-")}
    from depeche.serve.pages import STANCES
    assert set(STANCES) <= set(stances)
    for stance, colour in stances.items():
        # Badges are white text on the stance's colour.
        assert contrast(colour, "#ffffff") >= 4.5, (stance, colour, round(contrast(colour, "#ffffff"), 2))
    assert contrast(colours["disagree-ink"], colours["disagree-bg"]) >= 4.5
    # A disagreement is not a denial; an entity's underline is not a stance.
    assert colours["disagree-ink"] != stances["deny"] and colours["disagree-bg"] != stances["deny"]
    entities = {v.lower() for k, v in colours.items() if k.startswith("ent-")}
    assert not entities & {v.lower() for v in stances.values()}
    assert contrast(colours["muted"], colours["bg"]) >= 4.5 and contrast(colours["accent"], colours["bg"]) >= 4.5


def test_entity_statements_about_it_are_those_naming_it_in_their_span(con):
    """browse.entity_statements(about) finds, from the mentions, what
    queries.entity finds by testing every statement: the statements of
    other sources whose span holds a mention of it."""
    from depeche.store import browse

    for name in ("Corée du Nord", "Russie"):
        info = queries.entity(con, name, limit=10_000)
        by = {(s["article_id"], s["sid"]) for s in info["statements_by"]}
        want = {(s["article_id"], s["sid"]) for s in info["statements_about"]} - by
        total, rows = browse.entity_statements(con, info["entity"]["eid"], "about", limit=10_000)
        assert want and total == len(want) == len(rows)
        assert {(r["article_id"], r["sid"]) for r in rows} == want
        days = [r["published"] for r in rows if r["published"] is not None]
        assert days == sorted(days, reverse=True)  # newest first
