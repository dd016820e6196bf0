"""The analyst's pages (issue 16): true totals, pages, sort, facets,
downloads, kept filters, ambiguous names, the outlet page. Over a base of
records written by hand (many statements per speaker, three outlets, two
languages, three months), so that every count can be checked against SQL
on the same base."""
from __future__ import annotations

import csv
import io
import re
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from depeche import store
from depeche.serve.app import create_app
from depeche.serve.downloads import STATEMENT_FIELDS
from depeche.store import browse

SPEAKERS = ["Kim Jong Un", "Kim Yong-hyun", "Lloyd Austin", "Dmitri Peskov"]
OUTLETS = [("AFP", "fr"), ("Reuters", "fr"), ("BBC", "en")]
STANCES = ["assert", "estimate", "deny", "call", "warn"]
PER_ARTICLE = 12
ARTICLES = 24


def _record(k: int) -> dict:
    """Article k: the four speakers named, then PER_ARTICLE statements about
    soldiers, each with a number of soldiers in it."""
    outlet, lang = OUTLETS[k % len(OUTLETS)]
    parts, ents, sts, qs = [], [], [], []
    pos = 0

    def add(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    for i, name in enumerate(SPEAKERS):
        span = add(name)
        add(". ")
        ents.append({"id": f"E{i + 1}", "name": name, "type": "PER", "mentions": [list(span)], "roles": [],
                     "country": None, "forms": [name]})
    for j in range(PER_ARTICLE):
        # Kim Jong Un speaks most: half of every article.
        who = 0 if j % 2 == 0 else 1 + (j // 2) % 3
        n = 1000 * (k + 1) + j
        number = f"{n // 1000} {n % 1000:03d}"
        word = "soldiers" if lang == "en" else "soldats"
        content = f"environ {number} {word} nord-coréens sont en Russie selon le rapport {k}-{j}"
        if j == 0 and who == 0 and k == 0:
            content = f"environ 12 000 {word} nord-coréens sont en Russie selon le rapport {k}-{j}"
        cs = add(content)
        add(". ")
        sid = f"S{j + 1}"
        sts.append({"id": sid, "speaker": f"E{who + 1}", "speaker_text": SPEAKERS[who], "cue": "a déclaré",
                    "kind": "indirect", "stance": STANCES[(k + j) % len(STANCES)], "content": content,
                    "span": list(cs)})
        qtext = content[len("environ "):content.index(" nord")]
        qstart = cs[0] + len("environ ")
        value = 12000 if "12 000" in content else n
        qs.append({"value": value, "low": None, "high": None, "approx": True, "unit": word, "text": qtext,
                   "span": [qstart, qstart + len(qtext)], "statement": sid})
    month = 9 + k % 3
    return {"id": f"art-{k:02d}", "lang": lang, "title": f"Article {k}", "published": f"2024-{month:02d}-{1 + k:02d}",
            "source": {"outlet": outlet, "dateline": None, "author": None, "url": None},
            "text": "".join(parts), "removed": [], "keywords": [], "entities": ents, "statements": sts,
            "quantities": qs, "vague_quantities": [], "places": [], "dates": [], "events": []}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("browse") / "kb.duckdb"
    with closing(store.connect(str(path))) as con:
        stats = store.ingest(con, [_record(k) for k in range(ARTICLES)], workers=0)
        assert stats.added == ARTICLES, stats.errors
        store.reindex(con)
    return path


def get(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert "Traceback" not in r.text
    return r


def listed(page: str, kind: str = "search-statement") -> list[tuple[str, str]]:
    return [(a, s) for s, a in re.findall(rf'data-kind="{kind}" data-sid="([^"]+)" data-article="([^"]+)"', page)]


def total(page: str) -> int:
    return int(re.search(r'data-total="(\d+)"', page).group(1))


# --- totals and pages -----------------------------------------------------------------

def test_search_total_is_a_count_and_page_2_holds_the_next_rows(client, con):
    every = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert every == ARTICLES * PER_ARTICLE > 200  # the old pages stopped at 200
    first = get(client, "/search?q=soldats&sort=date").text
    assert total(first) == con.execute("""SELECT count(*) FROM statements s JOIN articles a USING (article_id)
                                          WHERE a.lang = 'fr'""").fetchone()[0]
    newest = [tuple(r) for r in con.execute("""
        SELECT s.article_id, s.sid FROM statements s JOIN articles a USING (article_id) WHERE a.lang = 'fr'
        ORDER BY s.published DESC, s.article_id, s.start_char LIMIT 100""").fetchall()]
    second = get(client, "/search?q=soldats&sort=date&page=2").text
    assert listed(first) == newest[:50] and listed(second) == newest[50:100]
    assert 'rel="next"' in first and 'rel="prev"' not in first and 'rel="prev"' in second
    # By relevance, the pages hold every match once.
    pages = [listed(get(client, f"/search?q=soldats&page={p}").text) for p in range(1, 5)]
    seen = [row for p in pages for row in p]
    assert len(seen) == len(set(seen)) == total(first)
    get(client, "/search?q=soldats&page=5", status=404)


def test_digits_in_a_query_find_the_number(client, con):
    page = get(client, "/search?q=12 000").text
    assert listed(page) == [("art-00", "S1")] and total(page) == 1
    assert total(get(client, "/search?q=12%C2%A0000").text) == 1  # a no-break space, as French writes it


def test_csv_and_json_downloads_hold_the_rows_the_page_shows(client):
    url = "/search?q=soldats&sort=date&page=2&outlet=AFP"
    shown = listed(get(client, url).text)
    assert shown
    r = get(client, url + "&format=csv")
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0]) == STATEMENT_FIELDS
    assert [(x["article_id"], x["sid"]) for x in rows] == shown
    assert {x["outlet"] for x in rows} == {"AFP"}
    data = get(client, url + "&format=json").json()
    assert [(x["article_id"], x["sid"]) for x in data] == shown
    assert all(x["speaker"] in SPEAKERS for x in data)
    # The page links to both.
    page = get(client, url).text
    assert 'data-format="csv"' in page and 'data-format="json"' in page


# --- facets ---------------------------------------------------------------------------

def test_facets_count_the_whole_filtered_set(client, con):
    page = get(client, "/search?q=soldats&stance=deny").text
    facets = {}
    for facet, key, n in re.findall(r'data-kind="facet" data-facet="(\w+)" data-key="([^"]*)" data-count="(\d+)"',
                                    page):
        facets.setdefault(facet, {})[key] = int(n)
    where = "a.lang = 'fr' AND s.stance = 'deny'"  # "soldats" is the French articles' word
    sql = {
        "outlet": "a.outlet", "stance": "s.stance", "lang": "a.lang", "speaker": "s.speaker_text",
    }
    for facet, col in sql.items():
        want = dict(con.execute(f"""SELECT {col}, count(*) FROM statements s JOIN articles a USING (article_id)
                                    WHERE {where} GROUP BY 1""").fetchall())
        assert facets[facet] == want, facet
    assert sum(facets["outlet"].values()) == total(page)
    assert sum(facets.get("story", {}).values()) <= total(page)  # (its exact counts: the stories test below)
    bins = [int(n) for n in re.findall(r'data-kind="histogram-bin" data-key="[^"]*" data-count="(\d+)"', page)]
    assert sum(bins) == total(page)
    # A facet's link narrows the search to it, and keeps the other filters.
    link = re.search(r'data-facet="outlet" data-key="AFP"[^>]*>\s*<a href="([^"]+)"', page).group(1)
    narrowed = get(client, "/search" + link.replace("&amp;", "&")).text
    assert total(narrowed) == facets["outlet"]["AFP"]
    assert all(a in {f"art-{k:02d}" for k in range(0, ARTICLES, 3)} for a, _ in listed(narrowed))


def test_the_histogram_counts_by_day_or_by_month(con):
    """Days while the matches span two months at most, months beyond."""
    f = browse.facets(con, "soldats")  # the French articles: September and October
    assert f["outlet"]["distinct"] == 2 and f["lang"]["values"] == [{"key": "fr", "count": 192}]
    assert f["histogram"]["unit"] == "day" and sum(b["count"] for b in f["histogram"]["bins"]) == 192
    every = browse.facets(con, "")
    assert every["histogram"]["unit"] == "month"
    assert [b["key"] for b in every["histogram"]["bins"]] == ["2024-09", "2024-10", "2024-11"]
    assert sum(b["count"] for b in every["histogram"]["bins"]) == ARTICLES * PER_ARTICLE


# --- filters kept between pages ---------------------------------------------------------

def test_filters_follow_from_search_to_claims_and_map(client, con):
    page = get(client, "/search?q=soldats&outlet=AFP&since=2024-09-01").text
    assert 'href="/claims?about=soldats&amp;since=2024-09-01&amp;outlet=AFP"' in page
    assert 'href="/map?q=soldats&amp;since=2024-09-01&amp;outlet=AFP"' in page
    claims = get(client, "/claims?about=soldats&since=2024-09-01&outlet=AFP").text
    assert 'href="/search?q=soldats&amp;since=2024-09-01&amp;outlet=AFP"' in claims
    want = con.execute("""SELECT count(*) FROM quantities q JOIN articles a USING (article_id)
                          WHERE a.outlet = 'AFP' AND a.published >= '2024-09-01'""").fetchone()[0]
    assert total(claims) == want


# --- claims ----------------------------------------------------------------------------

def test_claims_heading_is_the_unit_as_written(client):
    page = get(client, "/claims?about=soldats").text
    heads = re.findall(r'<section class="claims-group" data-unit="([^"]+)"[^>]*>\s*<h2>([^<]+?) <span', page)
    assert heads and all(h.strip() in ("soldats", "soldiers") for _, h in heads)
    assert any(key != h.strip() for key, h in heads)  # the key is a stem; the heading is a word


# --- entities --------------------------------------------------------------------------

def test_entity_page_counts_every_statement_and_shows_the_newest_first(client, con):
    eid = con.execute("SELECT eid FROM entities WHERE name = 'Kim Jong Un'").fetchone()[0]
    page = get(client, f"/entities/{eid}").text
    n = con.execute("SELECT count(*) FROM statements WHERE speaker_eid = ?", [eid]).fetchone()[0]
    assert n > 50
    assert re.search(rf'data-role="speaker" data-total="{n}"', page)
    days = re.findall(r'<h3 class="day">([^<]+)</h3>', page)
    assert days[0] == str(con.execute("SELECT max(published) FROM statements WHERE speaker_eid = ?",
                                      [eid]).fetchone()[0])
    assert days == sorted(days, reverse=True)
    shown = page.count('data-kind="entity-statement" data-role="by"')
    assert shown == 50
    second = get(client, f"/entities/{eid}?page=2").text
    assert second.count('data-kind="entity-statement" data-role="by"') == min(50, n - 50)
    rows = list(csv.DictReader(io.StringIO(get(client, f"/entities/{eid}?page=2&format=csv").text)))
    assert len([r for r in rows if r["role"] == "by"]) == min(50, n - 50)


def test_an_ambiguous_name_lists_its_entities(client, con):
    page = get(client, "/entities/Kim").text
    cands = re.findall(r'data-kind="candidate" data-eid="(\d+)"><a href="/entities/(\d+)">([^<]+)</a>', page)
    assert sorted(c[2] for c in cands) == ["Kim Jong Un", "Kim Yong-hyun"]
    assert all(a == b for a, b, _ in cands)
    # A full name is one entity.
    assert "<h1>Kim Jong Un" in get(client, "/entities/Kim Jong Un").text
    get(client, "/entities/Nobody At All", status=404)


# --- outlets ---------------------------------------------------------------------------

def test_outlet_page_shows_whom_it_quotes_with_which_stance(client, con):
    page = get(client, "/outlets/AFP").text
    quoted = {s: int(n) for s, n in re.findall(r'data-kind="quoted" data-speaker="([^"]+)" data-count="(\d+)"', page)}
    want = dict(con.execute("""SELECT s.speaker_text, count(*) FROM statements s JOIN articles a USING (article_id)
                               WHERE a.outlet = 'AFP' GROUP BY 1""").fetchall())
    assert quoted == want
    stances = {s: int(n) for s, n in re.findall(r'data-kind="outlet-stance" data-stance="(\w+)" data-count="(\d+)"',
                                                page)}
    assert stances == dict(con.execute("""SELECT s.stance, count(*) FROM statements s JOIN articles a
                                          USING (article_id) WHERE a.outlet = 'AFP' GROUP BY 1""").fetchall())
    assert total(page) == sum(want.values())
    assert len(listed(page, "outlet-statement")) == 50
    assert "/outlets/AFP" in get(client, "/outlets").text
    get(client, "/outlets/Nobody", status=404)


def test_english_statements_say_they_are_english(client, con):
    page = get(client, "/search?q=soldiers").text
    assert re.search(r'<span class="content" lang="en">environ', page)
    art = get(client, "/articles/art-02").text
    assert 'id="article-text" lang="en"' in art


# --- bad parameters --------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [
    ("/search?q=soldats&page=0", 422), ("/search?q=soldats&page=abc", 422), ("/search?q=soldats&sort=best", 422),
    ("/search?q=soldats&format=xml", 422), ("/search?q=soldats&page=99", 404), ("/claims?about=soldats&page=-1", 422),
    ("/entities/Kim Jong Un?page=999", 404), ("/outlets/AFP?format=pdf", 422), ("/map?since=hier", 422),
])
def test_bad_list_parameters_are_pages_that_say_so(client, url, status):
    r = get(client, url, status=status)
    assert r.headers["content-type"].startswith("text/html")


def test_a_base_with_stories_gets_a_story_facet(tmp_path):
    """The search counts its matches per story (the stories the store
    found at ingest), named by the story's title, each linking to
    /stories/{id}."""
    path = tmp_path / "stories.duckdb"
    with closing(store.connect(str(path))) as c:
        store.ingest(c, [_record(k) for k in range(6)], workers=0)
        store.reindex(c)
        f = browse.facets(c, "soldats")
        want = dict(c.execute("""SELECT st.story_id, count(*) FROM statements s JOIN articles a USING (article_id)
                                 JOIN article_stories st USING (article_id) WHERE a.lang = 'fr' GROUP BY 1""").fetchall())
        titles = dict(c.execute("SELECT story_id, title FROM stories").fetchall())
    assert want and {v["key"]: v["count"] for v in f["story"]["values"]} == want
    assert {v["label"] for v in f["story"]["values"]} == {titles[k] for k in want}
    with TestClient(create_app(str(path))) as client:
        page = get(client, "/search?q=soldats").text
    first = f["story"]["values"][0]
    assert f'href="/stories/{first["key"]}">{first["label"]}</a>' in page


def test_a_blank_query_under_a_filter_lists_the_filtered_statements(client, con):
    page = get(client, "/search?q=&outlet=BBC").text
    assert total(page) == con.execute("""SELECT count(*) FROM statements s JOIN articles a USING (article_id)
                                         WHERE a.outlet = 'BBC'""").fetchone()[0] > 0
    assert "Aucune déclaration" not in page
    assert 'data-total' not in get(client, "/search?q=").text  # nothing asked, nothing listed


def test_the_speaker_facet_narrows_to_exactly_its_count(client, con):
    page = get(client, "/search?q=soldats").text
    counts = {k: int(n) for k, n in re.findall(r'data-facet="speaker" data-key="([^"]+)" data-count="(\d+)"', page)}
    # "Kim" is in two speakers' names: the facet's filter is the whole name.
    for name in ("Kim Jong Un", "Kim Yong-hyun"):
        for sort in ("relevance", "date"):
            narrowed = get(client, f"/search?q=soldats&speaker={name}&sort={sort}").text
            assert total(narrowed) == counts[name]
            rows = listed(narrowed)
            assert len(rows) == min(50, counts[name]) and len(set(rows)) == len(rows)
            who = {s for (s,) in con.execute(
                "SELECT DISTINCT speaker_text FROM statements WHERE (article_id, sid) IN (SELECT unnest(?), unnest(?))",
                [[a for a, _ in rows], [s for _, s in rows]]).fetchall()}
            assert who == {name}
