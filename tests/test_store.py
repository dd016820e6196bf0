"""The knowledge base (depeche.store and the `depeche` query commands) on a
real story: tests/data/story/, 34 short French and English articles written
for these tests (synthetic, see its README.md), 27 of them about North Korean
troops sent to Russia in October-November 2024, whose sources disagree on the
numbers, with syndicated near-duplicate copies, an updated article and other
topics of the same days (two of them stories of two articles, in French and
English, sharing numbers and people with the main one).

The corpus is extracted once per process (tests/_story.py: ~7 s model load,
~0.25 s an article), then ingested into temporary DuckDB files: one shared,
never written after the module fixture (`kb`), and fresh ones for the tests
that write.
"""
from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import random
import re
from contextlib import closing

import pytest

import _story
from _story import COPIES, ENGLISH, OTHER_TOPICS, off_topic
from depeche import store
from depeche.cli import main
from depeche.text import fold
from depeche.store import queries
from depeche.store.queries import Filters
from depeche.store.schema import ARTICLE_TABLES

TABLES = ("articles",) + ARTICLE_TABLES + ("entities", "entity_aliases")


# --- fixtures and helpers ------------------------------------------------------

@pytest.fixture(scope="module")
def kb(tmp_path_factory, recs):
    """The story ingested in batches of 8 (so that one copy, s07b, meets its
    original in an earlier batch and the others within their batch); read-only
    afterwards."""
    path = tmp_path_factory.mktemp("kb") / "story.duckdb"
    with closing(store.connect(str(path))) as con:
        stats = store.ingest(con, recs, batch_size=8)
        assert store.reindex(con), "the fts extension did not load"
    return path, stats


def ro(kb_or_path):
    path = kb_or_path[0] if isinstance(kb_or_path, tuple) else kb_or_path
    return closing(store.connect(str(path), read_only=True))


def fresh(tmp_path, recs, name="kb.duckdb"):
    """A new database holding `recs`, indexed; the caller closes it."""
    path = tmp_path / name
    con = store.connect(str(path))
    stats = store.ingest(con, recs)
    store.reindex(con)
    return con, path, stats


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def cli(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def soldiers(result: dict) -> dict:
    """The group of North Korean soldiers: "soldats nord-coréens" and
    "North Korean troops" alike (claims.py)."""
    groups = [g for g in result["groups"] if g["unit"] == "soldier" and g["qualifier"] == "KP"]
    assert len(groups) == 1, [(g["unit"], g["qualifier"]) for g in result["groups"]]
    return groups[0]


def canonical(con, name: str) -> str:
    """The name the knowledge base gives the entity `name` stands for (the
    first form stored: "Dmitry Peskov" when an English report came first)."""
    return queries.find_entity(con, name)["name"]


def claims_by_source(group: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for c in group["claims"]:
        out.setdefault(c["source"], []).append(c)
    return out


US_DOD = {"Sabrina Singh", "Lloyd Austin", "Le Pentagone", "Pentagone", "ministère américain de la Défense"}
UKRAINE = {"Sergiy Kyslytsya", "Volodymyr Zelensky", "Kyrylo Boudanov"}
# (the English "National Intelligence Service (NIS)" and the French "Service national du
# renseignement sud-coréen (NIS)" are one body, its store name either)
SOUTH_KOREA = {"Service national du renseignement", "NIS", "National Intelligence Service"}


def austin_variant(aid: str = "ap-austin", published: str = "2024-11-12") -> dict:
    """A record, by hand, whose person is spelled "Lloyd J. Austin"."""
    text = ("Washington (AP) — Lloyd J. Austin a déclaré mardi que 11 500 soldats nord-coréens avaient "
            f"rejoint le front de Koursk ({aid}).")
    name, place = "Lloyd J. Austin", "Koursk"
    a, k = text.index(name), text.index(place)
    content = "11 500 soldats nord-coréens avaient rejoint le front de Koursk"
    c = text.index(content)
    q = "11 500 soldats nord-coréens"
    return {
        "id": aid, "lang": "fr", "title": None, "published": published,
        "source": {"outlet": "AP", "dateline": "Washington (AP) —", "author": None, "url": None},
        "text": text, "removed": [], "keywords": [],
        "entities": [
            {"id": "E1", "name": name, "type": "PER", "mentions": [[a, a + len(name)]],
             "roles": [], "country": "US", "forms": [name]},
            {"id": "E2", "name": place, "type": "LOC", "mentions": [[k, k + len(place)]],
             "roles": [], "country": "RU", "forms": [place]},
        ],
        "statements": [{"id": "S1", "speaker": "E1", "speaker_text": name, "cue": "a déclaré", "kind": "indirect",
                        "stance": "assert", "content": content, "span": [c, c + len(content)]}],
        "quantities": [{"value": 11500, "low": None, "high": None, "approx": False, "unit": "soldats nord-coréens",
                        "text": q, "span": [c, c + len(q)], "statement": "S1"}],
        "vague_quantities": [], "places": [], "dates": [], "events": [],
    }


# --- the corpus itself ------------------------------------------------------------

def test_corpus_is_one_story_over_three_weeks():
    arts = [_story.article(p) for p in _story.ARTICLE_FILES]
    assert len(arts) >= 22
    assert (_story.STORY / "README.md").read_text(encoding="utf-8").count("Synthetic") >= 1
    for a in arts:
        assert set(a) >= {"id", "published", "title", "text"}, a["id"]
        words = len(re.findall(r"\w+(?:['’-]\w+)*", a["text"]))
        assert 80 <= words <= 250, (a["id"], words)
        # a dateline naming the outlet: "Place (Outlet) — ..." or "Place, Outlet —"
        assert re.match(r"[A-ZÀ-Ý][\w' -]+(\s*\([^)]+\)|,\s*[^—\n]+?)\s*—", a["text"]), a["id"]
    days = sorted(datetime.date.fromisoformat(a["published"]) for a in arts)
    assert (days[-1] - days[0]).days >= 20
    ids = {a["id"] for a in arts}
    assert set(COPIES) | set(COPIES.values()) | OTHER_TOPICS <= ids
    upd = _story.article(_story.UPDATE_FILE)
    old = _story.article(_story.STORY / "s13-ukrinform.json")
    assert upd["id"] == old["id"] and upd["text"].startswith(old["text"]) and len(upd["text"]) > len(old["text"])


def test_copies_change_only_the_dateline_and_a_word_or_two():
    for copy_id, orig_id in COPIES.items():
        a = _story.article(_story.STORY / f"{orig_id}.json")["text"]
        b = _story.article(_story.STORY / f"{copy_id}.json")["text"]
        body_a = re.split(r"—\s*", a, maxsplit=1)[1].split()
        body_b = re.split(r"—\s*", b, maxsplit=1)[1].split()
        assert len(body_a) == len(body_b), copy_id
        changed = sum(x != y for x, y in zip(body_a, body_b))
        assert 1 <= changed <= 2, (copy_id, changed)
        assert a.split("—")[0] != b.split("—")[0]  # another outlet's dateline


def test_every_article_is_extracted(recs):
    assert [r["id"] for r in recs] == [p.stem for p in _story.ARTICLE_FILES]
    assert all(r["lang"] == ("en" if r["id"] in ENGLISH else "fr") and r["source"]["outlet"] for r in recs)


def test_ingest_stats(kb, recs):
    _, stats = kb
    assert (stats.added, stats.updated, stats.unchanged, stats.rejected) == (len(recs), 0, 0, 0)
    assert stats.duplicates == len(COPIES)


# --- numbers --------------------------------------------------------------------

def test_numbers_soldiers_disagree_across_sources(kb, by_id):
    with ro(kb) as con:
        res = queries.numbers(con, "nord-coréens")
    group = soldiers(res)
    assert res["groups"][0] is group  # the group with most disagreements first
    claims = group["claims"]
    assert len(claims) >= 10
    for c in claims:
        assert c["source"] and isinstance(c["published"], datetime.date)
        lo, hi = c["interval"]
        assert 0 <= lo <= hi
        assert c["value"] is not None or c["magnitude"] is not None
        assert c["article_id"] not in OTHER_TOPICS  # "1 200 soldats" in Valencia is another story
        assert c["article_id"] not in COPIES       # a syndicated copy is not a second source
    sources = claims_by_source(group)
    assert sources.keys() & US_DOD and sources.keys() & UKRAINE and sources.keys() & SOUTH_KOREA, sorted(sources)
    # who says what
    assert {c["value"] for c in sources.get("Sabrina Singh", [])} >= {12000}
    assert any(c["value"] == 12000 and c["approx"] for c in sources.get("Sergiy Kyslytsya", []))
    assert any(c["value"] == 10000 for s in SOUTH_KOREA for c in sources.get(s, []))
    assert group["languages"] == ["en", "fr"]  # "North Korean troops" with "soldats nord-coréens"
    few = [c for c in claims if c["magnitude"] == "few" and c["lang"] == "fr"]
    assert few and few[0]["text"] == "un petit nombre de soldats nord-coréens"
    assert few[0]["disagrees"]
    # every disagreement is between two sources
    assert group["disagreements"]
    for d in group["disagreements"]:
        a, b = claims[d["claim"]], claims[d["with"]]
        assert fold(a["source"]) != fold(b["source"])
        la, ha = a["interval"]
        lb, hb = b["interval"]
        assert ha < lb or hb < la, d  # intervals that do not meet
        assert a["disagrees"]
        assert a["source"] in d["why"] and b["source"] in d["why"]


def test_numbers_before_the_outlier_show_seoul_3000_against_12000(kb):
    """Until 4 November (before "un petit nombre"), Seoul's early 3 000 stands
    against the 10-12 000 of others; Robert Wood's exact 8 000 fits neither."""
    with ro(kb) as con:
        group = soldiers(queries.numbers(con, "nord-coréens", Filters(until="2024-11-04")))
    claims = group["claims"]
    assert all(str(c["published"]) <= "2024-11-04" for c in claims)
    by_text = {(c["article_id"], c["text"]): i for i, c in enumerate(claims)}
    against = {}  # claim -> the claims it is in a contradiction with, either side
    for d in group["disagreements"]:
        against.setdefault(d["claim"], set()).add(d["with"])
        against.setdefault(d["with"], set()).add(d["claim"])
    early = by_text[("s03-afp", "Environ 3 000 soldats nord-coréens")]
    assert any(claims[j]["interval"][0] >= 10000 for j in against[early])
    wood = [i for i, c in enumerate(claims) if c["source"] == "Robert Wood"]
    assert wood and any(claims[j]["value"] in (3000, 12000) for j in against[wood[0]])


def test_numbers_cli_json(kb, capsys):
    status, out, err = cli(capsys, "numbers", "nord-coréens", "--db", kb[0], "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["about"] == "nord-coréens"
    group = soldiers(data)
    assert group["disagreements"]
    d = group["disagreements"][0]
    a, b = group["claims"][d["claim"]], group["claims"][d["with"]]
    assert a["source"] != b["source"]
    for c in group["claims"]:
        assert {"source", "published", "value", "interval", "text", "article_id", "disagrees"} <= c.keys()
        datetime.date.fromisoformat(c["published"])


def test_numbers_copies_counted_only_when_asked(kb):
    with ro(kb) as con:
        default = soldiers(queries.numbers(con, "nord-coréens"))
        everything = soldiers(queries.numbers(con, "nord-coréens", Filters(duplicates=True)))
    copies = [c for c in everything["claims"] if c["article_id"] in COPIES]
    assert {c["article_id"] for c in copies} == set(COPIES)
    assert len(everything["claims"]) == len(default["claims"]) + len(copies)

    def kyslytsya_12000(group):
        return [c for c in group["claims"] if c["source"] == "Sergiy Kyslytsya" and c["value"] == 12000]

    assert [c["article_id"] for c in kyslytsya_12000(default)] == ["s10-afp"]  # once, not twice
    assert sorted(c["article_id"] for c in kyslytsya_12000(everything)) == ["s10-afp", "s10b-france24"]


def test_numbers_speaker_filter(kb):
    with ro(kb) as con:
        res = queries.numbers(con, "nord-coréens", Filters(speaker="Sabrina Singh"))
    assert res["groups"]
    assert {c["source"] for g in res["groups"] for c in g["claims"]} == {"Sabrina Singh"}


# --- who said what ----------------------------------------------------------------

def test_said_groups_statements_by_speaker(kb):
    with ro(kb) as con:
        groups = queries.said(con, "nord-coréens")
        names = {r[0]: r[1] for r in con.execute("SELECT eid, name FROM entities").fetchall()}
        peskov_name = canonical(con, "Dmitri Peskov")
    by_name = {g["speaker"]: g for g in groups}
    assert by_name.keys() & US_DOD, sorted(by_name)
    assert by_name.keys() & UKRAINE, sorted(by_name)
    for g in groups:
        assert g["count"] == len(g["statements"]) == sum(g["stances"].values())
        if g["speaker_eid"] is not None:
            assert names[g["speaker_eid"]] == g["speaker"]
        for s in g["statements"]:
            assert s["article_id"] not in COPIES and not off_topic(s["article_id"], s["content"], g["speaker"])
    assert [g["count"] for g in groups] == sorted((g["count"] for g in groups), reverse=True)
    peskov = by_name[peskov_name]
    assert {"deny", "refuse_confirm"} <= set(peskov["stances"]), peskov["stances"]
    assert {s["article_id"] for s in peskov["statements"]} >= {"s02-ria", "s05-afp", "s12-ria", "s18-ria"}
    singh = by_name["Sabrina Singh"]
    assert {s["article_id"] for s in singh["statements"]} <= {"s07-reuters", "s16-reuters"}


def test_said_with_duplicates_and_filters(kb):
    with ro(kb) as con:
        default = queries.said(con, "nord-coréens")
        everything = queries.said(con, "nord-coréens", Filters(duplicates=True))
        deny = queries.said(con, "nord-coréens", Filters(stance="deny"))
        peskov = queries.said(con, "nord-coréens", Filters(speaker="Peskov"))
        early = queries.said(con, "nord-coréens", Filters(until="2024-10-24"))
        peskov_name, nebenzia = canonical(con, "Dmitri Peskov"), canonical(con, "Vassili Nebenzia")
    n = sum(g["count"] for g in default)
    arts = {s["article_id"] for g in everything for s in g["statements"]}
    # every copy reports what its original does, "nord-coréens" included
    assert arts & set(COPIES) == {"s03b-tv5monde", "s07b-zonebourse", "s10b-france24", "s14b-lefigaro"}
    assert sum(g["count"] for g in everything) > n
    assert {s["stance"] for g in deny for s in g["statements"]} == {"deny"}
    assert {g["speaker"] for g in deny} >= {peskov_name, nebenzia}
    assert [g["speaker"] for g in peskov] == [peskov_name]
    assert all(str(s["published"]) <= "2024-10-24" for g in early for s in g["statements"])


def test_said_tells_other_topics_apart(kb):
    with ro(kb) as con:
        infl = queries.said(con, "désinflation")
        soldats = queries.numbers(con, "soldats")
    assert {s["article_id"] for g in infl for s in g["statements"]} == {"x02-reuters-inflation"}
    # a plain "soldats" search does reach Valencia's soldiers: "nord-coréens" is what tells them apart
    assert "x01-afp-valence" in {c["article_id"] for g in soldats["groups"] for c in g["claims"]}


def test_speaker_peskov_in_date_order(kb):
    with ro(kb) as con:
        res = queries.speaker(con, "Dmitri Peskov")
    # One person in French and English: "Dmitri Peskov", "Dmitry Peskov" (names.py)
    assert res["entity"]["name"] in ("Dmitri Peskov", "Dmitry Peskov") and res["entity"]["type"] == "PER"
    sts = res["statements"]
    assert len(sts) >= 6
    dates = [s["published"] for s in sts]
    assert dates == sorted(dates)
    assert dates[0] == datetime.date(2024, 10, 18) and dates[-1] == datetime.date(2024, 11, 8)
    stances = [s["stance"] for s in sts]
    assert stances.index("deny") < stances.index("refuse_confirm") < stances.index("not_deny")
    assert {s["article_id"] for s in sts} == {"s02-ria", "s05-afp", "s12-ria", "s18-ria", "e02-reuters-en"}


def test_entity_lloyd_austin(kb):
    with ro(kb) as con:
        res = queries.entity(con, "Lloyd Austin")
        alias = queries.entity(con, "lloyd austin")  # folded name, same entity
        russia = canonical(con, "Russie")
    assert res["entity"]["name"] == "Lloyd Austin" and res["entity"]["type"] == "PER"
    assert alias["entity"]["eid"] == res["entity"]["eid"]
    assert "secrétaire américain à la Défense" in res["roles"]
    assert res["countries"][0] == "US"
    co = {c["name"] for c in res["co_mentioned"]}
    assert {"Antony Blinken", "Sabrina Singh", russia} <= co
    assert res["first_seen"] == datetime.date(2024, 10, 23)
    assert res["last_seen"] == datetime.date(2024, 11, 8)
    assert res["articles"] == 6  # the troops' four, and the missile test's two (French, English)
    by = res["statements_by"]
    assert {s["article_id"] for s in by} == {"s04-reuters", "s11-reuters", "s17-cnnindonesia", "u01-afp-missile",
                                             "u02-reuters-en-missile"}
    assert any(s["stance"] == "refuse_confirm" for s in by)
    assert [s["published"] for s in by] == sorted(s["published"] for s in by)


def test_entity_leaves_out_copies(kb):
    with ro(kb) as con:
        res = queries.entity(con, "Sabrina Singh")
    assert "s07b-zonebourse" not in {s["article_id"] for s in res["statements_by"]}


# --- canonical entities --------------------------------------------------------------

def test_lloyd_austin_is_one_entity(kb, capsys):
    with ro(kb) as con:
        res = queries.sql(con, "SELECT eid, name, type, country FROM entities WHERE norm = 'lloyd austin'")
        assert len(res["rows"]) == 1
        eid = res["rows"][0][0]
        arts = queries.sql(con, "SELECT DISTINCT article_id FROM article_entities WHERE name = 'Lloyd Austin' "
                                "ORDER BY 1")["rows"]
        same = queries.sql(con, f"SELECT DISTINCT article_id FROM article_entities WHERE eid = {eid} ORDER BY 1")["rows"]
        dmitri = con.execute("SELECT count(DISTINCT eid) FROM entity_aliases "
                             "WHERE alias IN ('dmitri peskov', 'dmitry peskov')").fetchone()[0]
    assert [r[0] for r in arts] == ["s04-reuters", "s11-reuters", "s16-reuters", "s17-cnnindonesia",
                                    "u01-afp-missile", "u02-reuters-en-missile"]
    assert same == arts
    assert dmitri == 1  # French and English spellings, one person
    status, out, err = cli(capsys, "sql", "SELECT count(*) AS n FROM entities WHERE name = 'Lloyd Austin'",
                           "--db", kb[0], "--format", "csv")
    assert status == 0, err
    assert list(csv.reader(io.StringIO(out))) == [["n"], ["1"]]


def test_corpus_shows_leading_article_names(kb):
    """What the extractor gives: "Le Pentagone" in some articles, "Pentagone"
    in others (the store then keeps two entities, see the test below)."""
    with ro(kb) as con:
        names = {r[0] for r in con.execute("SELECT DISTINCT name FROM article_entities").fetchall()}
    assert {"Le Pentagone", "Pentagone"} <= names


def tiny(aid: str, names: list[tuple[str, str]]) -> dict:
    """A minimal valid record naming `names` ((name, type) pairs)."""
    text = f"{aid} — " + ", ".join(n for n, _ in names) + "."
    ents = []
    for k, (n, t) in enumerate(names, 1):
        a = text.index(n)
        ents.append({"id": f"E{k}", "name": n, "type": t, "mentions": [[a, a + len(n)]], "roles": [],
                     "country": None, "forms": [n]})
    return {"id": aid, "lang": "fr", "title": None, "published": "2024-11-01",
            "source": {"outlet": None, "dateline": None, "author": None, "url": None}, "text": text,
            "removed": [], "keywords": [], "entities": ents, "statements": [], "quantities": [],
            "vague_quantities": [], "places": [], "dates": [], "events": []}


def test_leading_article_does_not_split_an_entity(tmp_path):
    with closing(store.connect(str(tmp_path / "c.duckdb"))) as con:
        store.ingest(con, [tiny("a1", [("Le Pentagone", "ORG"), ("L'OTAN", "ORG")]),
                           tiny("a2", [("Pentagone", "ORG"), ("OTAN", "ORG")])])
        rows = con.execute("SELECT local_id, count(DISTINCT eid) FROM article_entities GROUP BY local_id "
                           "ORDER BY 1").fetchall()
    assert rows == [("E1", 1), ("E2", 1)]


# --- idempotency and new versions ------------------------------------------------------

def test_ingest_twice_changes_nothing(tmp_path, recs):
    con, _, first = fresh(tmp_path, recs)
    with closing(con):
        before = counts(con)
        hashes = con.execute("SELECT article_id, record_hash, dup_of FROM articles ORDER BY 1").fetchall()
        again = store.ingest(con, _story.records(), batch_size=5)
        assert (again.added, again.updated, again.unchanged, again.rejected, again.duplicates) == \
               (0, 0, len(recs), 0, 0)
        assert counts(con) == before
        assert con.execute("SELECT article_id, record_hash, dup_of FROM articles ORDER BY 1").fetchall() == hashes
    assert first.added == len(recs)


def test_updated_article_replaces_its_rows(tmp_path, recs, by_id):
    upd = _story.update_record()
    old = by_id[upd["id"]]
    con, _, _ = fresh(tmp_path, recs)
    with closing(con):
        before = counts(con)
        assert _story.stored_counts(con)[upd["id"]] == _story.expected_counts(old)
        stats = store.ingest(con, [upd])
        assert (stats.added, stats.updated, stats.unchanged) == (0, 1, 0)
        store.reindex(con)
        after = counts(con)
        stored = _story.stored_counts(con)
        # its rows are the new record's, nothing left of the old one
        assert stored[upd["id"]] == _story.expected_counts(upd)
        assert stored[upd["id"]]["statements"] != len(old["statements"])
        sids = {r[0] for r in con.execute("SELECT sid FROM statements WHERE article_id = ?", [upd["id"]]).fetchall()}
        assert sids == {s["id"] for s in upd["statements"]}
        assert con.execute("SELECT text, title FROM articles WHERE article_id = ?", [upd["id"]]).fetchone() == \
               (upd["text"], upd["title"])
        assert con.execute("SELECT count(*) FROM minhash WHERE article_id = ?", [upd["id"]]).fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM lsh WHERE article_id = ?", [upd["id"]]).fetchone()[0] == 16
        # the other articles did not move
        for aid, c in stored.items():
            if aid != upd["id"]:
                assert c == _story.expected_counts(by_id[aid]), aid
        assert after["articles"] == before["articles"]
        assert after["statements"] - before["statements"] == len(upd["statements"]) - len(old["statements"])
        # the new paragraph is searchable after reindex
        assert any("contingents" in s["content"] for g in queries.said(con, "contingents") for s in g["statements"])
        # and re-ingesting the update is a no-op
        assert store.ingest(con, [_story.update_record()]).unchanged == 1
        assert counts(con) == after


def test_cli_ingest_again_and_update(tmp_path, capsys, recs):
    """The same through `depeche ingest` on JSONL records: a second run
    changes nothing, a new version of an article replaces it."""
    src = _story.write_jsonl(tmp_path / "story.jsonl", recs)
    upd = _story.write_jsonl(tmp_path / "update.jsonl", [_story.update_record()])
    db = tmp_path / "cli.duckdb"
    status, _, err = cli(capsys, "ingest", src, "--db", db, "--no-progress", "--batch-size", "10")
    assert status == 0
    assert f"{len(recs)} added, 0 updated, 0 unchanged, 0 rejected, {len(COPIES)} near-duplicates linked" in err
    with ro(db) as con:
        first = counts(con)
    status, _, err = cli(capsys, "ingest", src, "--db", db, "--no-progress")
    assert status == 0 and f"0 added, 0 updated, {len(recs)} unchanged, 0 rejected" in err
    with ro(db) as con:
        assert counts(con) == first
    status, _, err = cli(capsys, "ingest", upd, "--db", db, "--no-progress")
    assert status == 0 and "0 added, 1 updated, 0 unchanged, 0 rejected" in err, err
    with ro(db) as con:
        n = con.execute("SELECT count(*) FROM statements WHERE article_id = 's13-ukrinform'").fetchone()[0]
    assert n == len(_story.update_record()["statements"])


# --- near-duplicates ---------------------------------------------------------------

def test_copies_link_to_the_earlier_copy(kb):
    with ro(kb) as con:
        rows = con.execute("SELECT article_id, dup_of, dup_score FROM articles WHERE dup_of IS NOT NULL").fetchall()
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert {a: d for a, d, _ in rows} == COPIES
    assert all(s >= 0.8 for _, _, s in rows)
    assert n == len(_story.ARTICLE_FILES)


def test_copy_ingested_later_links_to_stored_original(tmp_path, recs):
    """Across runs: the original stored first, the copy in a later run."""
    originals = [r for r in recs if r["id"] not in COPIES]
    copies = [r for r in recs if r["id"] in COPIES]
    con, _, stats = fresh(tmp_path, originals)
    with closing(con):
        assert stats.duplicates == 0
        later = store.ingest(con, copies)
        assert later.duplicates == len(COPIES)
        assert dict(con.execute("SELECT article_id, dup_of FROM articles WHERE dup_of IS NOT NULL").fetchall()) == COPIES


def test_copy_ingested_first_still_links_to_the_earlier_publication(tmp_path, by_id):
    with closing(store.connect(str(tmp_path / "rev.duckdb"))) as con:
        store.ingest(con, [by_id["s10b-france24"]])   # published 31 October
        store.ingest(con, [by_id["s10-afp"]])         # published 30 October
        links = dict(con.execute("SELECT article_id, dup_of FROM articles").fetchall())
    assert links == {"s10-afp": None, "s10b-france24": "s10-afp"}


def _variant(rec: dict, aid: str, published: str | None) -> dict:
    out = copy.deepcopy(rec)
    out["id"], out["published"] = aid, published
    return out


def test_copy_links_do_not_depend_on_order_or_batch_size(tmp_path, recs, by_id):
    """The rule: in a group of near-duplicates, the original is the copy
    published first (undated last), ties broken by the smaller id; every other
    copy links to it. s03-afp and s03b-tv5monde share a date (the id decides);
    a10-earlier, published the day before s10-afp, takes the s10 group over."""
    extra = [_variant(by_id["s03-afp"], "s03c-undated", None),
             _variant(by_id["s10b-france24"], "a10-earlier", "2024-10-29")]
    expected = {**COPIES, "s03c-undated": "s03-afp", "s10-afp": "a10-earlier", "s10b-france24": "a10-earlier"}
    for n, batch in enumerate((1, 3, 100)):
        shuffled = recs + extra
        random.Random(n).shuffle(shuffled)
        with closing(store.connect(str(tmp_path / f"order{n}.duckdb"))) as con:
            stats = store.ingest(con, shuffled, batch_size=batch, workers=0)
            links = dict(con.execute("SELECT article_id, dup_of FROM articles WHERE dup_of IS NOT NULL").fetchall())
            scores = con.execute("SELECT min(dup_score) FROM articles WHERE dup_of IS NOT NULL").fetchone()[0]
        assert links == expected, (batch, n)
        assert stats.duplicates == len(links), (batch, stats.duplicates)
        assert scores >= 0.8


def test_a_stored_original_gives_way_to_an_earlier_copy(tmp_path, recs, by_id):
    """Across runs: the group's stored links move to the earlier copy, and
    the summary counts the rows marked."""
    con, _, stats = fresh(tmp_path, recs)
    with closing(con):
        assert stats.duplicates == len(COPIES)
        later = store.ingest(con, [_variant(by_id["s10b-france24"], "a10-earlier", "2024-10-29")])
        links = dict(con.execute("SELECT article_id, dup_of FROM articles WHERE dup_of IS NOT NULL").fetchall())
    assert later.duplicates == 1  # s10-afp marked; s10b-france24 was marked already
    assert links == {**COPIES, "s10-afp": "a10-earlier", "s10b-france24": "a10-earlier"}


# --- validation ---------------------------------------------------------------------

def test_bad_records_rejected_rest_stored(tmp_path, by_id):
    good = [copy.deepcopy(by_id["s01-ukrinform"]), copy.deepcopy(by_id["x02-reuters-inflation"])]
    base = by_id["s04-reuters"]

    def bad(aid, change):
        r = copy.deepcopy(base)
        r["id"] = aid
        change(r)
        return r

    n = len(base["text"])
    bads = [
        bad("bad-span", lambda r: r["statements"][0].__setitem__("span", [10, n + 10])),
        bad("bad-speaker", lambda r: r["statements"][1].__setitem__("speaker", "E99")),
        bad("bad-stance", lambda r: r["statements"][2].__setitem__("stance", "peut-être")),
        bad("bad-text", lambda r: r.pop("text")),
        bad("bad-mention", lambda r: r["entities"][0].__setitem__("mentions", [[5, 2]])),
        bad("bad-quantity", lambda r: r["vague_quantities"].append(
            {"text": "x", "span": [0, 1], "statement": "S42"})),
    ]
    path = tmp_path / "v.duckdb"
    with closing(store.connect(str(path))) as con:
        stats = store.ingest(con, [good[0]] + bads + [good[1]])
        stored = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
        orphans = sum(con.execute(f"SELECT count(*) FROM {t} WHERE article_id LIKE 'bad-%'").fetchone()[0]
                      for t in ARTICLE_TABLES)
    assert (stats.added, stats.rejected) == (2, len(bads))
    assert stored == {"s01-ukrinform", "x02-reuters-inflation"} and orphans == 0
    errors = dict(stats.errors)
    assert re.match(r"statements\[0\]\.span: end \d+ is past the text \(\d+ characters\)", errors["bad-span"])
    assert errors["bad-speaker"].startswith("statements[1].speaker: 'E99'")
    assert errors["bad-stance"].startswith("statements[2].stance:")
    assert errors["bad-text"] == "text: missing"
    assert errors["bad-mention"].startswith("entities[0].mentions[0]:")
    assert errors["bad-quantity"].startswith("vague_quantities[0].statement:")


@pytest.mark.parametrize("field, change", [
    ("entities[0].roles", lambda r: r["entities"][0].__setitem__("roles", "secrétaire à la Défense")),
    ("published", lambda r: r.__setitem__("published", "2024-13-45")),
    ("quantities[0].unit", lambda r: r["quantities"][0].__setitem__("unit", 12)),
    ("statements[0].speaker_text", lambda r: r["statements"][0].__setitem__("speaker_text", 7)),
], ids=["roles-not-a-list", "impossible-date", "unit-not-a-string", "speaker_text-not-a-string"])
def test_bad_field_types_rejected_rest_stored(tmp_path, by_id, field, change):
    good = copy.deepcopy(by_id["x02-reuters-inflation"])
    bad = copy.deepcopy(by_id["s11-reuters"])
    bad["id"] = "bad"
    change(bad)
    with closing(store.connect(str(tmp_path / "v.duckdb"))) as con:
        stats = store.ingest(con, [good, bad])
        stored = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
    assert stored == {"x02-reuters-inflation"}
    assert stats.rejected == 1 and stats.errors[0][1].startswith(field)


def test_cli_ingest_jsonl_with_bad_lines(tmp_path, capsys, by_id):
    a, b, c = (copy.deepcopy(by_id[k]) for k in ("s02-ria", "s05-afp", "s12-ria"))
    bad = copy.deepcopy(by_id["s18-ria"])
    bad["statements"][0]["stance"] = "dément"
    src = tmp_path / "records.jsonl"
    line_b = json.dumps(b, ensure_ascii=False)
    src.write_text("\n".join([
        json.dumps(a, ensure_ascii=False),
        line_b[: len(line_b) // 2],           # truncated: line 2
        json.dumps(bad, ensure_ascii=False),  # stance not in RECORD.md: line 3
        "[1, 2, 3]",                          # not an object: line 4
        "",
        json.dumps(c, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "cli.duckdb"
    status, out, err = cli(capsys, "ingest", src, "--db", db, "--no-progress")
    assert status == 1
    assert "2 added, 0 updated, 0 unchanged, 3 rejected" in err
    assert re.search(r"rejected .*records\.jsonl:2: .*invalid JSON at line 2", err)
    assert "rejected s18-ria: statements[0].stance: expected one of" in err
    assert re.search(r"records\.jsonl:4: .*line 4: not a JSON object", err)
    with ro(db) as con:
        stored = sorted(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall())
        counts_ = _story.stored_counts(con)
    assert stored == ["s02-ria", "s12-ria"]
    assert counts_["s02-ria"] == _story.expected_counts(a) and counts_["s12-ria"] == _story.expected_counts(c)
    # the good records are queryable at once (ingest reindexed)
    status, out, _ = cli(capsys, "speaker", "Dmitri Peskov", "--db", db, "--format", "json")
    assert status == 0 and {s["article_id"] for s in json.loads(out)["statements"]} == {"s02-ria", "s12-ria"}


def test_cli_ingest_jsonl_truncated_first_line(tmp_path, capsys, by_id):
    a, b, c = (copy.deepcopy(by_id[k]) for k in ("s02-ria", "s05-afp", "s12-ria"))
    for r in (b, c):
        r["keywords"] = ["marqueur-test"]  # a record field extraction would not produce
    line_a = json.dumps(a, ensure_ascii=False)
    src = tmp_path / "records.jsonl"
    src.write_text(line_a[:300] + "\n" + json.dumps(b, ensure_ascii=False) + "\n"
                   + json.dumps(c, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "cli.duckdb"
    status, out, err = cli(capsys, "ingest", src, "--db", db, "--no-progress")
    assert status == 1
    with ro(db) as con:
        rows = dict(con.execute("SELECT article_id, keywords FROM articles").fetchall())
    assert rows == {"s05-afp": ["marqueur-test"], "s12-ria": ["marqueur-test"]}


# --- sql is read-only ---------------------------------------------------------------------

def test_sql_is_read_only(tmp_path, capsys, recs):
    con, db, _ = fresh(tmp_path, recs)
    with closing(con):
        before = counts(con)
    for query in ("INSERT INTO articles (article_id, record_hash) VALUES ('x', 'y')",
                  "DROP TABLE statements",
                  "DELETE FROM entities",
                  "UPDATE articles SET dup_of = NULL",
                  "CREATE TABLE t AS SELECT 1"):
        status, out, err = cli(capsys, "sql", query, "--db", db)
        assert status == 2, query
        assert out == ""
        assert err.startswith("depeche: ") and "read-only" in err and "Traceback" not in err, err
    status, out, err = cli(capsys, "sql", "SELECT nonsense FROM nowhere", "--db", db)
    assert status == 2 and err.startswith("depeche: CatalogException") and "Traceback" not in err
    with ro(db) as con:
        assert counts(con) == before
    status, out, err = cli(capsys, "sql", "SELECT 1", "--db", tmp_path / "missing.duckdb")
    assert status == 2 and "no database" in err
    assert not (tmp_path / "missing.duckdb").exists()


def test_sql_does_not_write_files(tmp_path, capsys, recs):
    con, db, _ = fresh(tmp_path, recs)
    con.close()
    leak = tmp_path / "leak.csv"
    status, out, err = cli(capsys, "sql", f"COPY articles TO '{leak}'", "--db", db)
    assert status == 2 and not leak.exists()


# --- merge -------------------------------------------------------------------------------

def test_merge_joins_two_entities(tmp_path, capsys, recs):
    con, db, _ = fresh(tmp_path, recs + [austin_variant()])
    with closing(con):
        two = con.execute("SELECT eid, name FROM entities WHERE norm LIKE 'lloyd%austin' ORDER BY eid").fetchall()
        assert [n for _, n in two] == ["Lloyd Austin", "Lloyd J. Austin"]
        # (14: the Reuters dateline "ROME" is no speaker of his words, and "a condamné le tir,
        # qu'il a qualifié de « … »" is two statements, the act's object no mid-sentence incise)
        assert len(queries.speaker(con, "Lloyd Austin")["statements"]) == 14
    (keep, _), (drop, _) = two
    status, _, err = cli(capsys, "merge", "Lloyd Austin", "Lloyd J. Austin", "--db", db)
    assert status == 0
    assert f"merged Lloyd J. Austin (#{drop}) into Lloyd Austin (#{keep})" in err
    with ro(db) as con:
        assert con.execute("SELECT merged_into FROM entities WHERE eid = ?", [drop]).fetchone()[0] == keep
        for table, col in (("article_entities", "eid"), ("mentions", "eid"), ("statements", "speaker_eid")):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE {col} = ?", [drop]).fetchone()[0] == 0
        sp = queries.speaker(con, "Lloyd Austin")
        assert len(sp["statements"]) == 15 and sp["statements"][-1]["article_id"] == "ap-austin"
        assert queries.speaker(con, "Lloyd J. Austin")["entity"]["eid"] == keep  # the old name follows
        ent = queries.entity(con, "Lloyd J. Austin")
        assert ent["entity"]["name"] == "Lloyd Austin" and ent["articles"] == 7
        assert ent["last_seen"] == datetime.date(2024, 11, 12)
        groups = [g for g in queries.said(con, "nord-coréens") if "Austin" in g["speaker"]]
        assert len(groups) == 1 and "ap-austin" in {s["article_id"] for s in groups[0]["statements"]}
        claims = [c for g in queries.numbers(con, "nord-coréens")["groups"] for c in g["claims"]
                  if c["article_id"] == "ap-austin"]
        assert [c["source"] for c in claims] == ["Lloyd Austin"]
    # merging again changes nothing; a later article with the old spelling joins the kept entity
    status, _, err = cli(capsys, "merge", "Lloyd Austin", "Lloyd J. Austin", "--db", db)
    assert status == 0 and "already one entity" in err
    with closing(store.connect(str(db))) as con:
        store.ingest(con, [austin_variant("ap-austin-2", "2024-11-13")])
        assert con.execute("SELECT eid FROM article_entities WHERE article_id = 'ap-austin-2' AND local_id = 'E1'"
                           ).fetchone()[0] == keep
    status, _, err = cli(capsys, "merge", "Lloyd Austin", "Personne Inconnue", "--db", db)
    assert status == 1 and "no entity named 'Personne Inconnue'" in err


# --- output formats ----------------------------------------------------------------------

QUERIES = [
    ("said", "nord-coréens", ["speaker", "published", "outlet", "stance", "kind", "content", "article_id", "sid"]),
    ("speaker", "Dmitri Peskov", ["published", "outlet", "stance", "kind", "content", "article_id", "sid"]),
    ("numbers", "nord-coréens", ["unit", "qualifier", "story", "source", "published", "lang", "value", "low",
                                 "high", "approx", "magnitude", "text", "disagrees", "differs", "article_id"]),
    ("stories", None, ["id", "title", "first", "last", "articles", "outlets", "languages"]),
    ("entity", "Lloyd Austin", ["relation", "published", "speaker", "stance", "content", "article_id", "sid"]),
    ("sql", "SELECT article_id, published, outlet FROM articles ORDER BY published, article_id",
     ["article_id", "published", "outlet"]),
]


@pytest.mark.parametrize("command, arg, columns", QUERIES, ids=[q[0] for q in QUERIES])
def test_csv_and_json_parse(kb, capsys, command, arg, columns):
    status, out, err = cli(capsys, command, *([arg] if arg else []), "--db", kb[0], "--format", "csv")
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == columns
    assert len(rows) > 2 and all(len(r) == len(columns) for r in rows)
    if "published" in columns:
        k = columns.index("published")
        assert all(re.fullmatch(r"2024-1[01]-\d\d", r[k]) for r in rows[1:] if r[k])
    status, out, err = cli(capsys, command, *([arg] if arg else []), "--db", kb[0], "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data
    status, out, err = cli(capsys, command, *([arg] if arg else []), "--db", kb[0], "--format", "table")
    assert status == 0 and out.strip(), err


def test_sql_csv_rows_match_the_articles(kb, capsys):
    status, out, _ = cli(capsys, "sql", "SELECT article_id, published, outlet FROM articles "
                                        "ORDER BY published, article_id", "--db", kb[0], "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert len(rows) == len(_story.ARTICLE_FILES)
    assert rows[0][:2] == ["s01-ukrinform", "2024-10-18"] and rows[-1][1] == "2024-11-08"
    assert dict((r[0], r[2]) for r in rows)["s17-cnnindonesia"] == "CNN Indonésie"


def test_query_nothing_found(kb, capsys):
    status, out, err = cli(capsys, "entity", "Personne Inconnue", "--db", kb[0])
    assert status == 1 and "nothing found" in err
    status, out, err = cli(capsys, "said", "zzzzqqq", "--db", kb[0], "--format", "json")
    assert status == 0 and json.loads(out) == []


def test_substring_search_takes_wildcards_literally(tmp_path, recs):
    """A query with no word to look up (signs only) is matched by substring:
    '%' and '_' are characters to find (a few statements hold "1,2 %"), not patterns."""
    with closing(store.connect(str(tmp_path / "signs.duckdb"))) as con:
        store.ingest(con, recs, workers=0)
        total = con.execute("SELECT count(*) FROM statements").fetchone()[0]
        assert queries.statements(con, "soldats")
        percent = queries.statements(con, "%", limit=total)
        assert 0 < len(percent) < total
        assert all("%" in s["content"] + (s["speaker_text"] or "") for s in percent)
        assert not con.execute("SELECT count(*) FROM statements WHERE contains(content || coalesce(speaker_text, ''), '_')"
                               ).fetchone()[0]
        assert queries.statements(con, "_") == []
        assert queries.find_entity(con, "%") is None
        assert queries.find_entity(con, "_") is None


# --- sql: one statement, cut rows told, time and memory bounded, Ctrl-C (issue 12) ---

SLOW = "SELECT sum(hash(i)) FROM range(10000000000) t(i)"  # minutes of work


def test_sql_refuses_several_statements(kb, capsys):
    status, out, err = cli(capsys, "sql", "SELECT 1 AS a; SELECT 2 AS b", "--db", kb[0])
    assert status == 2 and out == ""
    assert "2 statements given; run one at a time" in err and "Traceback" not in err
    status, out, err = cli(capsys, "sql", "  ", "--db", kb[0])
    assert status == 2 and "no SQL statement" in err
    # a semicolon inside a string is no second statement
    status, out, err = cli(capsys, "sql", "SELECT ';' AS x;", "--db", kb[0], "--format", "json")
    assert status == 0 and json.loads(out)["rows"] == [[";"]]


def test_sql_tells_when_rows_are_cut(kb, capsys):
    status, out, err = cli(capsys, "sql", "SELECT i FROM range(30) t(i)", "--db", kb[0], "--limit", "10",
                           "--format", "json")
    assert status == 0 and [r[0] for r in json.loads(out)["rows"]] == list(range(10))
    assert "rows cut at 10" in err and "--limit" in err
    status, out, err = cli(capsys, "sql", "SELECT i FROM range(10) t(i)", "--db", kb[0], "--limit", "10",
                           "--format", "json")
    assert status == 0 and len(json.loads(out)["rows"]) == 10 and err == ""


def test_sql_timeout_stops_a_slow_query(kb, capsys):
    import time

    start = time.monotonic()
    status, out, err = cli(capsys, "sql", SLOW, "--db", kb[0], "--timeout", "0.5")
    assert time.monotonic() - start < 20
    assert status == 2 and out == ""
    assert "stopped after 0.5 s" in err and "--timeout" in err and "Traceback" not in err


def test_sql_memory_limit_default_and_option(kb, capsys):
    from depeche.cli import SQL_MEMORY

    query = "SELECT current_setting('memory_limit') AS m"
    status, out, _ = cli(capsys, "sql", query, "--db", kb[0], "--format", "json")
    default = json.loads(out)["rows"][0][0]
    status, out, _ = cli(capsys, "sql", query, "--db", kb[0], "--format", "json", "--memory-limit", "100MB")
    assert status == 0 and json.loads(out)["rows"][0][0] != default
    assert SQL_MEMORY == "2GB" and default.endswith("GiB")  # 2 GB as DuckDB shows it: 1.8 GiB
    status, out, err = cli(capsys, "sql", "SELECT list(i) FROM range(50000000) t(i)", "--db", kb[0],
                           "--memory-limit", "20MB")
    assert status == 2 and "Out of Memory" in err and "--memory-limit" in err
    with pytest.raises(SystemExit):
        main(["sql", "SELECT 1", "--db", str(kb[0]), "--memory-limit", "2GB'; DROP TABLE x; --"])


def test_sql_ctrl_c_exits_130(kb, capsys):
    import os
    import signal
    import threading

    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    status, out, err = cli(capsys, "sql", SLOW, "--db", kb[0], "--timeout", "30")
    assert status == 130 and "interrupted" in err and "Traceback" not in err


def _tables(con) -> dict[str, list]:
    """Every table of the base, its rows sorted: what two ingests must agree
    on (but the clock: when a row was written)."""
    cols: dict[str, list[str]] = {}
    for t, c in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                            "WHERE NOT internal AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY table_name, column_index").fetchall():
        cols.setdefault(t, []).append(c)
    return {t: sorted(map(repr, con.execute(f"SELECT {', '.join(cs)} FROM {t}").fetchall())) for t, cs in cols.items()}


def test_writer_thread_stores_the_same_rows(tmp_path, recs):
    # The overlapped path (workers check, a writer thread stores) against the
    # plain one, batch by batch in this thread: the same tables, row for row.
    got = []
    for workers, path in ((0, tmp_path / "plain.duckdb"), (1, tmp_path / "overlap.duckdb")):
        with closing(store.connect(str(path))) as con:
            stats = store.ingest(con, recs, batch_size=4, workers=workers)
            assert stats.added == len(recs) and not stats.errors
            got.append(_tables(con))
    assert got[0] == got[1]
    assert got[0]["statements"] and got[0]["postings_statements"]
