"""Full-text search kept up to date by ingest: an inverted index in DuckDB's
own tables, written in the same transaction as the rows it indexes.

- `postings_<table>(term, rid, tf, dl)`: one row per (term, indexed row):
  how often the term occurs in the row (tf) and how many terms the row holds
  (dl, repeated so that BM25 needs no join to a table of rows).
- `search_stats(tbl, docs, total_len)`: the running totals BM25 needs (rows
  with at least one term, and their terms), updated by ingest and by the
  deletion of an updated article's rows.

Adding N articles writes their postings only: the cost follows N, not the
size of the base. Terms come from one tokenizer (`terms`): lowercase,
accents folded (text.fold), stemmed by the Snowball stemmer of the row's
article language (lexicons/<lang>/search.toml), numbers written one way
("12 000", "12 000", "12,000" and "12000" are all the term 12000; French
"3,5" is 3.5). A query does not know its language: each word is stemmed by
every language's stemmer and a row matches the word through any of them.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import pyarrow as pa

from .. import lexicon
from ..text import fold

# The indexed tables and the columns whose text they index.
INDEXED = {"statements": ("content", "speaker_text"), "quantities": ("context", "unit", "text")}

# A run of letters, or digits with the marks that group or split them.
_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*|[^\W\d_]+")
_TOKENS = re.compile(_TOKEN.pattern + "|\x01")
_NUM_PARTS = re.compile(r"([.,\u00a0\u202f\u2009 ])")
_SPACES = " \u00a0\u202f\u2009"

# Postings of rows past search_stats.sorted_rid (written by small batches:
# an article posted to the server) are rewritten in term order once they
# are this many (`compact`): a search then skips their row groups too.
TAIL_POSTINGS = 500_000
# A batch that writes at least a row group of postings (DuckDB's 122,880
# rows) is a sorted run by itself.
RUN_POSTINGS = 122_880

# BM25's constants, as DuckDB's fts used them.
K1, B = 1.2, 0.75


# --- languages ------------------------------------------------------------------

@functools.cache
def _settings(lang: str | None) -> tuple[str | None, str | None, bool]:
    """(stemmer name, decimal mark, whether spaces group digits) for a
    language; a language without lexicons is folded but not stemmed, and
    its numbers read as a query's are."""
    if not lang or not lexicon.available(lang):
        return None, None, True
    lex = lexicon.load(lang)
    nums = lex.get("quantities", {}).get("numbers", {})
    return (lex.get("search", {}).get("stemmer"), nums.get("decimal"), nums.get("space_groups", True))


@functools.cache
def _stemmer(name: str | None):
    if not name:
        return None
    import Stemmer  # PyStemmer: Snowball compiled to C

    return Stemmer.Stemmer(name)


@functools.cache
def stemmers() -> tuple[str, ...]:
    """Every stemmer a configured language uses: a query is stemmed by each."""
    return tuple(sorted({s for lang in lexicon.languages() if (s := _settings(lang)[0])}))


# --- terms ----------------------------------------------------------------------------

def number(text: str, decimal: str | None, space_groups: bool = True) -> list[str]:
    """The numbers a run of digits and marks holds, each written one way:
    groups of thousands joined, the decimal part after a point, without
    trailing zeros. `decimal` is the language's mark (None: unknown, as in a
    query: a mark before exactly three digits groups, otherwise it is the
    decimal point). "12 000" -> ["12000"]; "3,5" (fr) -> ["3.5"];
    "12,000" (en) -> ["12000"]; "2015 300" -> ["2015", "300"]."""
    parts = _NUM_PARTS.split(text)
    out: list[str] = []
    whole, frac = parts[0], None
    first_len = len(whole)
    for i in range(1, len(parts), 2):
        sep, grp = parts[i], parts[i + 1]
        if sep in _SPACES:
            joins = space_groups and frac is None and first_len <= 3 and len(grp) == 3
        elif frac is not None:
            joins = False
        elif decimal is not None and sep == decimal:
            frac = grp
            continue
        else:
            joins = len(grp) == 3  # the other mark groups before three digits, else it is a decimal point
            if not joins:
                frac = grp
                continue
        if joins:
            whole += grp
        else:
            out.append(_written(whole, frac))
            whole, frac, first_len = grp, None, len(grp)
    out.append(_written(whole, frac))
    return out


def _written(whole: str, frac: str | None) -> str:
    frac = (frac or "").rstrip("0")
    return f"{whole}.{frac}" if frac else whole


class Tokenizer:
    """Text -> terms for one language (None: a query's, unstemmed). The
    work is done on a whole batch of rows at once, in C where it can be (one
    regex pass, dictionary look-ups by `map`): only words never seen before
    cost Python code."""

    _ROW = "\x01"  # between rows: matched as a token of its own, never a word
    _CACHE = 500_000  # words remembered, at most

    def __init__(self, lang: str | None):
        name, self.decimal, self.space_groups = _settings(lang)
        self.stem = _stemmer(name)
        self.words: dict[str, str] = {self._ROW: "\n"}

    def rows(self, rows: list[str]) -> list[str]:
        """Each text's terms, as one string of terms separated by single
        spaces."""
        big = unicodedata.normalize("NFC", self._ROW.join(t.replace(self._ROW, " ") for t in rows)).lower()
        toks = _TOKENS.findall(big)
        words = self.words
        missing = set(toks).difference(words)
        if missing:
            if len(words) + len(missing) > self._CACHE:
                words.clear()
                words[self._ROW] = "\n"
            for tok in missing:
                # Several numbers in one token ("2015 300") are one string of terms.
                words[tok] = " ".join(number(tok, self.decimal, self.space_groups)) if tok[0].isdigit() \
                    else self._word(tok)
        return [t.strip() for t in " ".join(map(words.__getitem__, toks)).split("\n")]

    def terms(self, text: str | None) -> list[str]:
        return self.rows([text])[0].split() if text else []

    def _word(self, tok: str) -> str:
        f = fold(tok).replace(" ", "")
        if not f:
            return tok  # a letter that folds to nothing: kept as written
        return self.stem.stemWord(f) if self.stem is not None else f


@functools.cache
def tokenizer(lang: str | None) -> Tokenizer:
    return Tokenizer(lang)


def query_terms(about: str) -> list[set[str]]:
    """Per word of a query, the terms that match it: its stem by every
    language's stemmer (the query's language is unknown), numbers as the
    index writes them."""
    out: list[set[str]] = []
    plain = tokenizer(None)
    for tok in _TOKEN.findall(unicodedata.normalize("NFC", about).lower()):
        if tok[0].isdigit():
            out += [{n} for n in number(tok, None)]
            continue
        f = plain._word(tok)
        if not f:
            continue
        group = {_stemmer(s).stemWord(f) for s in stemmers()} or {f}
        if group not in out:
            out.append(group)
    return out


# --- writing --------------------------------------------------------------------

def add(con, table: str, rows: list[tuple], langs: list[str | None]) -> None:
    """Index `rows` of `table` ((rid, text, text...) each), whose articles'
    languages are `langs`, in the caller's transaction: terms are made here,
    counted and written by DuckDB, one INSERT."""
    if not rows:
        return
    by_lang: dict[str | None, list[int]] = {}
    for i, lang in enumerate(langs):
        by_lang.setdefault(lang, []).append(i)
    terms = [""] * len(rows)
    for lang, idx in by_lang.items():
        # A row's texts are joined by a line break, which no number spans.
        made = tokenizer(lang).rows(["\n".join(t for t in rows[i][1:] if t) for i in idx])
        for i, t in zip(idx, made):
            terms[i] = t
    # Written in term order: a large batch makes row groups whose term ranges
    # are narrow, which a search skips but for its terms (zonemaps); small
    # batches are put in order later, together (`compact`).
    docs = sum(1 for t in terms if t)
    total = sum(t.count(" ") + 1 for t in terms if t)
    con.register("_row_terms", pa.table({"rid": pa.array([r[0] for r in rows], pa.int64()),
                                         "terms": pa.array(terms, pa.string())}))
    try:
        written = con.execute(f"""INSERT INTO postings_{table} (term, rid, tf, dl)
            SELECT term, rid, count(*)::INTEGER, any_value(dl)::INTEGER
            FROM (SELECT rid, unnest(ts) AS term, len(ts) AS dl
                  FROM (SELECT rid, string_split(terms, ' ') AS ts FROM _row_terms WHERE terms <> ''))
            GROUP BY rid, term ORDER BY term, rid""").fetchone()[0]
    finally:
        con.unregister("_row_terms")
    top = max(r[0] for r in rows)
    sorted_rid, before = con.execute("SELECT sorted_rid, top_rid FROM search_stats WHERE tbl = ?",
                                     [table]).fetchone()
    if written >= RUN_POSTINGS and sorted_rid == before and top > before:
        # A batch large enough is a sorted run of its own, when no tail waits before it.
        con.execute("INSERT INTO search_runs VALUES (?, ?, ?)", [table, top, written])
        sorted_rid = top
    con.execute("UPDATE search_stats SET docs = docs + ?, total_len = total_len + ?, sorted_rid = ?, "
                "top_rid = greatest(top_rid, ?) WHERE tbl = ?", [docs, total, sorted_rid, top, table])


def remove(con, table: str, where: str, args: list | None = None) -> None:
    """Drop the postings of the rows of `table` matching `where` (before the
    rows themselves go), and their share of the running totals."""
    rids = f"SELECT rid FROM {table} WHERE {where}"
    lo, hi = con.execute(f"SELECT min(rid), max(rid) FROM ({rids})", args or []).fetchone()
    if lo is None:
        return
    # The rows' rids are close together (an article's rows are numbered in
    # one go): the range lets the scan skip every other row group.
    cond = f"rid BETWEEN {int(lo)} AND {int(hi)} AND rid IN ({rids})"
    docs, total = con.execute(f"SELECT count(*), coalesce(sum(dl), 0) FROM (SELECT DISTINCT rid, dl "
                              f"FROM postings_{table} WHERE {cond})", args or []).fetchone()
    if not docs:
        return
    con.execute(f"DELETE FROM postings_{table} WHERE {cond}", args or [])
    con.execute("UPDATE search_stats SET docs = docs - ?, total_len = total_len - ? WHERE tbl = ?",
                [docs, total, table])


def backfill(con, table: str, batch: int = 50_000) -> int:
    """Index the rows of `table` that hold no postings yet (a base made by
    an older depeche); returns how many rows were indexed. Cheap when there
    are none: ingest indexes every row it writes, and rows past the highest
    rid it indexed (search_stats.top_rid) are the only candidates."""
    top = con.execute("SELECT top_rid FROM search_stats WHERE tbl = ?", [table]).fetchone()[0]
    cols = ", ".join(f"t.{c}" for c in INDEXED[table])
    done = 0
    while True:
        rows = con.execute(f"""
            SELECT t.rid, {cols}, a.lang FROM {table} t LEFT JOIN articles a USING (article_id)
            WHERE t.rid > ? ORDER BY t.rid LIMIT ?""", [top, batch]).fetchall()
        if not rows:
            return done
        add(con, table, [r[:-1] for r in rows], [r[-1] for r in rows])
        top = rows[-1][0]
        done += len(rows)


def backfill_all(con) -> int:
    return sum(backfill(con, table) for table in INDEXED)


def compact(con, table: str, least: int = TAIL_POSTINGS) -> int:
    """Keep the postings searchable fast as they grow, at a cost that
    follows what was added, not the base (in the caller's transaction):

    - the tail, the postings of rows past the last sorted run (small
      batches: articles posted one by one), once it holds `least` postings,
      is rewritten in term order as a new run;
    - runs are merged as a binary counter adds (the newest ones, while the
      run before them is at most twice their size together), so that there
      are O(log n) runs, each posting is rewritten O(log n) times in all,
      and a term is read from about one row group per run.

    Returns how many postings were rewritten."""
    sorted_rid, top = con.execute("SELECT sorted_rid, top_rid FROM search_stats WHERE tbl = ?", [table]).fetchone()
    done = 0
    if top > sorted_rid:
        tail = con.execute(f"SELECT count(*) FROM postings_{table} WHERE rid > ?", [sorted_rid]).fetchone()[0]
        if tail >= max(least, 1):
            _rewrite(con, table, sorted_rid, top)
            con.execute("INSERT INTO search_runs VALUES (?, ?, ?)", [table, top, tail])
            con.execute("UPDATE search_stats SET sorted_rid = ? WHERE tbl = ?", [top, table])
            done += tail
    runs = con.execute("SELECT hi_rid, postings FROM search_runs WHERE tbl = ? ORDER BY hi_rid", [table]).fetchall()
    j = len(runs) - 1
    size = runs[j][1] if runs else 0
    while j > 0 and runs[j - 1][1] <= 2 * size:
        j -= 1
        size += runs[j][1]
    if runs and j < len(runs) - 1:
        lo, hi = (runs[j - 1][0] if j > 0 else 0), runs[-1][0]
        _rewrite(con, table, lo, hi)
        con.execute("DELETE FROM search_runs WHERE tbl = ? AND hi_rid > ?", [table, lo])
        con.execute("INSERT INTO search_runs VALUES (?, ?, ?)", [table, hi, size])
        done += size
    return done


def _rewrite(con, table: str, lo: int, hi: int) -> None:
    """The postings of rows lo < rid <= hi, written again in term order."""
    cond = f"rid > {int(lo)} AND rid <= {int(hi)}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _run AS SELECT term, rid, tf, dl FROM postings_{table} "
                f"WHERE {cond} ORDER BY term, rid")
    try:
        con.execute(f"DELETE FROM postings_{table} WHERE {cond}")
        con.execute(f"INSERT INTO postings_{table} SELECT term, rid, tf, dl FROM _run")
    finally:
        con.execute("DROP TABLE _run")


# --- reading --------------------------------------------------------------------

def indexed(con, table: str) -> bool:
    """Whether `table` has postings (a base of schema 4 or later; an older
    one opened read-only has none)."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                            [f"postings_{table}"]).fetchone()[0])


def matches(con, table: str, groups: list[set[str]]) -> tuple[str, list]:
    """A query yielding (rid, score) for the rows of `table` that match every
    group of terms (a query word: see `query_terms`), scored BM25 over the
    postings; a word's score is its best term's.

    Each term is read by its own `term = '...'` scan: postings are stored in
    runs sorted by term, so the zonemaps let each scan skip the row groups
    whose range leaves the term out (an IN list is checked against the span
    from its least to its greatest term, which skips almost nothing). The
    terms' document frequencies are counted first (cheap: the same skipping
    scans, no rows out); the rarest word's rows are the candidates, and the
    other words' postings are read for those rows only, so that a common
    word ("de") costs its scan but never a join or a sort of its postings."""
    terms = sorted({t for g in groups for t in g})
    counts = " UNION ALL ".join(f"SELECT {_literal(t)} AS term, count(*) AS df FROM postings_{table} "
                                f"WHERE term = {_literal(t)}" for t in terms)
    df = dict(con.execute(counts).fetchall())
    words = sorted(range(len(groups)), key=lambda w: sum(df[t] for t in groups[w]))
    if any(not any(df[t] for t in g) for g in groups):
        return "SELECT NULL::BIGINT AS rid, NULL::DOUBLE AS score WHERE FALSE", []
    rarest = [t for t in sorted(groups[words[0]]) if df[t]]
    scans = []
    for w in words:
        for t in sorted(groups[w]):
            if df[t]:
                only = "" if w == words[0] else " AND rid IN (SELECT rid FROM c)"
                scans.append(f"SELECT {w} AS w, rid, tf, dl, {df[t]} AS df FROM postings_{table} "
                             f"WHERE term = {_literal(t)}{only}")
    cands = " UNION ".join(f"SELECT rid FROM postings_{table} WHERE term = {_literal(t)}" for t in rarest)
    score = (f"ln((greatest(st.n - p.df, 0) + 0.5) / (p.df + 0.5) + 1) * p.tf * {K1 + 1} "
             f"/ (p.tf + {K1} * ({1 - B} + {B} * p.dl / st.avgdl))")
    if all(len(g) == 1 for g in groups):
        per_word = f"SELECT p.rid, {score} AS score FROM p CROSS JOIN st"
    else:  # a word of several terms (its stems by several languages) scores by its best
        per_word = f"SELECT p.rid, max({score}) AS score FROM p CROSS JOIN st GROUP BY p.rid, p.w"
    return f"""
        WITH st AS (SELECT greatest(docs, 1) AS n, greatest(total_len, 1)::DOUBLE / greatest(docs, 1) AS avgdl
                    FROM search_stats WHERE tbl = ?),
        c AS ({cands}),
        p AS ({" UNION ALL ".join(scans)})
        SELECT rid, sum(score) AS score FROM ({per_word}) GROUP BY rid HAVING count(*) = {len(groups)}""", [table]


def _literal(term: str) -> str:
    """A term as an SQL string (in the text of the query, not a parameter:
    a constant is what the scan's zonemap check needs)."""
    return "'" + term.replace("'", "''") + "'"
