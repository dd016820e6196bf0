"""The JSON API (depeche.serve.api) through FastAPI's TestClient, on the story
corpus of tests/data/story (see test_store.py): extracted once per process by
tests/_story.py, ingested once per module into a read-only database. Posting
writes to databases of its own (DuckDB will not open one file both read-only
and read-write in a process).
"""
from __future__ import annotations

import datetime
import json
import re
from contextlib import closing, contextmanager

import pytest
from fastapi.testclient import TestClient

import _story
from _story import COPIES, ENGLISH, off_topic
from depeche import __version__, store
from depeche.serve.app import create_app
from depeche.store.validate import STANCES

TOKEN = "s3cret-token"
WIKINEWS = _story.STORY.parent / "wikinews"


@pytest.fixture(scope="module")
def kb(tmp_path_factory, recs):
    path = tmp_path_factory.mktemp("api") / "story.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs, workers=0)
        assert store.reindex(con), "the fts extension did not load"
    return path


@contextmanager
def served(path, **kw):
    app = create_app(str(path), **kw)
    try:
        yield TestClient(app)
    finally:
        app.state.db.close()


@pytest.fixture(scope="module")
def api(kb):
    with served(kb) as client:
        yield client


def peskov(api) -> str:
    """Dmitri Peskov's name in the base: "Dmitry Peskov" when an English
    report of him came first (one entity across languages, names.py)."""
    return get(api, "/api/entities/Dmitri Peskov")["entity"]["name"]


def get(api, url, status=200, **params):
    r = api.get(url, params=params)
    assert r.status_code == status, (url, params, r.status_code, r.text[:500])
    return r.json()


def all_pages(api, url, limit, **params) -> list[dict]:
    items, offset, pages = [], 0, 0
    while offset is not None:
        page = get(api, url, limit=limit, offset=offset, **params)
        assert page["limit"] == limit and page["offset"] == offset
        assert len(page["items"]) <= limit
        items += page["items"]
        offset = page["next_offset"]
        pages += 1
        assert pages < 200
    return items


def speaker_name(rec: dict, st: dict) -> str | None:
    ents = {e["id"]: e["name"] for e in rec["entities"]}
    return ents.get(st["speaker"])


def stored(by_id, item) -> dict:
    """The record statement an API row stands for."""
    [st] = [s for s in by_id[item["article_id"]]["statements"] if s["id"] == item["sid"]]
    return st


# --- health -----------------------------------------------------------------------

def test_health(api, recs):
    h = get(api, "/api/health")
    assert h == {"status": "ok", "version": __version__, "articles": len(recs),
                 "statements": sum(len(r["statements"]) for r in recs), "writable": False}


# --- statements -------------------------------------------------------------------

def test_search_finds_who_said_what(api, by_id):
    page = get(api, "/api/statements", q="nord-coréens")
    assert page["query"] == "nord-coréens"
    items = page["items"]
    assert len(items) >= 10
    for it in items:
        st = stored(by_id, it)
        assert it["content"] == st["content"] and it["stance"] == st["stance"]
        assert it["speaker_text"] == st["speaker_text"]
        assert it["article_id"] not in COPIES and not off_topic(it["article_id"], it["content"], it["speaker_text"])
        assert it["score"] > 0
    scores = [it["score"] for it in items]
    assert scores == sorted(scores, reverse=True)
    austin = [it for it in items if it["speaker_name"] == "Lloyd Austin"]
    assert any("preuves" in it["content"] and it["article_id"] == "s04-reuters" for it in austin), austin
    stances = {it["stance"] for it in items if it["speaker_name"] == peskov(api)}
    assert {"deny", "refuse_confirm"} <= stances
    assert "groups" not in page


def test_search_other_topic(api):
    items = get(api, "/api/statements", q="désinflation")["items"]
    assert items and {it["article_id"] for it in items} == {"x02-reuters-inflation"}
    assert get(api, "/api/statements", q="xylophonistes")["items"] == []


def test_search_pages_follow_next_offset(api):
    whole = get(api, "/api/statements", q="nord-coréens", limit=500)
    assert whole["next_offset"] is None
    paged = all_pages(api, "/api/statements", 4, q="nord-coréens")
    key = lambda it: (it["article_id"], it["sid"])  # noqa: E731
    assert [key(i) for i in paged] == [key(i) for i in whole["items"]]
    assert len(set(map(key, paged))) == len(paged) > 8
    first = get(api, "/api/statements", q="nord-coréens", limit=4)
    assert first["next_offset"] == 4
    beyond = get(api, "/api/statements", q="nord-coréens", limit=4, offset=len(paged))
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_search_filters_narrow(api):
    every = get(api, "/api/statements", q="nord-coréens", limit=500)["items"]
    deny = get(api, "/api/statements", q="nord-coréens", stance="deny", limit=500)
    assert deny["filters"]["stance"] == "deny"
    assert deny["items"] and {i["stance"] for i in deny["items"]} == {"deny"} and len(deny["items"]) < len(every)
    assert {i["speaker_name"] for i in deny["items"]} >= {peskov(api)}

    early = get(api, "/api/statements", q="nord-coréens", until="2024-10-24", limit=500)["items"]
    late = get(api, "/api/statements", q="nord-coréens", since="2024-10-25", limit=500)["items"]
    assert early and late and len(early) + len(late) == len(every)
    assert all(i["published"] <= "2024-10-24" for i in early) and all(i["published"] >= "2024-10-25" for i in late)

    reuters = get(api, "/api/statements", q="nord-coréens", outlet="reuters", limit=500)["items"]
    assert reuters and {i["outlet"] for i in reuters} == {"Reuters"} and len(reuters) < len(every)

    by_peskov = get(api, "/api/statements", q="nord-coréens", speaker="Peskov", limit=500)["items"]
    assert by_peskov and {i["speaker_name"] for i in by_peskov} == {peskov(api)}

    assert len(get(api, "/api/statements", q="nord-coréens", lang="fr", limit=500)["items"]) == len(every)
    assert get(api, "/api/statements", q="nord-coréens", lang="en")["items"] == []

    copies = get(api, "/api/statements", q="nord-coréens", duplicates="true", limit=500)["items"]
    assert {i["article_id"] for i in copies} & set(COPIES) and len(copies) > len(every)


def test_search_grouped_by_speaker(api):
    page = get(api, "/api/statements", q="nord-coréens", group="speaker", limit=500)
    groups = page["groups"]
    assert sum(g["count"] for g in groups) == len(page["items"])
    for g in groups:
        assert g["count"] == len(g["statements"]) == sum(g["stances"].values())
        for s in g["statements"]:
            same = [i for i in page["items"] if (i["article_id"], i["sid"]) == (s["article_id"], s["sid"])]
            assert len(same) == 1 and (same[0]["speaker_name"] or same[0]["speaker_text"]) == g["speaker"]
    group = next(g for g in groups if g["speaker"] == peskov(api))
    assert {"deny", "refuse_confirm"} <= set(group["stances"])


def test_empty_query_lists_latest_statements(api, recs):
    page = get(api, "/api/statements", limit=500)
    items = page["items"]
    originals = [r for r in recs if r["id"] not in COPIES]
    assert len(items) == sum(len(r["statements"]) for r in originals)
    dates = [i["published"] for i in items]
    assert dates == sorted(dates, reverse=True)
    assert all(i["score"] is None for i in items)
    assert items[0]["published"] == max(r["published"] for r in originals if r["statements"])
    since = get(api, "/api/statements", since="2024-11-01", limit=500)["items"]
    assert since and len(since) < len(items) and min(i["published"] for i in since) >= "2024-11-01"


@pytest.mark.parametrize("params, where", [
    ({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"offset": -1}, "offset"), ({"offset": 10**19}, "offset"),
    ({"since": "yesterday"}, "since"), ({"since": "2024-13-01"}, "since"), ({"until": "2024-02-30"}, "until"),
    ({"stance": "shout"}, "stance"), ({"group": "outlet"}, "group"), ({"lang": "FRENCH"}, "lang"),
])
def test_search_refuses_bad_parameters(api, params, where):
    r = api.get("/api/statements", params={"q": "soldats", **params})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"].startswith(f"{where}:"), body
    assert body["errors"][0]["loc"] == ["query", where]


def test_stance_error_lists_the_stances(api):
    detail = api.get("/api/statements", params={"stance": "shout"}).json()["detail"]
    assert all(s in detail for s in STANCES)


# --- speakers ---------------------------------------------------------------------

def test_speaker_statements(api, by_id):
    page = get(api, "/api/speakers/Peskov")
    assert page["entity"]["name"] in ("Dmitri Peskov", "Dmitry Peskov") and page["entity"]["type"] == "PER"
    items = page["items"]
    assert {i["article_id"] for i in items} == {"s02-ria", "s05-afp", "s12-ria", "s18-ria", "e02-reuters-en"}
    for i in items:
        assert i["content"] == stored(by_id, i)["content"]
        assert "speaker_eid" not in i  # one speaker for the page: said once, in entity
    dates = [i["published"] for i in items]
    assert dates == sorted(dates)
    stances = [i["stance"] for i in items]
    assert stances.index("deny") < stances.index("refuse_confirm") < stances.index("not_deny")

    assert all_pages(api, "/api/speakers/Peskov", 2) == items
    assert get(api, "/api/speakers/Peskov", limit=2)["next_offset"] == 2
    by_id_ = get(api, f"/api/speakers/{page['entity']['eid']}")
    assert by_id_["entity"] == page["entity"] and by_id_["items"] == items


def test_speaker_filters(api):
    deny = get(api, "/api/speakers/Dmitri Peskov", stance="deny")["items"]
    assert deny and {i["stance"] for i in deny} == {"deny"}
    nov = get(api, "/api/speakers/Dmitri Peskov", since="2024-11-01")["items"]
    assert nov and {i["article_id"] for i in nov} <= {"s12-ria", "s18-ria", "e02-reuters-en"}


def test_unknown_speaker_is_404(api):
    r = api.get("/api/speakers/Zorglub Quaxiphon")
    assert r.status_code == 404 and "Zorglub Quaxiphon" in r.json()["detail"]


# --- numbers ----------------------------------------------------------------------

def test_numbers_with_disagreements(api):
    res = get(api, "/api/numbers", about="nord-coréens")
    assert res["about"] == "nord-coréens"
    group = next(g for g in res["groups"] if g["unit"] == "soldier" and g["qualifier"] == "KP")
    claims = group["claims"]
    assert len(claims) >= 10 and group["disagreements"]
    for d in group["disagreements"]:
        a, b = claims[d["claim"]], claims[d["with"]]
        assert a["disagrees"] and a["source"] != b["source"]
        lo_a, hi_a = a["interval"]
        lo_b, hi_b = b["interval"]
        assert hi_a < lo_b or hi_b < lo_a, d  # the intervals do not meet
    assert any(c["value"] == 12000 and c["approx"] and c["source"] == "Sergiy Kyslytsya" for c in claims)
    assert not {c["article_id"] for c in claims} & set(COPIES)


def test_numbers_filters_and_validation(api):
    early = get(api, "/api/numbers", about="nord-coréens", until="2024-10-24")
    claims = [c for g in early["groups"] for c in g["claims"]]
    assert claims and all(c["published"] <= "2024-10-24" for c in claims)
    assert early["filters"]["until"] == "2024-10-24"
    r = api.get("/api/numbers")
    assert r.status_code == 422 and r.json()["detail"] == "about: field required"


# --- entities ---------------------------------------------------------------------

def test_entity_profile(api):
    res = get(api, "/api/entities/Lloyd Austin")
    assert res["entity"]["name"] == "Lloyd Austin"
    assert res["articles"] >= 2 and res["first_seen"] <= res["last_seen"]
    assert any("défense" in r.lower() for r in res["roles"]), res["roles"]
    assert res["statements_by"] and all(s["content"] for s in res["statements_by"])
    assert {c["name"] for c in res["co_mentioned"]} & {"Corée du Nord", "Russie", "Pentagone", "Koursk",
                                                       "North Korea", "Russia", "Kursk"}


def test_unknown_entity_is_404(api):
    r = api.get("/api/entities/Zorglub Quaxiphon")
    assert r.status_code == 404 and "Zorglub Quaxiphon" in r.json()["detail"]


# --- articles ---------------------------------------------------------------------

def test_article_list(api, recs, by_id):
    items = all_pages(api, "/api/articles", 5)
    assert {i["article_id"] for i in items} == {r["id"] for r in recs} - set(COPIES)
    dates = [i["published"] for i in items]
    assert dates == sorted(dates, reverse=True)
    for i in items:
        r = by_id[i["article_id"]]
        assert (i["title"], i["published"], i["lang"]) == (r["title"], r["published"], r["lang"])
        assert i["statements"] == len(r["statements"]) and i["entities"] == len(r["entities"])
    everything = get(api, "/api/articles", duplicates="true", limit=500)["items"]
    assert len(everything) == len(recs)
    assert {i["article_id"]: i["dup_of"] for i in everything if i["dup_of"]} == COPIES


def test_article_list_filters(api, recs):
    afp = get(api, "/api/articles", outlet="AFP", limit=500)["items"]
    assert afp and all("AFP" in i["outlet"] for i in afp)
    assert {i["article_id"] for i in afp} >= {"s03-afp", "s05-afp"}
    week = get(api, "/api/articles", since="2024-10-20", until="2024-10-26", limit=500)["items"]
    want = {r["id"] for r in recs if "2024-10-20" <= r["published"] <= "2024-10-26" and r["id"] not in COPIES}
    assert want and {i["article_id"] for i in week} == want
    english = get(api, "/api/articles", lang="en", limit=500)["items"]
    assert {i["article_id"] for i in english} == ENGLISH - set(COPIES)
    assert api.get("/api/articles", params={"until": "26/10/2024"}).status_code == 422


def test_article_by_id(api, by_id):
    rec = by_id["s04-reuters"]
    art = get(api, "/api/articles/s04-reuters")
    assert art["article_id"] == "s04-reuters" and art["text"] == rec["text"] and art["title"] == rec["title"]
    assert [s["content"] for s in art["statements"]] == [s["content"] for s in rec["statements"]]
    assert len(art["mentions"]) == sum(len(e["mentions"]) for e in rec["entities"])
    assert art["removed"] == rec["removed"]
    assert api.get("/api/articles/no-such-article").status_code == 404


# --- posting ----------------------------------------------------------------------

def bearer(token=TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def wikinews(name: str) -> dict:
    return json.loads((WIKINEWS / name).read_text(encoding="utf-8"))


def test_post_refused_without_the_token(tmp_path):
    body = {"text": "Paris (AFP) — Le ministre a déclaré que tout allait bien."}
    with served(tmp_path / "w.duckdb", token=TOKEN) as client:
        r = client.post("/api/articles", json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert client.post("/api/articles", json=body, headers=bearer("wrong")).status_code == 401
        assert client.post("/api/articles", json=body, headers={"Authorization": TOKEN}).status_code == 401
        assert get(client, "/api/health")["articles"] == 0


def test_post_refused_by_a_read_only_server(api):
    r = api.post("/api/articles", json={"text": "Paris (AFP) — Le ministre a déclaré que tout allait bien."},
                 headers=bearer())
    assert r.status_code == 403 and "read-only" in r.json()["detail"]


def test_post_article_then_find_it(tmp_path, recs):
    art = wikinews("fr-008.json")
    body = {"id": "wn-fr-008", "text": art["text"], "title": art["title"], "published": art["published"],
            "url": art["url"]}
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    # a limit of exactly the body's size: the body must pass, whole
    with served(tmp_path / "w.duckdb", token=TOKEN, max_body=len(payload)) as client:
        r = client.post("/api/articles", content=payload,
                        headers={**bearer(), "Content-Type": "application/json"})
        assert r.status_code == 201, r.text[:500]
        rec = r.json()
        assert rec["id"] == "wn-fr-008" and rec["lang"] == "fr" and rec["title"] == art["title"]
        assert r.headers["location"] == "/api/articles/wn-fr-008"
        assert rec["statements"]

        stored_art = get(client, "/api/articles/wn-fr-008")
        assert stored_art["text"] == rec["text"] and stored_art["url"] == art["url"]
        assert len(stored_art["statements"]) == len(rec["statements"])
        assert get(client, "/api/health")["statements"] == len(rec["statements"])

        febelfin = [s for s in rec["statements"] if "700 000 euros" in s["content"]]
        assert febelfin, [s["content"] for s in rec["statements"]]
        found = get(client, "/api/statements", q="700 000 euros montant")["items"]
        assert {i["article_id"] for i in found} == {"wn-fr-008"}
        assert {i["content"] for i in found} == {s["content"] for s in febelfin if "montant" in s["content"]}
        assert "Febelfin" in {i["speaker_name"] or i["speaker_text"] for i in found}
        listed = get(client, "/api/articles")["items"]
        assert [(i["article_id"], i["statements"]) for i in listed] == [("wn-fr-008", len(rec["statements"]))]

        # one byte more is refused before anything is read into the endpoint
        r = client.post("/api/articles", content=payload + b" ",
                        headers={**bearer(), "Content-Type": "application/json"})
        assert r.status_code == 413


def test_post_html_page(tmp_path):
    art = wikinews("fr-016.json")
    paras = "".join(f"<p>{p}</p>" for p in art["text"].split("\n") if p.strip())
    page = (f"<html><head><title>{art['title']}</title></head><body><nav>Accueil | Politique</nav>"
            f"<article><h1>{art['title']}</h1>{paras}</article><footer>Mentions légales</footer></body></html>")
    with served(tmp_path / "w.duckdb", token=TOKEN) as client:
        r = client.post("/api/articles", json={"html": page, "id": "wn-fr-016", "published": "2012-07-04"},
                        headers=bearer())
        assert r.status_code == 201, r.text[:500]
        rec = r.json()
        assert rec["id"] == "wn-fr-016" and rec["published"] == "2012-07-04"
        first = art["text"].split("\n")[0][:80]
        assert first[20:70] in rec["text"] and "Mentions légales" not in rec["text"]
        assert get(client, "/api/articles/wn-fr-016")["text"] == rec["text"]


@pytest.mark.parametrize("body, status, says", [
    ({"title": "no text"}, 422, "exactly one of 'text' and 'html'"),
    ({"text": "Un texte.", "html": "<p>Un texte.</p>"}, 422, "exactly one of 'text' and 'html'"),
    ({"text": "   \n  "}, 422, "empty article"),
    ({"text": "Der Minister sagte am Dienstag in Berlin, dass die Regierung die Steuern im nächsten Jahr "
              "nicht erhöhen werde, obwohl die Wirtschaft schwächer wächst als erwartet."}, 422,
     "unsupported language: de"),
    ({"text": "Un texte.", "published": "hier soir"}, 422, "published: expected a date"),
    ({"text": "Un texte.", "lang": "French"}, 422, "lang:"),
    ({"html": "<html><body><script>var x = 1;</script><img src=a.png></body></html>"}, 422, "no article text found in HTML"),
])
def test_post_bad_articles(tmp_path, body, status, says):
    with served(tmp_path / "w.duckdb", token=TOKEN) as client:
        r = client.post("/api/articles", json=body, headers=bearer())
        assert r.status_code == status and says in r.json()["detail"], r.text[:500]
        assert get(client, "/api/health")["articles"] == 0


def test_malformed_json_is_422_with_a_clear_message(tmp_path):
    with served(tmp_path / "w.duckdb", token=TOKEN) as client:
        r = client.post("/api/articles", content=b'{"text": "Un texte", ',
                        headers={**bearer(), "Content-Type": "application/json"})
        assert r.status_code == 422
        body = r.json()
        assert re.match(r"invalid JSON body at character \d+: ", body["detail"]), body
        assert body["errors"][0]["type"] == "json_invalid"
        r = client.post("/api/articles", headers=bearer())
        assert r.status_code == 422 and r.json()["detail"] == "a JSON body is required"


def test_oversized_body_is_413(tmp_path):
    with served(tmp_path / "w.duckdb", token=TOKEN, max_body=1000) as client:
        big = {"text": "Le ministre a déclaré que tout allait bien. " * 100}
        r = client.post("/api/articles", json=big, headers=bearer())
        assert r.status_code == 413 and "1000" in r.json()["detail"]

        def chunks():  # no Content-Length: the size is counted as it arrives
            for _ in range(10):
                yield b"x" * 200

        r = client.post("/api/articles", content=chunks(), headers={**bearer(), "Content-Type": "application/json"})
        assert r.status_code == 413
        assert get(client, "/api/health")["articles"] == 0


# --- the server around the API ----------------------------------------------------

def test_no_cors_by_default(api):
    r = api.get("/api/health", headers={"Origin": "https://elsewhere.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_cors_when_asked(kb):
    with served(kb, cors=["https://news.example"]) as client:
        r = client.get("/api/health", headers={"Origin": "https://news.example"})
        assert r.headers["access-control-allow-origin"] == "https://news.example"
        pre = client.options("/api/articles", headers={"Origin": "https://news.example",
                                                       "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "Authorization"})
        assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
        other = client.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_docs_are_offline_and_describe_every_endpoint(api):
    r = api.get("/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()
    assert "cdn.jsdelivr" not in r.text and "unpkg" not in r.text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', r.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for a in assets:
        assert api.get(a).status_code == 200, a
    spec = get(api, "/openapi.json")
    ops = {(path, m): op for path, item in spec["paths"].items() for m, op in item.items()}
    want = {("/api/health", "get"), ("/api/statements", "get"), ("/api/speakers/{name}", "get"),
            ("/api/numbers", "get"), ("/api/entities/{name}", "get"), ("/api/articles", "get"),
            ("/api/articles/{article_id}", "get"), ("/api/articles", "post")}
    assert want <= ops.keys()
    for key in want:
        assert ops[key].get("summary") and ops[key].get("description"), key
    params = {p["name"]: p for p in ops[("/api/statements", "get")]["parameters"]}
    assert {"q", "speaker", "stance", "lang", "outlet", "since", "until", "limit", "offset", "group"} <= params.keys()
    assert all(p.get("description") for p in params.values())


def test_published_dates_are_iso(api):
    for i in get(api, "/api/statements", q="nord-coréens")["items"]:
        datetime.date.fromisoformat(i["published"])


# --- searches while articles are posted (issue 12) ---------------------------------

FILLER = 20_000  # statements: enough that a full-text rebuild takes a while, as on a real base


def _base_with_filler(path, recs):
    """The story plus FILLER synthetic statements, indexed: a POST rebuilds
    an index large enough for searches to run while it is rebuilt."""
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs, workers=0)
        top = con.execute("SELECT max(rid) FROM statements").fetchone()[0]
        con.execute(f"""INSERT INTO statements (article_id, sid, content, kind, stance, rid)
                        SELECT 's01-ukrinform', 'F' || i, 'des soldats nord-coréens, relevé numéro ' || i,
                               'indirect', 'assert', {top} + i FROM range(1, {FILLER + 1}) t(i)""")
        assert store.reindex(con)


def _searches_during_posts(tmp_path, recs, seconds: float, min_posts: int, posters: int = 1,
                           searchers: int = 2) -> tuple[int, int, list]:
    """Post articles from `posters` threads (for `seconds`, and at least
    `min_posts` each) and search from `searchers` others as long as any
    posts; returns (posts, searches, failures)."""
    import threading
    import time

    path = tmp_path / "busy.duckdb"
    _base_with_filler(path, recs)
    failures, counts = [], {"posts": 0, "searches": 0}
    app = create_app(str(path), token=TOKEN)
    # A server error as the client sees it (a 500), not re-raised in the thread.
    client = TestClient(app, raise_server_exceptions=False)
    try:
        stop = time.monotonic() + seconds
        posting = threading.Event()
        posting.set()
        lock = threading.Lock()
        running = [posters]

        def post(who: int):
            n = 0
            while time.monotonic() < stop or n < min_posts:
                n += 1
                body = {"id": f"busy-{who}-{n}", "published": "2024-11-05",
                        "text": f"Séoul (AFP) — Le ministre a déclaré mardi que {n} 000 soldats nord-coréens "
                                "se trouvaient en Russie, selon un communiqué publié dans la soirée."}
                r = client.post("/api/articles", json=body, headers=bearer())
                if r.status_code != 201:
                    failures.append(("POST", r.status_code, r.text[:200]))
                with lock:
                    counts["posts"] += 1
            with lock:
                running[0] -= 1
                if not running[0]:
                    posting.clear()

        def search():
            urls = ["/api/statements?q=soldats+nord-coréens", "/api/numbers?about=soldats",
                    "/search?q=soldats", "/claims?about=soldats"]
            k = 0
            while posting.is_set():
                url = urls[k % len(urls)]
                k += 1
                r = client.get(url)
                if r.status_code >= 500:
                    failures.append((url, r.status_code, r.text[:200]))
                with lock:
                    counts["searches"] += 1

        threads = [threading.Thread(target=post, args=(k,)) for k in range(posters)] + \
                  [threading.Thread(target=search) for _ in range(searchers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        app.state.db.close()
    return counts["posts"], counts["searches"], failures


def test_searches_do_not_fail_while_articles_are_posted(tmp_path, recs):
    # Several writers too: a writer's end-of-ingest checkpoint once failed
    # while readers held transactions.
    posts, searches, failures = _searches_during_posts(tmp_path, recs, seconds=4, min_posts=2, posters=3,
                                                       searchers=3)
    assert posts >= 6 and searches >= 10, (posts, searches)
    assert failures == []


@pytest.mark.slow
def test_searches_do_not_fail_while_articles_are_posted_long(tmp_path, recs):
    # The figure: 10 posting clients and 8 searching for 60 s.
    posts, searches, failures = _searches_during_posts(tmp_path, recs, seconds=60, min_posts=2, posters=10,
                                                       searchers=8)
    assert posts >= 20 and searches >= 100, (posts, searches)
    assert failures == []


# --- LIKE wildcards in names are plain characters (issue 12) -----------------------

@pytest.mark.parametrize("url", ["/api/entities/%25", "/api/entities/_", "/api/entities/%25%25",
                                 "/api/speakers/%25", "/api/speakers/_"])
def test_wildcards_in_a_name_match_no_one(api, url):
    r = api.get(url)
    assert r.status_code == 404, (url, r.text[:300])


@pytest.mark.parametrize("param", ["outlet", "speaker"])
@pytest.mark.parametrize("value", ["%", "_", "%_%"])
def test_wildcards_in_filters_match_nothing(api, param, value):
    assert get(api, "/api/statements", q="soldats", **{param: value})["items"] == []
    assert get(api, "/api/statements", q="", **{param: value})["items"] == []


def test_filters_still_match_substrings(api):
    items = get(api, "/api/statements", q="", outlet="afp")["items"]
    assert items and all("afp" in i["outlet"].lower() for i in items)


# --- a body sent by halves does not hold the connection (issue 12) ------------------

def _through_body_limit(messages, timeout: float) -> tuple[list[dict], bool, float]:
    """Run BodyLimit over a client sending `messages` then nothing more;
    returns (what was sent back, whether the app was reached, seconds taken)."""
    import asyncio
    import time

    from depeche.serve.app import BodyLimit

    reached, sent = [], []

    async def app(scope, receive, send):
        reached.append(await receive())
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)  # the client went quiet

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/articles", "headers": []}
    start = time.monotonic()
    asyncio.run(BodyLimit(app, max_body=1000, timeout=timeout)(scope, receive, send))
    return sent, bool(reached), time.monotonic() - start


def test_half_sent_body_is_408_within_the_timeout():
    sent, reached, took = _through_body_limit([{"type": "http.request", "body": b'{"text": ', "more_body": True}],
                                              timeout=0.3)
    assert not reached and took < 5
    assert sent[0]["status"] == 408
    assert b"within 0.3 s" in b"".join(m.get("body", b"") for m in sent[1:])


def test_whole_body_in_time_reaches_the_app():
    sent, reached, _ = _through_body_limit([{"type": "http.request", "body": b'{"text": ', "more_body": True},
                                            {"type": "http.request", "body": b'"x"}', "more_body": False}],
                                           timeout=5)
    assert reached and sent[0]["status"] == 201
