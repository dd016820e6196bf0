"""`depeche export --format gkg` read back by a real GDELT GKG parser, and the
stability of the ids the export and the web pages show.

The parser is py-gdelt's (PyPI `gdelt-py`, a test dependency): its GKGParser
reads the 27 tab-separated fields of GKG 2.1 from bytes, as it does GDELT's own
files, and GKGRecord.from_raw splits the nested fields (locations, tone,
amounts). Its country lookup (FIPS <-> ISO) is an independent check of
depeche's FIPS table. It reads V2.1QUOTATIONS with the codebook's delimiters
swapped ('|' between quotes, '#' between fields), on GDELT's files too, so
quotations are checked on the raw field here.
"""
from __future__ import annotations

import datetime
import html
import re
import zipfile
from collections import Counter
from contextlib import closing

import duckdb
import pytest
from fastapi.testclient import TestClient

from depeche import store
from depeche.cli import main
from depeche.serve.app import create_app
from depeche.store import queries, schema
from depeche.store.canonical import kind, stable_id
from depeche.store.export import export
from depeche.store.export.gkg_places import fips

py_gdelt = pytest.importorskip("py_gdelt")
from py_gdelt.lookups.countries import Countries  # noqa: E402
from py_gdelt.models.gkg import GKGRecord  # noqa: E402
from py_gdelt.parsers.gkg import GKGParser  # noqa: E402

FILE_NAME = re.compile(r"(\d{14})\.(translation\.)?gkg\.csv\.zip")
COUNT_TYPES = {"KILL", "WOUND", "ARREST", "KIDNAP", "PROTEST", "AFFECT", "EVACUATE", "DISPLACED", "REFUGEES",
               "SEIZE", "MISSING", "SICKENED"}


def base(tmp_path_factory, recs, name="story"):
    path = tmp_path_factory.mktemp(name) / "kb.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs, workers=0)
    return path


def exported(path, folder) -> dict[str, dict]:
    """DEPECHE_ID -> {"file", "fields" (27 strings), "parsed" (py-gdelt's GKGRecord)}."""
    with closing(store.connect(str(path), read_only=True)) as con:
        files = export(con, "gkg", str(folder))
    out = {}
    for f in files:
        with zipfile.ZipFile(f) as z:
            (member,) = z.namelist()
            data = z.read(member)
        lines = data.decode("utf-8").split("\n")
        assert lines[-1] == ""
        parsed = [GKGRecord.from_raw(raw) for raw in GKGParser().parse(data)]
        assert len(parsed) == len(lines) - 1, f"{f}: py-gdelt skipped rows"
        for line, rec in zip(lines[:-1], parsed):
            fields = line.split("\t")
            aid = re.search(r"<DEPECHE_ID>(.*)</DEPECHE_ID>", fields[26]).group(1)
            out[aid] = {"file": f, "member": member, "fields": fields, "parsed": rec}
    return out


@pytest.fixture(scope="module")
def kb(tmp_path_factory, recs):
    return base(tmp_path_factory, recs)


@pytest.fixture(scope="module")
def gkg(kb, tmp_path_factory):
    return exported(kb, tmp_path_factory.mktemp("gkg"))


def ro(path):
    return closing(store.connect(str(path), read_only=True))


# --- files and record ids ----------------------------------------------------------

def test_every_article_is_one_record_in_gdelt_named_zips(kb, gkg):
    with ro(kb) as con:
        arts = dict(con.execute("SELECT article_id, lang FROM articles").fetchall())
    assert set(gkg) == set(arts)
    for aid, r in gkg.items():
        name = r["file"].rsplit("/", 1)[-1]
        m = FILE_NAME.fullmatch(name)
        assert m, name
        assert r["member"] == name[:-len(".zip")]
        assert bool(m.group(2)) == (arts[aid] != "en")  # French articles: translation files; English: plain
        assert len(r["fields"]) == 27
        rid = r["parsed"].record_id
        if arts[aid] == "en":
            assert re.fullmatch(rf"{m.group(1)}-\d+", rid), rid
            assert r["fields"][25] == ""
            continue
        assert re.fullmatch(rf"{m.group(1)}-T\d+", rid), rid  # GDELT's -T for a translated source
        assert r["fields"][25].startswith("srclc:fra;")
    assert len({r["parsed"].record_id for r in gkg.values()}) == len(gkg)


def test_record_ids_do_not_move_when_an_article_is_left_out(tmp_path_factory, recs, gkg):
    left_out = sorted(gkg)[len(gkg) // 2]
    other = base(tmp_path_factory, [r for r in recs if r["id"] != left_out], "without")
    again = exported(other, tmp_path_factory.mktemp("gkg_without"))
    assert set(again) == set(gkg) - {left_out}
    for aid, r in again.items():
        assert r["parsed"].record_id == gkg[aid]["parsed"].record_id, aid
        assert r["file"].rsplit("/", 1)[-1] == gkg[aid]["file"].rsplit("/", 1)[-1]


def test_english_source_with_a_url(tmp_path):
    text = "Five people were killed and 12 wounded in Kursk, Russia, on Monday, officials said."
    rec = {"id": "en-1", "lang": "en", "title": "Strike on Kursk", "published": "2024-11-04",
           "source": {"outlet": "Wire", "dateline": None, "author": None, "url": "https://example.org/a/1"},
           "text": text, "removed": [], "keywords": [],
           "entities": [{"id": "E1", "name": "Kursk", "type": "LOC", "mentions": [[42, 47]], "roles": [],
                         "country": "RU", "forms": ["Kursk"]}],
           "statements": [],
           "quantities": [{"value": 5, "low": None, "high": None, "approx": False, "unit": "people",
                           "text": "Five people", "span": [0, 11]},
                          {"value": 12, "low": None, "high": None, "approx": False, "unit": None,
                           "text": "12", "span": [28, 30]}],
           "vague_quantities": [],
           "places": [{"entity": "E1", "name": "Kursk", "country": "RU", "geonameid": 538560,
                       "lat": 51.73, "lon": 36.19}],
           "dates": [{"text": "Monday", "value": "2024-11-04", "granularity": "day", "span": [60, 66]}],
           "events": []}
    path = tmp_path / "en.duckdb"
    with closing(store.connect(str(path))) as con:
        stats = store.ingest(con, [rec], workers=0)
        assert not stats.errors, stats.errors
    out = exported(path, tmp_path / "out")
    r = out["en-1"]
    assert r["file"].endswith("/20241104000000.gkg.csv.zip")
    assert re.fullmatch(r"20241104000000-\d+", r["parsed"].record_id)
    assert r["parsed"].source_collection == 1 and r["parsed"].source_url == "https://example.org/a/1"
    assert r["fields"][5] == "KILL#5#people#0######;WOUND#12##0######"
    assert r["fields"][16] == "3#11#4#2024#60"
    assert r["fields"][25] == ""


# --- locations --------------------------------------------------------------------

def test_a_russia_filter_finds_every_article_naming_a_place_in_russia(kb, gkg):
    with ro(kb) as con:
        in_russia = {r[0] for r in con.execute("""
            SELECT DISTINCT p.article_id FROM places p JOIN article_entities e
                ON e.article_id = p.article_id AND e.local_id = p.local_id
            WHERE p.country = 'RU' AND e.type = 'LOC' AND p.geonameid IS NOT NULL""").fetchall()}
    assert len(in_russia) >= 15
    # An analyst's filter on the raw field, and on the parsed locations.
    raw = {aid for aid, r in gkg.items() if "#RS#" in r["fields"][9]}
    parsed = {aid for aid, r in gkg.items() if any(loc.country_code == "RS" for loc in r["parsed"].locations)}
    assert raw == parsed == in_russia
    # ISO's RU is nowhere; neither are the ISO codes that are other countries' FIPS codes.
    for r in gkg.values():
        for loc in r["parsed"].locations:
            assert loc.country_code not in ("RU", "UA", "KR", "KP", "CN", "ES"), loc


def test_locations_match_the_store_and_gdelt_types(kb, gkg):
    countries = Countries()
    with ro(kb) as con:
        places = con.execute("""
            SELECT p.article_id, p.geonameid, p.country FROM places p JOIN article_entities e
                ON e.article_id = p.article_id AND e.local_id = p.local_id
            WHERE e.type = 'LOC' AND p.geonameid IS NOT NULL""").fetchall()
    by_article: dict[str, dict[str, str]] = {}
    for aid, gid, country in places:
        by_article.setdefault(aid, {})[str(gid)] = country
    types = {}
    for aid, r in gkg.items():
        want = by_article.get(aid, {})
        got = r["parsed"].locations
        assert len(got) == len({lo.feature_id for lo in got})
        for loc in got:
            types[loc.geo_type] = types.get(loc.geo_type, 0) + 1
            assert loc.geo_type in (1, 2, 3, 4)
            assert countries.fips_to_iso2(loc.country_code) in want.values()
            assert loc.adm1_code.startswith(loc.country_code)
            assert loc.lat is not None and loc.lon is not None
            if loc.geo_type == 1:
                # A country: GDELT's feature id and ADM1 are the country code.
                assert loc.feature_id == loc.country_code == loc.adm1_code
                assert loc.name == {"RS": "Russia", "UP": "Ukraine", "KN": "North Korea", "KS": "South Korea",
                                    "US": "United States", "FR": "France", "SP": "Spain", "CH": "China",
                                    "IT": "Italy", "ID": "Indonesia"}.get(loc.country_code, loc.name)
            else:
                assert loc.feature_id in want, (aid, loc)
                assert fips(want[loc.feature_id]) == loc.country_code
        # Every place of the store with a gazetteer id is there.
        assert {lo.country_code for lo in got} == {fips(c) for c in want.values()}
    assert types[1] > 10 and types[4] > 10
    moscow = [lo for r in gkg.values() for lo in r["parsed"].locations if lo.feature_id == "524901"]
    assert moscow and all(lo.name == "Moscow, Russia" and lo.adm1_code == "RS48" and lo.geo_type == 4
                          for lo in moscow)


def test_no_person_organisation_or_landmark_among_locations(kb, gkg):
    with ro(kb) as con:
        not_places = {r[0] for r in con.execute(
            "SELECT DISTINCT name FROM article_entities WHERE type IN ('PER', 'ORG')").fetchall()}
    names = {lo.name.split(",")[0] for r in gkg.values() for lo in r["parsed"].locations}
    assert not names & not_places
    assert not names & {"Lloyd Austin", "Kremlin", "Pentagone", "Le Pentagone", "TV5Monde", "Zonebourse"}
    for r in gkg.values():
        for block in r["fields"][9].split(";") if r["fields"][9] else []:
            assert block.split("#")[0] != "1" or block.split("#")[2] == block.split("#")[-1]


# --- counts, tone, dates, identifiers --------------------------------------------

def test_counts_are_whole_counts_of_gdelt_types(gkg):
    counts = []
    for r in gkg.values():
        v1, v2 = r["fields"][5], r["fields"][6]
        assert len(v1.split(";")) == len(v2.split(";"))
        for block in v2.split(";") if v2 else []:
            f = block.split("#")
            assert len(f) == 11 and f[0] in COUNT_TYPES and f[1].isdigit() and f[3] == "0", block
            counts.append((f[0], int(f[1]), f[2]))
    assert ("KILL", 158, "morts") in counts
    # "12 000 soldats nord-coréens ont été envoyés" counts no one killed or wounded;
    # percentages and the like stay among amounts only.
    assert all(c[2] not in ("soldats nord-coréens", "%", "point", "degrés") for c in counts)
    assert any(",%," in r["fields"][24] for r in gkg.values())


def test_tone_is_left_empty_not_zeros(gkg):
    for r in gkg.values():
        assert r["fields"][15] == "" and r["parsed"].tone is None


def test_dates_resolution_follows_the_codebook(kb, gkg):
    with ro(kb) as con:
        dated = con.execute("SELECT article_id, value, start_char FROM dates WHERE value IS NOT NULL").fetchall()
    seen = 0
    for aid, value, off in dated:
        blocks = gkg[aid]["fields"][16].split(";")
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            y, m, d = map(int, value.split("-"))
            assert f"3#{m}#{d}#{y}#{off}" in blocks
            seen += 1
        elif re.fullmatch(r"\d{4}-\d\d", value):
            y, m = map(int, value.split("-"))
            assert f"2#{m}#0#{y}#{off}" in blocks
        elif "W" in value:
            assert not any(b.endswith(f"#{off}") for b in blocks)
    assert seen > 10
    assert not any(b.startswith("4#") for r in gkg.values() for b in r["fields"][16].split(";"))


def test_document_identifier_is_a_url_or_a_citation(kb, gkg):
    with ro(kb) as con:
        arts = {a: (u, o, t) for a, u, o, t in con.execute("SELECT article_id, url, outlet, title FROM articles")
                .fetchall()}
    for aid, r in gkg.items():
        url, outlet, title = arts[aid]
        p = r["parsed"]
        if url:
            assert p.source_collection == 1 and p.source_url == url
        else:
            assert p.source_collection == 2 and not p.source_url.startswith("http")
            assert p.source_url.startswith(outlet)


def test_quotations_follow_the_codebook(kb, gkg):
    with ro(kb) as con:
        text = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
    n = 0
    for aid, r in gkg.items():
        for block in r["fields"][22].split("#") if r["fields"][22] else []:
            off, length, _verb, quote = block.split("|")
            assert text[aid][int(off):int(off) + int(length)]
            n += 1
    assert n > 20


def test_cli_export_gkg(kb, tmp_path, capsys):
    assert main(["export", str(tmp_path / "out"), "--format", "gkg", "--db", str(kb)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed and all(FILE_NAME.fullmatch(p.rsplit("/", 1)[-1]) for p in printed)


# --- entity ids -----------------------------------------------------------------

def test_entity_ids_are_the_same_whatever_the_ingest_order(tmp_path_factory, recs, kb):
    other = base(tmp_path_factory, list(reversed(recs)), "reversed")
    with ro(kb) as a, ro(other) as b:
        ents_a = a.execute("SELECT eid, name, type FROM entities").fetchall()
        ids_b = {r[0] for r in b.execute("SELECT eid FROM entities").fetchall()}
        # The same id in both, but for entities that the matcher joined in one
        # order and not the other (an acronym met before or after its full name).
        same = sum(1 for e, _, _ in ents_a if e in ids_b)
        # Every entity of one base found in the other by the id of the first,
        # even where another of its names came first there.
        joined = {}
        # A name two entities of other kinds share ("Kazan" the city, and the
        # dateline "Kazan (AP)" read as an organisation) finds the one most
        # mentioned: its id is what tells them apart.
        homonyms = {n for n, k in Counter(name for _, name, _ in ents_a).items() if k > 1}
        for eid, name, _ in ents_a:
            found = queries.find_entity(b, str(eid))
            assert found is not None, name
            assert name in homonyms or queries.find_entity(b, name)["eid"] == found["eid"], name
            joined[eid] = found["eid"]
    # An entity named in two languages ("Séoul", "Seoul"; "Koursk", "Kursk")
    # takes the id of the form met first: 96 of 110 here keep the same id in
    # both orders, and every one is found by the other base's id (above).
    assert same >= 0.85 * len(ents_a), f"{same}/{len(ents_a)}"
    app_a, app_b = create_app(str(kb)), create_app(str(other))
    with TestClient(app_a) as ca, TestClient(app_b) as cb:
        for eid, name, _ in ents_a:
            pa, pb = ca.get(f"/api/entities/{eid}"), cb.get(f"/api/entities/{eid}")
            assert pa.status_code == pb.status_code == 200, name
            assert pa.json()["entity"]["eid"] == eid
            assert pb.json()["entity"]["eid"] == (eid if eid in ids_b else joined[eid]), name
            page = cb.get(f"/entities/{eid}")
            assert page.status_code == 200 and pb.json()["entity"]["name"] in html.unescape(page.text)


def test_entity_ids_are_stable_hashes_below_2_53(kb):
    with ro(kb) as con:
        rows = con.execute("SELECT eid, type, norm FROM entities").fetchall()
        aliases = con.execute("SELECT alias, kind, key_id FROM entity_aliases").fetchall()
    assert rows and all(0 < e < 2 ** 53 and e == stable_id(kind(t), n) for e, t, n in rows)
    assert all(k == stable_id(kd, a) for a, kd, k in aliases)


def test_a_base_of_schema_6_migrates_to_stable_ids(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for v in range(1, 7):
        con.execute(schema._MIGRATIONS[v])
        if v in schema._AFTER:
            schema._AFTER[v](con)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [v])
    con.execute("""INSERT INTO entities VALUES (1, 'Lloyd Austin', 'PER', 'US', 'lloyd austin', NULL),
                   (2, 'Russie', 'LOC', 'RU', 'russie', NULL), (3, 'Lloyd J. Austin', 'PER', 'US', 'lloyd j austin', 1)""")
    con.execute("""INSERT INTO entity_aliases VALUES ('lloyd austin', 'PER', 1), ('russie', 'ORGLOC', 2),
                   ('lloyd j austin', 'PER', 1)""")
    con.execute("INSERT INTO article_entities VALUES ('a1', 'E1', 1, 'Lloyd Austin', 'PER', [], 'US'), "
                "('a1', 'E2', 2, 'Russie', 'LOC', [], 'RU')")
    con.execute("INSERT INTO mentions VALUES ('a1', 'E1', 1, 0, 12, 'Lloyd Austin')")
    con.execute("INSERT INTO statements (article_id, sid, speaker_eid) VALUES ('a1', 'S1', 1)")
    con.execute("INSERT INTO places (article_id, local_id, eid, name) VALUES ('a1', 'E2', 2, 'Russie')")
    con.execute("INSERT INTO events (article_id, type, actors, targets, place_eid) VALUES ('a1', 'x', [1], [2, 1], 2)")
    con.close()

    with closing(store.connect(path)) as con:
        assert schema.current_version(con) == schema.VERSION
        austin, russia, j = stable_id("PER", "lloyd austin"), stable_id("ORGLOC", "russie"), stable_id("PER", "lloyd j austin")
        assert sorted(con.execute("SELECT eid, merged_into FROM entities").fetchall(), key=str) == \
            sorted([(austin, None), (russia, None), (j, austin)], key=str)
        assert con.execute("SELECT eid FROM mentions").fetchone()[0] == austin
        assert con.execute("SELECT speaker_eid FROM statements").fetchone()[0] == austin
        assert con.execute("SELECT eid FROM places").fetchone()[0] == russia
        assert con.execute("SELECT actors, targets, place_eid FROM events").fetchone() == ([austin], [russia, austin], russia)
        assert {r[0] for r in con.execute("SELECT eid FROM article_entities").fetchall()} == {austin, russia}
        assert con.execute("SELECT key_id FROM entity_aliases WHERE alias = 'lloyd j austin'").fetchone()[0] == j
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'events'").fetchall())
        assert types["actors"] == "BIGINT[]" and types["place_eid"] == "BIGINT"
        # The id the alias hashes to finds the entity that holds it.
        assert queries.find_entity(con, str(j))["eid"] == austin
        # And a new article about the same people joins them.
        assert queries.find_entity(con, "Lloyd Austin")["eid"] == austin


def test_merge_still_joins_two_entities(tmp_path, recs, capsys):
    path = tmp_path / "m.duckdb"
    with closing(store.connect(str(path))) as con:
        store.ingest(con, recs[:6], workers=0)
        a, b = con.execute("SELECT eid, name FROM entities WHERE type = 'PER' ORDER BY name LIMIT 2").fetchall()
    assert main(["merge", a[1], b[1], "--db", str(path)]) == 0
    with ro(path) as con:
        assert con.execute("SELECT merged_into FROM entities WHERE eid = ?", [b[0]]).fetchone()[0] == a[0]
        assert queries.find_entity(con, str(b[0]))["eid"] == a[0]


def test_published_day_is_the_batch(gkg, kb):
    with ro(kb) as con:
        pub = dict(con.execute("SELECT article_id, published FROM articles").fetchall())
    for aid, r in gkg.items():
        assert r["parsed"].date.date() == pub[aid]
        assert isinstance(pub[aid], datetime.date)
