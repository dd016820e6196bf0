"""Full-text search kept by ingest (store/search.py, schema v4): folded,
stemmed by the article's language, numbers one way, updated with the rows
(never rebuilt), an older base brought to it by its migration.

Records are written by hand here, one or two sentences each, with real
words: each test says which words must meet, and fails if folding,
stemming or number reading is wrong or missing.
"""
from __future__ import annotations

from contextlib import closing

import duckdb
import pytest

from depeche import store
from depeche.store import queries, schema, search

NNBSP = "\u202f"  # the narrow no-break space French typography puts in "12 000"


def record(aid: str, lang: str, sentences: list[str], published: str = "2024-11-05", speaker: str = "Jean Dupont"):
    """A record whose statements are `sentences`, each with one quantity
    spanning it when it holds a digit (its sentence is the quantity's context)."""
    text = " ".join(sentences)
    sts, qs = [], []
    for i, s in enumerate(sentences, 1):
        a = text.index(s)
        sts.append({"id": f"S{i}", "speaker": None, "speaker_text": speaker, "cue": "a déclaré",
                    "kind": "indirect", "stance": "assert", "content": s, "span": [a, a + len(s)]})
        if any(c.isdigit() for c in s):
            qs.append({"value": 1.0, "low": None, "high": None, "approx": False, "unit": None, "text": s,
                       "span": [a, a + len(s)], "statement": f"S{i}"})
    return {"id": aid, "lang": lang, "title": None, "published": published,
            "source": {"outlet": "AFP", "dateline": None, "author": None, "url": None},
            "text": text, "removed": [], "keywords": [], "entities": [], "statements": sts,
            "quantities": qs, "vague_quantities": [], "places": [], "dates": [], "events": []}


FRENCH = record("fr-1", "fr", [
    "Selon Vladimir Poutine, les soldats nord-coréens sont 12 000 sur le front.",
    f"L'école du village a fermé, et l'inflation atteint 3,5 % sur un an, soit 12{NNBSP}000 euros.",
    "Le convoi s'est arrêté au bord de la route, où les coureurs faisaient du running.",
])
ENGLISH = record("en-1", "en", [
    "The Pentagon said 12,000 troops had crossed the border.",
    "The running total of refugees reached 3.5 million, officials said.",
], speaker="Sabrina Singh")


@pytest.fixture
def con(tmp_path):
    with closing(store.connect(str(tmp_path / "search.duckdb"))) as c:
        stats = store.ingest(c, [FRENCH, ENGLISH], workers=0)
        assert stats.added == 2
        yield c


def found(con, about: str) -> set[tuple[str, str]]:
    """(article, statement) pairs a search finds, copies included."""
    return {(s["article_id"], s["sid"]) for s in queries.statements(con, about, queries.Filters(duplicates=True))}


def articles(con, about: str) -> set[str]:
    return {a for a, _ in found(con, about)}


def test_accents_and_case_fold(con):
    assert found(con, "poutine") == found(con, "POUTINE") == {("fr-1", "S1")}
    assert found(con, "ecole") == found(con, "École") == {("fr-1", "S2")}
    # the speaker's name is searched too
    assert articles(con, "sabrina singh") == {"en-1"}


def test_each_language_is_stemmed_by_its_own_rules(con):
    assert found(con, "soldat") == {("fr-1", "S1")}  # French plural
    assert found(con, "troop") == {("en-1", "S1")}    # English plural
    assert found(con, "refugee") == {("en-1", "S2")}  # English "refugees"
    # English rules reduce "running" to "run", French rules leave it: "runs"
    # meets the English article's "running" and not the French one's.
    assert search.tokenizer("en").terms("running runs") == ["run", "run"]
    assert search.tokenizer("fr").terms("running") == ["running"]
    assert articles(con, "runs") == {"en-1"}
    assert articles(con, "running") == {"en-1", "fr-1"}


def test_numbers_are_one_term_however_written(con):
    twelve = {("fr-1", "S1"), ("fr-1", "S2"), ("en-1", "S1")}
    for q in ("12 000", "12,000", "12000", f"12{NNBSP}000", "12\u00a0000", "12.000"):
        assert found(con, q) == twelve, q
    # French "3,5" is a decimal: the same number as English "3.5", not 35
    assert found(con, "3,5") == found(con, "3.5") == {("fr-1", "S2"), ("en-1", "S2")}
    assert found(con, "35") == set()
    assert found(con, "12") == set()
    assert search.number("1 234 567,89", ",") == ["1234567.89"]
    assert search.number("2015 300", ",") == ["2015", "300"]  # a year, then a count: not 2,015,300
    assert search.number("12 000", ".", space_groups=False) == ["12", "000"]  # English never groups by spaces


def test_numbers_search_quantities_too(con):
    res = queries.numbers(con, "12 000 soldats")
    assert {c["article_id"] for g in res["groups"] for c in g["claims"]} == {"fr-1"}
    res = queries.numbers(con, "12,000 troops")
    assert {c["article_id"] for g in res["groups"] for c in g["claims"]} == {"en-1"}


def test_a_query_of_signs_only_is_matched_by_substring(con):
    assert found(con, "%") == {("fr-1", "S2")}
    assert found(con, "zzzqqq") == set()


def stats_from_postings(con, table: str) -> tuple[int, int]:
    """(docs, total_len) counted from the postings themselves."""
    return con.execute(f"SELECT count(*), coalesce(sum(dl), 0) FROM (SELECT DISTINCT rid, dl FROM postings_{table})"
                       ).fetchone()


def running_stats(con, table: str) -> tuple[int, int]:
    return con.execute("SELECT docs, total_len FROM search_stats WHERE tbl = ?", [table]).fetchone()


def test_an_updated_article_is_searched_as_it_now_is(con):
    assert found(con, "convoi") == {("fr-1", "S3")}
    new = record("fr-1", "fr", ["Les négociateurs ont signé un cessez-le-feu à Genève, a dit le ministre."])
    stats = store.ingest(con, [new], workers=0)
    assert stats.updated == 1
    assert found(con, "convoi") == set() and found(con, "poutine") == set() and found(con, "12 000") == \
        {("en-1", "S1")}
    assert found(con, "négociateur genève") == {("fr-1", "S1")}
    for table in search.INDEXED:
        assert running_stats(con, table) == stats_from_postings(con, table), table
    # no postings of a row that is gone
    assert con.execute("SELECT count(*) FROM postings_statements WHERE rid NOT IN (SELECT rid FROM statements)"
                       ).fetchone()[0] == 0


def test_adding_writes_the_new_rows_postings_only(con):
    """Ingest adds exactly the postings of the rows it writes (one per
    distinct term of a row) and leaves every other posting as it was."""
    before = {t: con.execute(f"SELECT term, rid, tf, dl FROM postings_{t} ORDER BY ALL").fetchall()
              for t in search.INDEXED}
    docs_before = {t: running_stats(con, t) for t in search.INDEXED}
    new = record("en-2", "en", ["Officials said 300 soldiers were wounded near the river Dnipro.",
                                "Nothing to add."])
    assert store.ingest(con, [new], workers=0).added == 1
    for table, cols in search.INDEXED.items():
        rows = con.execute(f"SELECT rid, {', '.join(cols)} FROM {table} WHERE article_id = 'en-2'").fetchall()
        made = search.tokenizer("en").rows(["\n".join(t for t in r[1:] if t) for r in rows])
        expected = sum(len(set(m.split())) for m in made)
        after = con.execute(f"SELECT term, rid, tf, dl FROM postings_{table} ORDER BY ALL").fetchall()
        assert len(after) == len(before[table]) + expected, table
        old = {r for r in after if r[1] not in {x[0] for x in rows}}
        assert sorted(old) == before[table], table
        docs, total = running_stats(con, table)
        assert docs == docs_before[table][0] + sum(1 for m in made if m)
        assert total == docs_before[table][1] + sum(len(m.split()) for m in made)
    assert found(con, "soldier wounded") == {("en-2", "S1")}


def test_small_batches_are_sorted_and_merged_without_changing_results(tmp_path):
    recs = [record(f"r{i}", "fr" if i % 2 else "en", [f"Le ministre numéro {i} a parlé des soldats et de {i * 1000} euros."])
            for i in range(20)]
    with closing(store.connect(str(tmp_path / "runs.duckdb"))) as c:
        for r in recs:  # one article a time, as the server stores posted ones
            store.ingest(c, [r], workers=0)
        want = {q: found(c, q) for q in ("soldats", "ministre", "7 000", "12000 euros")}
        assert len(want["soldats"]) == 20
        before = sorted(c.execute("SELECT * FROM postings_statements").fetchall())
        c.execute("BEGIN TRANSACTION")
        assert search.compact(c, "statements", least=1) == len(before)  # the tail becomes a run
        c.execute("COMMIT")
        assert c.execute("SELECT count(*) FROM search_runs WHERE tbl = 'statements'").fetchone()[0] == 1
        runs = "SELECT count(*) FROM search_runs WHERE tbl = 'statements'"
        store.ingest(c, [record("late", "fr", ["Les soldats sont rentrés."])], workers=0)
        c.execute("BEGIN TRANSACTION")
        search.compact(c, "statements", least=1)  # a second run, far smaller: left as it is
        c.execute("COMMIT")
        assert c.execute(runs).fetchone()[0] == 2
        for r in recs:  # again: a third run as large as the first, so all three are merged
            store.ingest(c, [{**r, "id": r["id"] + "-bis"}], workers=0)
        c.execute("BEGIN TRANSACTION")
        search.compact(c, "statements", least=1)
        c.execute("COMMIT")
        assert c.execute(runs).fetchone()[0] == 1
        copies = {(a + "-bis", s) for a, s in want["soldats"]}
        assert found(c, "soldats") == want["soldats"] | {("late", "S1")} | copies
        assert found(c, "7 000") == want["7 000"] | {(a + "-bis", s) for a, s in want["7 000"]}
        rows = c.execute("SELECT term FROM postings_statements").fetchall()
        assert rows == sorted(rows)  # in term order, one run
        assert store.reindex(c)


def test_a_base_of_schema_3_is_migrated_and_searchable(tmp_path):
    """A base made before search kept its own postings (schema 3, with
    DuckDB's fts index as the old version built it): opened, it is migrated
    and its rows indexed as ingest would have."""
    old, new = tmp_path / "v3.duckdb", tmp_path / "v4.duckdb"
    with closing(store.connect(str(new))) as c:
        store.ingest(c, [FRENCH, ENGLISH], workers=0)
        want = sorted(c.execute("SELECT * FROM postings_statements").fetchall())
    ext = store._extension_dir()
    config = {"extension_directory": ext} if ext else {}
    with closing(duckdb.connect(str(old), config=config)) as c:
        c.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)")
        for v in (1, 2, 3):
            c.execute(schema._MIGRATIONS[v])
            c.execute("INSERT INTO schema_version (version) VALUES (?)", [v])
        c.execute(f"ATTACH '{new}' AS n (READ_ONLY)")
        for t in ("articles", "statements", "quantities"):
            # the columns schema 3 had (quantities' claim keys came with schema 10)
            cols = [r[0] for r in c.execute(f"SELECT column_name FROM information_schema.columns "
                                            f"WHERE table_catalog = current_database() AND table_name = '{t}' "
                                            "ORDER BY ordinal_position").fetchall()]
            c.execute(f"INSERT INTO {t} SELECT {', '.join(cols)} FROM n.{t}")
        c.execute("INSERT INTO meta VALUES ('indexed_rid.statements', '5'), ('stemmer', 'french')")
        if ext:
            c.execute("LOAD fts")
            c.execute("PRAGMA create_fts_index('statements', 'rid', 'content', 'speaker_text', stemmer='french')")
    with closing(store.connect(str(old))) as c:
        assert schema.current_version(c) == schema.VERSION
        assert sorted(c.execute("SELECT * FROM postings_statements").fetchall()) == want
        for table in search.INDEXED:
            assert running_stats(c, table) == stats_from_postings(c, table)
        assert found(c, "troops") == {("en-1", "S1")}
        assert found(c, "12 000") == {("fr-1", "S1"), ("fr-1", "S2"), ("en-1", "S1")}
        assert c.execute("SELECT count(*) FROM meta WHERE key LIKE 'indexed_rid.%'").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_main_%'").fetchone()[0] == 0


def test_a_base_of_schema_3_read_only_is_searched_by_substring(tmp_path):
    path = tmp_path / "v3ro.duckdb"
    with closing(duckdb.connect(str(path))) as c:
        c.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)")
        for v in (1, 2, 3):
            c.execute(schema._MIGRATIONS[v])
            c.execute("INSERT INTO schema_version (version) VALUES (?)", [v])
    with closing(store.connect(str(path))) as c:
        store.ingest(c, [FRENCH], workers=0)
    with closing(duckdb.connect(str(path))) as c:  # back to v3: no postings
        for t in ("postings_statements", "postings_quantities", "search_stats", "search_runs"):
            c.execute(f"DROP TABLE {t}")
        c.execute("DELETE FROM schema_version WHERE version = 4")
    with closing(store.connect(str(path), read_only=True)) as c:
        assert found(c, "Poutine") == {("fr-1", "S1")}
