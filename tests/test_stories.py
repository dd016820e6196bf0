"""Stories across outlets and languages, claims compared where they really
disagree, names across languages (issue 16), on the story corpus
(tests/data/story, synthetic: see its README.md): the North Korean troops in
French and English from several outlets, syndicated copies, and two
unrelated stories of the same days that share people and numbers with it
(a missile test: Kim Jong Un, Lloyd Austin, "12 000" kilometres; the floods
in Valencia: "10,000 troops").
"""
from __future__ import annotations

import json
import random
from collections import Counter
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

import _story
from depeche import store
from depeche.cli import main
from depeche.serve.app import create_app
from depeche.store import claims, names, queries, schema, stories


@pytest.fixture(scope="module")
def kb(tmp_path_factory, recs):
    path = tmp_path_factory.mktemp("stories") / "story.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs, batch_size=8, workers=0)
    return path


def ro(path):
    return closing(store.connect(str(path), read_only=True))


def membership(con) -> dict[str, str]:
    return dict(con.execute("SELECT article_id, story_id FROM article_stories").fetchall())


def adjusted_rand_index(a: dict[str, str], b: dict[str, str]) -> float:
    """ARI of two labelings of the same items (Hubert and Arabie, 1985)."""
    items = sorted(a)
    pairs = lambda n: n * (n - 1) / 2  # noqa: E731
    joint = Counter((a[i], b[i]) for i in items)
    sum_joint = sum(pairs(n) for n in joint.values())
    sum_a = sum(pairs(n) for n in Counter(a[i] for i in items).values())
    sum_b = sum(pairs(n) for n in Counter(b[i] for i in items).values())
    expected = sum_a * sum_b / pairs(len(items))
    top = (sum_a + sum_b) / 2
    return 1.0 if top == expected else (sum_joint - expected) / (top - expected)


def intended() -> dict[str, str]:
    return {aid: name for name, members in _story.STORIES.items() for aid in members}


def test_ari_helper_on_known_cases():
    truth = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert adjusted_rand_index(truth, {"a": "x", "b": "x", "c": "y", "d": "y"}) == 1.0
    assert adjusted_rand_index(truth, {"a": "x", "b": "y", "c": "x", "d": "y"}) < 0


# --- stories ----------------------------------------------------------------------

def test_stories_match_the_intended_grouping(kb):
    with ro(kb) as con:
        found = membership(con)
    truth = intended()
    assert set(found) == set(truth) == {p.stem for p in _story.ARTICLE_FILES}
    assert adjusted_rand_index(truth, found) >= 0.9
    # the two unrelated stories, though they share Kim Jong Un, Lloyd Austin,
    # Pyongyang, Seoul and the figures "12 000", "10,000 troops", stay apart
    main_story = found["s01-ukrinform"]
    for aid in _story.OTHER_TOPICS:
        assert found[aid] != main_story, aid
    assert found["u01-afp-missile"] == found["u02-reuters-en-missile"]          # French and English
    assert found["x01-afp-valence"] == found["x05-reuters-en-valencia"]


def test_the_main_story_spans_outlets_and_languages(kb):
    with ro(kb) as con:
        listed = queries.stories(con)
    top = max(listed, key=lambda s: len(s["articles"]))
    assert set(top["articles"]) == _story.STORIES["troops"]
    assert top["languages"] == ["en", "fr"]
    assert {"AFP", "Reuters", "Yonhap", "AP", "Ukrinform", "RIA Novosti"} <= set(top["outlets"])
    assert str(top["first"]) == "2024-10-18" and str(top["last"]) == "2024-11-08"
    assert top["title"] and top["id"].startswith("st-")
    # a copy is in its original's story
    with ro(kb) as con:
        found = membership(con)
    for copy_id, orig in _story.COPIES.items():
        assert found[copy_id] == found[orig]


def test_stories_do_not_depend_on_ingest_order_or_batch_size(tmp_path, recs, kb):
    with ro(kb) as con:
        reference = membership(con)
        titles = dict(con.execute("SELECT story_id, title FROM stories").fetchall())
    for n, batch in enumerate((1, 7)):
        shuffled = list(recs)
        random.Random(n).shuffle(shuffled)
        with closing(store.connect(str(tmp_path / f"order{n}.duckdb"))) as con:
            store.ingest(con, shuffled, batch_size=batch, workers=0)
            assert membership(con) == reference, (n, batch)
            assert dict(con.execute("SELECT story_id, title FROM stories").fetchall()) == titles


def test_an_updated_article_keeps_its_story_and_a_replaced_one_can_leave_it(tmp_path, recs):
    with closing(store.connect(str(tmp_path / "upd.duckdb"))) as con:
        store.ingest(con, recs, workers=0)
        before = membership(con)
        store.ingest(con, [_story.update_record()], workers=0)  # s13 with one more paragraph
        assert membership(con) == before
        # s19 rewritten as a weather report: it leaves the story, which keeps the rest
        weather = next(r for r in recs if r["id"] == "x03-lemonde-meteo")
        moved = {**weather, "id": "s19-afp"}
        store.ingest(con, [moved], workers=0)
        after = membership(con)
    assert after["s19-afp"] != after["s01-ukrinform"]
    assert {a for a, s in after.items() if s == after["s01-ukrinform"]} == _story.STORIES["troops"] - {"s19-afp"}


def test_a_base_of_schema_9_gets_its_stories_when_migrated(tmp_path, recs, kb):
    path = tmp_path / "old.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs, workers=0)
        for table in ("story_features", "story_links", "article_stories", "stories"):
            con.execute(f"DROP TABLE {table}")
        con.execute("ALTER TABLE quantities DROP COLUMN concept")
        con.execute("ALTER TABLE quantities DROP COLUMN qualifier")
        con.execute("DELETE FROM schema_version WHERE version = 10")
        con.execute("CHECKPOINT")
    # opened to be read (`depeche stories`, the server): migrated first
    with closing(store.connect(str(path), read_only=True)) as con:
        assert schema.current_version(con) == schema.VERSION == 10
        with ro(kb) as ref:
            assert membership(con) == membership(ref)
        assert con.execute("SELECT count(*) FROM quantities WHERE concept = 'soldier' AND qualifier = 'KP'"
                           ).fetchone()[0] > 20


def test_sql_scores_are_the_similarity_of_the_features(kb):
    """The links ingest keeps were scored in SQL: the same figure as
    stories.similarity, the formula's one reading in Python."""
    with ro(kb) as con:
        links = con.execute("SELECT a, b, score FROM story_links").fetchall()
        feats = stories.features(con, sorted({x for a, b, _ in links for x in (a, b)}))
    copies = set(_story.COPIES.items()) | {(b, a) for a, b in _story.COPIES.items()}
    checked = 0
    for a, b, score in links:
        if (a, b) not in copies:
            assert score == pytest.approx(stories.similarity(feats[a], feats[b]), abs=1e-4), (a, b)
            assert score >= stories.THRESHOLD
            checked += 1
    assert checked >= 5


def test_cli_stories_json_and_csv(kb, capsys):
    capsys.readouterr()
    assert main(["stories", "--db", str(kb), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(_story.STORIES)
    for s in data:
        assert set(s) == {"id", "title", "first", "last", "articles", "outlets", "languages"}
    assert main(["stories", "--db", str(kb), "--format", "csv", "--lang", "en"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0] == "id,title,first,last,articles,outlets,languages" and len(rows) == 1 + 3  # the English ones
    assert main(["stories", "--db", str(kb), "--since", "2024-02-30"]) == 2  # no traceback: a line
    assert "depeche:" in capsys.readouterr().err


# --- claims -------------------------------------------------------------------------

def soldiers(con) -> dict:
    groups = [g for g in queries.numbers(con, "nord-coréens")["groups"]
              if g["unit"] == "soldier" and g["qualifier"] == "KP"]
    assert len(groups) == 1
    return groups[0]


def test_claim_keys_meet_across_languages():
    assert claims.key("soldats nord-coréens", "environ 12 000 soldats nord-coréens", "fr") == ("soldier", "KP")
    assert claims.key("troops", "about 12,000 North Korean troops", "en") == ("soldier", "KP")
    assert claims.key("soldiers", "some 12,000 North Korean soldiers", "en") == ("soldier", "KP")
    assert claims.key("morts", "158 morts", "fr") == ("dead", None)
    assert claims.key("kilomètres", "12 000 kilomètres", "fr") == ("km", None)  # the missile's range: not troops
    assert claims.key("trucs", "3 trucs", "xx") == (None, None)                  # no lexicon: no key


def test_french_and_english_soldiers_are_one_group(kb):
    with ro(kb) as con:
        group = soldiers(con)
        english = soldiers_from(con, "North Korean troops")
    texts = {c["text"] for c in group["claims"]}
    assert "environ 12 000 soldats nord-coréens" in texts and "about 12,000 North Korean troops" in texts
    assert group["languages"] == ["en", "fr"]
    keys = lambda g: {(c["article_id"], c["n"]) for c in g["claims"]}  # noqa: E731
    assert keys(english) == keys(group)
    assert all(c["article_id"] not in _story.OTHER_TOPICS for c in group["claims"])


def soldiers_from(con, about: str) -> dict:
    return next(g for g in queries.numbers(con, about)["groups"] if g["unit"] == "soldier" and g["qualifier"] == "KP")


def test_a_vague_amount_is_one_contradiction_not_one_per_figure(kb):
    with ro(kb) as con:
        group = soldiers(con)
    claims_ = group["claims"]
    few = [i for i, c in enumerate(claims_) if c["magnitude"] == "few"]
    assert len(few) == 2  # "un petit nombre" (the think tank) and Reuters' "a small number" retelling it
    pairs = [d for d in group["differences"] if {d["claim"], d["with"]} & set(few)]
    assert len(pairs) == 1, pairs
    d = pairs[0]
    assert d["kind"] == "contradicts" and claims_[d["claim"]]["text"] == "un petit nombre de soldats nord-coréens"
    assert claims_[d["with"]]["value"] == 12000
    # the precise figure is not marked as disagreeing because of it: only
    # for a contradiction of its own with another precise figure
    j = d["with"]
    own = any(j in (x["claim"], x["with"]) and not claims_[x["claim"]]["vague"] for x in group["disagreements"])
    assert claims_[j]["disagrees"] == own


def test_seoul_revises_3000_to_12000_it_does_not_contradict_itself(kb):
    with ro(kb) as con:
        group = soldiers(con)
    claims_ = group["claims"]
    first = next(i for i, c in enumerate(claims_) if c["article_id"] == "s03-afp" and c["value"] == 3000)
    later = next(i for i, c in enumerate(claims_) if c["article_id"] == "e01-yonhap-en" and c["value"] == 12000)
    assert claims.relation(claims_[first], claims_[later]) == "revised"
    # Each revision is shown against the latest earlier figure of its source: the chain
    # from 12 000 leads back to 3 000 (through 10 000, when an article has Seoul say it).
    revised = {d["claim"]: d["with"] for d in group["differences"] if d["kind"] == "revised"}
    chain, at = [], later
    while at in revised and at not in chain:
        chain.append(at)
        at = revised[at]
    assert at == first, chain
    assert not any({d["claim"], d["with"]} == {first, later} for d in group["disagreements"])


def test_contradictions_are_few_and_real(kb):
    """Each contradiction: two sources not of one country, a week apart at
    most, intervals that do not meet; far fewer than figures."""
    with ro(kb) as con:
        group = soldiers(con)
    claims_ = group["claims"]
    assert len(group["disagreements"]) < len(claims_) * 0.6
    for d in group["disagreements"]:
        a, b = claims_[d["claim"]], claims_[d["with"]]
        assert not claims.same_source(a, b) and claims.same_period(a, b)
        (la, ha), (lb, hb) = a["interval"], b["interval"]
        assert ha < lb or hb < la
        assert not (a["vague"] and b["vague"])


def test_relation_kinds_on_hand_made_claims():
    def c(value, source, day, approx=False, country=None, **kw):
        q = {"value": value, "approx": approx, "source_key": source, "source_country": country,
             "published": f"2024-11-{day:02d}", "vague": False, "text": str(value), "source": source, **kw}
        q["interval"] = list(claims.interval(q))
        return q
    assert claims.relation(c(3000, "nis", 1), c(12000, "nis", 9)) == "revised"
    assert claims.relation(c(3000, "nis", 1, country="KR"), c(12000, "mod", 9, country="KR")) == "revised"
    assert claims.relation(c(12000, "a", 1, approx=True), c(11000, "b", 2)) == "range"
    assert claims.relation(c(3000, "a", 1), c(12000, "b", 3)) == "contradicts"
    assert claims.relation(c(3000, "a", 1), c(12000, "b", 20)) is None  # three weeks on: the count moved
    assert claims.relation(c(8000, "a", 1), c(8000, "b", 2)) is None


def test_the_pairs_compared_at_once_are_the_pairs_compared_one_by_one():
    # `relations` (arrays, for pages of hundreds of claims) says what
    # `relation` says of every pair, on claims drawn to cover every case.
    import random
    rnd = random.Random(5)
    group = []
    for k in range(120):
        q = {"value": rnd.choice([3000, 8000, 10000, 11000, 12000, None]), "approx": rnd.random() < 0.4,
             "source_key": rnd.choice(["a", "b", "c", 7]), "source_country": rnd.choice([None, "KR", "US"]),
             "published": rnd.choice([None, f"2024-11-{rnd.randint(1, 28):02d}"]), "text": str(k), "source": "s"}
        q["vague"] = q["value"] is None
        q["magnitude"] = "few" if q["vague"] else None
        q["interval"] = list(claims.interval(q))
        group.append(q)
    m = claims.relations(group)
    assert all(m.name(i, j) == claims.relation(a, b) for i, a in enumerate(group) for j, b in enumerate(group))


# --- names across languages ------------------------------------------------------------

def test_names_are_one_entity_across_languages(kb):
    with ro(kb) as con:
        for french, english in (("Vladimir Poutine", "Vladimir Putin"), ("Koursk", "Kursk"),
                                ("Sergueï Choïgou", "Sergei Shoigu"), ("Dmitri Peskov", "Dmitry Peskov"),
                                ("Corée du Nord", "North Korea"), ("Kyrylo Boudanov", "Kyrylo Budanov")):
            a, b = queries.find_entity(con, french), queries.find_entity(con, english)
            assert a is not None and b is not None and a["eid"] == b["eid"], (french, english)
        assert queries.find_entity(con, "Putin")["eid"] == queries.find_entity(con, "Vladimir Poutine")["eid"]
        profile = queries.entity(con, "Poutine")
    assert {"Vladimir Poutine", "Vladimir Putin"} <= set(profile["names"])


def test_transliteration_keys():
    assert names.translit("Sergueï Choïgou", "fr") == names.translit("Sergei Shoigu", "en") == "sergei shoigu"
    assert names.translit("Vladimir Poutine", "fr") == names.translit("Vladimir Putin", "en")
    assert names.translit("Koursk", "fr") == "kursk"
    assert names.translit("Dmitri Peskov", "fr") == names.translit("Dmitry Peskov", "en")


def test_search_finds_either_form_of_a_name(kb):
    with ro(kb) as con:
        for query, forms in (("Putin", ("Poutine", "Putin")), ("Poutine", ("Poutine", "Putin")),
                             ("Kursk", ("Koursk", "Kursk")), ("Koursk", ("Koursk", "Kursk")),
                             ("Shoigu", ("Choïgou", "Shoigu"))):
            found = queries.statements(con, query)
            text = " ".join((s["content"] or "") + " " + (s["speaker_text"] or "") for s in found)
            for form in forms:
                assert form in text, (query, form)
        # numbers searched by a place in the other language
        kursk = queries.numbers(con, "Kursk")
    langs = {c["lang"] for g in kursk["groups"] for c in g["claims"]}
    assert langs == {"en", "fr"}


# --- API and pages --------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(kb):
    app = create_app(str(kb))
    try:
        yield TestClient(app)
    finally:
        app.state.db.close()


def test_api_stories_and_one_story(client):
    r = client.get("/api/stories")
    assert r.status_code == 200
    items = r.json()
    assert len(items) == len(_story.STORIES)
    main_story = max(items, key=lambda s: len(s["articles"]))
    assert set(main_story) == {"id", "title", "first", "last", "articles", "outlets", "languages"}
    one = client.get(f"/api/stories/{main_story['id']}").json()
    assert one["articles"] == main_story["articles"] and one["languages"] == ["en", "fr"]
    assert {s["lang"] for s in one["timeline"]} == {"en", "fr"}
    dates = [s["published"] for s in one["timeline"]]
    assert dates == sorted(dates)
    group = next(g for g in one["claims"] if g["unit"] == "soldier" and g["qualifier"] == "KP")
    assert {"revised", "contradicts"} <= {d["kind"] for d in group["differences"]}
    assert [(d["claim"], d["with"]) for d in group["disagreements"]] == \
        [(d["claim"], d["with"]) for d in group["differences"] if d["kind"] == "contradicts"]
    assert client.get("/api/stories/st-nope").status_code == 404
    assert client.get("/api/stories", params={"since": "2024-13-01"}).status_code == 422
    assert len(client.get("/api/stories", params={"lang": "en"}).json()) == 3


def test_story_page_shows_contradictions_side_by_side(client):
    story_id = client.get("/api/stories", params={"limit": 1}).json()[0]["id"]
    main_story = max(client.get("/api/stories").json(), key=lambda s: len(s["articles"]))
    page = client.get(f"/stories/{main_story['id']}")
    assert page.status_code == 200
    html = page.text
    assert html.count('data-kind="side-by-side"') >= 1
    assert 'data-kind="story-statement" lang="en"' in html and 'data-kind="story-statement" lang="fr"' in html
    assert "un petit nombre de soldats nord-coréens" in html and "<mark>" in html
    assert client.get("/stories").status_code == 200 and story_id
    assert client.get("/stories/st-nope").status_code == 404
    claims_page = client.get("/claims", params={"about": "nord-coréens"}).text
    assert f'/stories/{main_story["id"]}' in claims_page and 'data-difference="revised"' in claims_page


def test_figures_in_any_grouping_are_searchable(kb):
    """The same figure found by its digits in either language's writing."""
    with ro(kb) as con:
        french = {(c["article_id"], c["n"]) for g in queries.numbers(con, "12 000")["groups"] for c in g["claims"]}
        english = {(c["article_id"], c["n"]) for g in queries.numbers(con, "12,000")["groups"] for c in g["claims"]}
    assert french == english
    assert any(a.startswith("e0") for a, _ in french) and any(a.startswith("s") for a, _ in french)
