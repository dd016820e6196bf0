"""The knowledge base's tables, created and migrated by the program.

One table per part of the record; every row keeps its article's id and its
offsets back into the article's text. Entities are the exception: `entities`
holds one row per real-world referent across all articles (matched on
normalised names and aliases), and `article_entities` ties each article's
local ids (E1, E2...) to them.

`schema_version` records the migrations applied; `migrate` brings any older
database up to `VERSION`.
"""
from __future__ import annotations

import duckdb

from . import bulk, search

VERSION = 10

_V1 = """
CREATE TABLE articles (
    article_id    VARCHAR NOT NULL,     -- unique: ingest keeps it so (no index to maintain)
    lang          VARCHAR,
    title         VARCHAR,
    published     DATE,
    outlet        VARCHAR,
    dateline      VARCHAR,
    author        VARCHAR,
    url           VARCHAR,
    text          VARCHAR,
    removed       JSON,
    keywords      VARCHAR[],
    record_hash   VARCHAR NOT NULL,   -- what re-ingesting compares
    dup_of        VARCHAR,            -- the earlier copy of a syndicated / near-duplicate text
    dup_score     DOUBLE,
    ingested_at   TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE entities (
    eid        INTEGER NOT NULL,      -- unique, given by ingest
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    country    VARCHAR,
    norm       VARCHAR NOT NULL,
    merged_into INTEGER               -- set by `depeche merge`; queries follow it
);
CREATE TABLE entity_aliases (
    alias  VARCHAR NOT NULL,          -- folded form of a name as written
    kind   VARCHAR NOT NULL,          -- PER, or ORG/LOC (which share aliases: "France")
    eid    INTEGER NOT NULL
);
CREATE TABLE article_entities (
    article_id VARCHAR NOT NULL,
    local_id   VARCHAR NOT NULL,
    eid        INTEGER NOT NULL,
    name       VARCHAR,
    type       VARCHAR,
    roles      VARCHAR[],
    country    VARCHAR
);
CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    local_id   VARCHAR NOT NULL,
    eid        INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       VARCHAR
);
CREATE TABLE statements (
    article_id    VARCHAR NOT NULL,
    sid           VARCHAR NOT NULL,
    speaker_eid   INTEGER,
    speaker_text  VARCHAR,
    cue           VARCHAR,
    kind          VARCHAR,
    stance        VARCHAR,
    content       VARCHAR,
    start_char    INTEGER,
    end_char      INTEGER,
    conditional   BOOLEAN,
    within        VARCHAR,
    published     DATE,
    rid           BIGINT                -- a number per row, the full-text index's key
);
CREATE TABLE quantities (
    article_id  VARCHAR NOT NULL,
    n           INTEGER NOT NULL,
    value       DOUBLE,
    low         DOUBLE,
    high        DOUBLE,
    approx      BOOLEAN,
    vague       BOOLEAN,
    magnitude   VARCHAR,
    unit        VARCHAR,
    unit_key    VARCHAR,                -- what is counted, normalised: "soldats nord-coréens" -> soldat
    text        VARCHAR,
    start_char  INTEGER,
    end_char    INTEGER,
    sid         VARCHAR,
    context     VARCHAR,                -- the sentence it stands in, for search
    rid         BIGINT                  -- a number per row, the full-text index's key
);
CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    local_id   VARCHAR,
    eid        INTEGER,
    name       VARCHAR,
    geonameid  BIGINT,
    country    VARCHAR,
    lat        DOUBLE,
    lon        DOUBLE
);
CREATE TABLE dates (
    article_id  VARCHAR NOT NULL,
    text        VARCHAR,
    value       VARCHAR,
    granularity VARCHAR,
    start_char  INTEGER,
    end_char    INTEGER
);
CREATE TABLE events (
    article_id  VARCHAR NOT NULL,
    type        VARCHAR,
    actors      INTEGER[],
    targets     INTEGER[],
    place_eid   INTEGER,
    date        VARCHAR,
    sid         VARCHAR,
    trigger     VARCHAR,
    hypothetical BOOLEAN,
    start_char  INTEGER,
    end_char    INTEGER
);
CREATE TABLE minhash (
    article_id VARCHAR NOT NULL,
    signature  UBIGINT[]
);
CREATE TABLE lsh (
    band       SMALLINT NOT NULL,
    bucket     UBIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
"""

# v2: settings and bookkeeping.
_V2 = """
CREATE TABLE meta (
    key   VARCHAR NOT NULL,
    value VARCHAR
);
"""

# Per-article tables, deleted and rewritten together when an article changes.
ARTICLE_TABLES = ("article_entities", "mentions", "statements", "quantities", "places", "dates", "events",
                  "minhash", "lsh")

# v3: what `depeche watch` remembers between polls: each fetched feed's
# validators (for conditional GETs) and every entry already taken, so that a
# restart fetches nothing twice.
_V3 = """
CREATE TABLE watch_feeds (
    url           VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    polled_at     TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE watch_seen (
    url      VARCHAR NOT NULL,      -- the entry's link, normalised
    feed     VARCHAR,
    outcome  VARCHAR,               -- 'stored', or why the entry gave no article
    seen_at  TIMESTAMP DEFAULT current_timestamp
);
"""

# v4: full-text search kept up to date by ingest (store/search.py): per
# indexed table, its postings (one row per term and row: term frequency, row
# length); the running totals BM25 needs; the sorted runs of postings. DuckDB's fts index of older bases
# (schemas fts_main_*) is dropped; `migrate` then indexes the rows already
# stored (search.backfill).
_V4 = """
CREATE TABLE postings_statements (
    term  VARCHAR NOT NULL,     -- folded, stemmed by the article's language; numbers one way
    rid   BIGINT NOT NULL,      -- statements.rid
    tf    INTEGER NOT NULL,     -- times the term occurs in the row
    dl    INTEGER NOT NULL      -- terms in the row
);
CREATE TABLE postings_quantities (
    term  VARCHAR NOT NULL,
    rid   BIGINT NOT NULL,      -- quantities.rid
    tf    INTEGER NOT NULL,
    dl    INTEGER NOT NULL
);
CREATE TABLE search_stats (
    tbl       VARCHAR NOT NULL,
    docs      BIGINT NOT NULL,  -- rows holding at least one term
    total_len BIGINT NOT NULL,  -- terms in those rows
    top_rid   BIGINT NOT NULL,  -- every row up to this rid is indexed; rids are never given twice
    sorted_rid BIGINT NOT NULL  -- the postings of rows up to this rid are in runs sorted by term
);
INSERT INTO search_stats VALUES ('statements', 0, 0, 0, 0), ('quantities', 0, 0, 0, 0);
CREATE TABLE search_runs (      -- the runs of postings sorted by term (search.compact)
    tbl       VARCHAR NOT NULL,
    hi_rid    BIGINT NOT NULL,  -- a run holds the postings of rows past the run before, up to this rid
    postings  BIGINT NOT NULL
);
DROP SCHEMA IF EXISTS fts_main_statements CASCADE;
DROP SCHEMA IF EXISTS fts_main_quantities CASCADE;
DELETE FROM meta WHERE key LIKE 'indexed_rid.%' OR key = 'stemmer';
"""

# v5: each watched source's health and schedule, one row a source as given
# (a feed URL or a page announcing one): what `depeche watch --status`, the
# server's /sources page and /api/sources show, and when it is polled next.
_V5 = """
CREATE TABLE watch_sources (
    source        VARCHAR NOT NULL,  -- as given on the command line or in a list
    feed          VARCHAR,           -- the feed it led to
    status        VARCHAR,           -- 'ok', 'not modified' or 'error'
    last_poll     TIMESTAMP,
    last_success  TIMESTAMP,
    next_poll     TIMESTAMP,
    errors        INTEGER DEFAULT 0, -- consecutive failed polls (the backoff's exponent)
    last_error    VARCHAR,
    entries       INTEGER,           -- entries in the feed at the last successful poll
    fetched       BIGINT DEFAULT 0,  -- new entries taken, all polls
    stored        BIGINT DEFAULT 0   -- articles stored from them, all polls
);
-- the entry's date of last change as the feed gives it: a later one means
-- the page changed and is fetched again, its article replaced
ALTER TABLE watch_seen ADD COLUMN version VARCHAR;
"""

# v6: indexes for fetching a page of search results by key (queries._page):
# without them each lookup scanned its table whole (~0.1 s at 1M statements).
_V6 = """
CREATE INDEX statements_rid ON statements (rid);
CREATE INDEX articles_id ON articles (article_id);
CREATE INDEX entities_eid ON entities (eid);
"""

# v7, v8: entity ids derived from the entity's kind and name
# (canonical.stable_id, below 2**53), not counted in ingest order: BIGINT
# wherever an entity id is kept. Every alias keeps the id its own name hashes
# to (key_id), so that an id from another base's order still finds its entity.
# The ids of an older base are renumbered the same way (_stable_ids).
# v7 only drops the indexes of the tables altered: DuckDB 1.4 alters no column
# of a table with an index, nor in the transaction that dropped it; nor does it
# make an index in a transaction that updated its table: v9 makes them again.
_V7 = """
DROP INDEX IF EXISTS entities_eid;
DROP INDEX IF EXISTS statements_rid;
"""

_V8 = """
ALTER TABLE entities ALTER eid TYPE BIGINT;
ALTER TABLE entities ALTER merged_into TYPE BIGINT;
ALTER TABLE entity_aliases ALTER eid TYPE BIGINT;
ALTER TABLE entity_aliases ADD COLUMN key_id BIGINT;
ALTER TABLE article_entities ALTER eid TYPE BIGINT;
ALTER TABLE mentions ALTER eid TYPE BIGINT;
ALTER TABLE statements ALTER speaker_eid TYPE BIGINT;
ALTER TABLE places ALTER eid TYPE BIGINT;
ALTER TABLE events ALTER actors TYPE BIGINT[];
ALTER TABLE events ALTER targets TYPE BIGINT[];
ALTER TABLE events ALTER place_eid TYPE BIGINT;
"""

# Every column holding an entity id, as (table, column); lists apart.
ENTITY_ID_COLUMNS = (("entities", "eid"), ("entities", "merged_into"), ("entity_aliases", "eid"),
                     ("article_entities", "eid"), ("mentions", "eid"), ("statements", "speaker_eid"),
                     ("places", "eid"), ("events", "place_eid"))
ENTITY_ID_LISTS = (("events", "actors"), ("events", "targets"))


def _stable_ids(con) -> None:
    """Renumber the entities of a base written before v8 with the ids a new
    ingest would give them, and fill the aliases' key ids. Older entities
    first: on a collision (see canonical.Canon._new_id) they keep the first
    candidate."""
    from .canonical import kind, stable_id

    used: set[int] = set()
    old_new = []
    for eid, etype, norm in con.execute("SELECT eid, type, norm FROM entities ORDER BY eid").fetchall():
        attempt = 0
        while (new := stable_id(kind(etype), norm, attempt)) in used:
            attempt += 1
        used.add(new)
        old_new.append((eid, new))
    if old_new:
        con.execute("CREATE TEMP TABLE _eid_map (old BIGINT, new BIGINT)")
        bulk.insert(con, "_eid_map", {"old": [o for o, _ in old_new], "new": [n for _, n in old_new]})
        for table, col in ENTITY_ID_COLUMNS:
            con.execute(f"UPDATE {table} SET {col} = m.new FROM _eid_map m WHERE {table}.{col} = m.old")
        for table, col in ENTITY_ID_LISTS:
            con.execute(f"""WITH mp AS (SELECT map_from_entries(list((old, new))) AS m FROM _eid_map)
                            UPDATE {table} SET {col} = list_transform({col}, x -> coalesce(mp.m[x], x)) FROM mp
                            WHERE {col} IS NOT NULL AND len({col}) > 0""")
        con.execute("DROP TABLE _eid_map")
    aliases = con.execute("SELECT DISTINCT alias, kind FROM entity_aliases").fetchall()
    if aliases:
        con.execute("CREATE TEMP TABLE _key_ids (alias VARCHAR, kind VARCHAR, key_id BIGINT)")
        bulk.insert(con, "_key_ids", {"alias": [a for a, _ in aliases], "kind": [k for _, k in aliases],
                                      "key_id": [stable_id(k, a) for a, k in aliases]})
        con.execute("""UPDATE entity_aliases SET key_id = k.key_id FROM _key_ids k
                       WHERE entity_aliases.alias = k.alias AND entity_aliases.kind = k.kind""")
        con.execute("DROP TABLE _key_ids")


_V9 = """
CREATE INDEX entities_eid ON entities (eid);
CREATE INDEX statements_rid ON statements (rid);
"""

# v10: claims keyed across languages (claims.py: what a quantity counts, as a
# concept, and the country its words name) and stories (stories.py): each
# article's features, the links between articles of one event, each
# article's story and each story's title. Older rows get their keys and
# every article its story in the migration (_claims_and_stories).
_V10 = """
ALTER TABLE quantities ADD COLUMN concept VARCHAR;     -- "soldats", "troops" -> soldier
ALTER TABLE quantities ADD COLUMN qualifier VARCHAR;   -- "nord-coréens", "North Korean" -> KP
CREATE TABLE story_features (
    article_id VARCHAR NOT NULL,
    feature    VARCHAR NOT NULL,    -- e<entity id>, g<GeoNames id>, c<concept>/<qualifier>
    weight     DOUBLE NOT NULL
);
CREATE TABLE story_links (
    a     VARCHAR NOT NULL,         -- a < b
    b     VARCHAR NOT NULL,
    score DOUBLE NOT NULL
);
CREATE TABLE article_stories (
    article_id VARCHAR NOT NULL,
    story_id   VARCHAR NOT NULL
);
CREATE TABLE stories (
    story_id VARCHAR NOT NULL,
    title    VARCHAR,
    lead     VARCHAR                -- the article whose title names the story
);
"""


def _claims_and_stories(con) -> None:
    """Claim keys for the quantities of a base written before v10, then
    every article's story."""
    from . import claims, stories

    rows = con.execute("""SELECT q.article_id, q.n, q.unit, q.text, a.lang FROM quantities q
                          JOIN articles a USING (article_id)""").fetchall()
    if rows:
        keys = [claims.key(unit, text, lang) for _, _, unit, text, lang in rows]
        con.execute("CREATE TEMP TABLE _claim_keys (article_id VARCHAR, n INTEGER, concept VARCHAR, qualifier VARCHAR)")
        bulk.insert(con, "_claim_keys", {"article_id": [r[0] for r in rows], "n": [r[1] for r in rows],
                                         "concept": [k[0] for k in keys], "qualifier": [k[1] for k in keys]})
        con.execute("""UPDATE quantities SET concept = k.concept, qualifier = k.qualifier FROM _claim_keys k
                       WHERE quantities.article_id = k.article_id AND quantities.n = k.n""")
        con.execute("DROP TABLE _claim_keys")
    stories.rebuild(con)


_MIGRATIONS = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7, 8: _V8, 9: _V9, 10: _V10}
# Work a migration needs beyond its SQL, run in its transaction.
_AFTER = {4: search.backfill_all, 8: _stable_ids, 10: _claims_and_stories}


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the database to VERSION, one migration per transaction."""
    version = current_version(con)
    if version > VERSION:
        raise RuntimeError(f"database schema version {version} is newer than this depeche ({VERSION})")
    if version == 0:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for v in range(version + 1, VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_MIGRATIONS[v])
            if v in _AFTER:
                _AFTER[v](con)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [v])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    if version < VERSION:
        # Into the base file at once: DuckDB 1.4 fails to replay an ALTER TABLE
        # from its log ("GetDefaultDatabase with no default database set")
        # when a process that never checkpointed was killed.
        con.execute("CHECKPOINT")
    return VERSION
