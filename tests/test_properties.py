"""Property tests (hypothesis): whatever comes in, one output per input and no
traceback, from `extract`, `ingest` and the API. Each property is bounded in
examples and time so the default run stays short."""
from __future__ import annotations

import json
from contextlib import closing
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import _story
from depeche import pipeline, store
from depeche.record import Article
from depeche.serve.app import create_app

QUICK = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Any code point, lone surrogates included; some real words so the model has work.
TEXTS = st.one_of(st.text(max_size=400),
                  st.lists(st.sampled_from(["Le", "ministre", "a", "déclaré", "que", "«", "»", "12 000",
                                            "said", "\ud800", "\n", ":", "Paris", "selon", ",", "."]),
                           max_size=60).map(" ".join))
LANGS = st.one_of(st.none(), st.sampled_from(["fr", "en", "zz", "FR", ""]))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                 max_size=4),
                    max_leaves=12)


def _writable(obj) -> str:
    """The output as the CLI writes it: strict JSON, UTF-8."""
    line = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")
    return line


@QUICK
@given(st.lists(st.tuples(TEXTS, LANGS), min_size=1, max_size=4))
def test_extract_gives_one_output_per_article_whatever_the_text(items):
    arts = [Article(text=t, id=f"p{k}", lang=lang) for k, (t, lang) in enumerate(items)]
    out = list(pipeline.process(arts, batch_size=3))
    assert [o["id"] for o in out] == [a.id for a in arts]
    for o in out:
        _writable(o)
        assert "error" in o or "statements" in o


@pytest.fixture(scope="module")
def record():
    return _story.records()[0]


def _mutated(record: dict, path: list, value) -> dict:
    """The record with one field, somewhere inside it, replaced: each step of
    the path is a key (or, as a number, the n-th key) of an object, or an
    index into a list."""
    rec = json.loads(json.dumps(record))
    node, key = None, None
    parent = rec
    for step in path:
        if isinstance(parent, dict) and parent:
            key = step if isinstance(step, str) else sorted(parent)[step % len(parent)]
        elif isinstance(parent, list) and parent:
            key = step % len(parent) if isinstance(step, int) else 0
        else:
            break
        node = parent
        parent = node[key] if isinstance(node, list) or key in node else None
    if node is not None:
        node[key] = value
    return rec


FIELDS = st.lists(st.one_of(st.sampled_from(["entities", "statements", "quantities", "places", "events", "id",
                                             "text", "span", "speaker", "value", "mentions", "within"]),
                            st.integers(0, 5)), min_size=1, max_size=4)


@QUICK
@given(inputs=st.lists(st.one_of(JSON, st.tuples(FIELDS, JSON)), min_size=1, max_size=5))
def test_ingest_counts_every_record_and_never_raises(tmp_path_factory, record, inputs):
    recs = []
    for k, x in enumerate(inputs):
        if isinstance(x, tuple):  # a real record with one field broken
            path, value = x
            recs.append(_mutated(record | {"id": f"r{k}"}, path, value))
        else:  # any JSON value at all
            recs.append(x)
    with closing(store.connect(str(tmp_path_factory.mktemp("kb") / "kb.duckdb"))) as con:
        stats = store.ingest(con, recs, batch_size=2)
    assert stats.added + stats.updated + stats.unchanged + stats.rejected == len(recs)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(str(tmp_path_factory.mktemp("api") / "w.duckdb"), token="t0ken")
    try:
        yield TestClient(app)
    finally:
        app.state.db.close()


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=st.one_of(JSON, st.fixed_dictionaries({"text": TEXTS}, optional={"lang": LANGS, "title": JSON,
                                                                            "id": JSON, "published": JSON})))
def test_the_api_never_answers_5xx_to_a_posted_body(client, body):
    try:
        content = json.dumps(body, allow_nan=True)
    except (ValueError, UnicodeEncodeError):
        return
    r = client.post("/api/articles", content=content.encode("utf-8", "surrogatepass"),
                    headers={"Authorization": "Bearer t0ken", "Content-Type": "application/json"})
    assert r.status_code < 500, r.text
    r.json()  # always a JSON answer


@QUICK
@given(q=st.text(max_size=30), since=st.text(max_size=12), limit=st.text(max_size=6))
def test_the_api_and_the_pages_never_answer_5xx_to_a_query(client, q, since, limit):
    for url, params in (("/api/statements", {"q": q, "since": since, "limit": limit}),
                        ("/api/numbers", {"q": q}),
                        (f"/api/entities/{quote(q or 'x', safe='')}", {}),
                        (f"/api/speakers/{quote(q or 'x', safe='')}", {"since": since}),
                        ("/search", {"q": q, "since": since, "page": limit}),
                        ("/claims", {"about": q, "until": since}),
                        (f"/entities/{quote(q or 'x', safe='')}", {}),
                        (f"/articles/{quote(q or 'x', safe='')}", {"page": limit})):
        r = client.get(url, params=params)
        assert r.status_code < 500, (url, params, r.text)
