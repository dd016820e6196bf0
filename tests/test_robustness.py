"""One bad article or record costs only itself (issue 12): text that cannot be
encoded, a model failure on one text, numbers out of range, broken references
and oversized ids. The sentences are written for these tests."""
from __future__ import annotations

import json
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

import _story
from depeche import nlp, pipeline, store
from depeche.cli import main
from depeche.record import Article
from depeche.serve.app import create_app
from depeche.store.validate import RecordError, validate

SENTENCES = ["Le maire de Lyon a déclaré mardi que la ville ouvrirait trois écoles.",
             "La ministre a affirmé que le budget serait voté avant l'été.",
             "Selon le syndicat, 200 salariés ont fait grève lundi."]


def _articles(n: int, bad_at: int) -> list[dict]:
    out = []
    for i in range(n):
        text = SENTENCES[i % len(SENTENCES)]
        if i == bad_at:
            text = "Le maire a déclaré \ud800 que la ville était prête."
        out.append({"id": f"a{i:03d}", "lang": "fr", "text": text})
    return out


def test_a_lone_surrogate_costs_nothing_but_a_warning(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    # json.dumps writes the surrogate as the escape "\ud800": valid JSON, no character.
    src.write_text("".join(json.dumps(a) + "\n" for a in _articles(100, bad_at=37)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--format", "jsonl", "-o", str(out), "--no-progress"]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 100 and not any("error" in r for r in recs)
    bad = recs[37]
    assert "\ufffd" in bad["text"] and any("surrogate" in w and "text" in w for w in bad["warnings"])
    assert bad["statements"], "the repaired article is still extracted"
    assert not any(r["warnings"] for k, r in enumerate(recs) if k != 37)


def test_a_text_the_model_fails_on_costs_that_article_alone(monkeypatch):
    real = nlp.pipe

    def fragile(texts, lang, batch_size=32):
        texts = list(texts)
        if any("POISON" in t for t in texts):
            if len(texts) > 1:
                yield from real(texts[:1], lang, batch_size)  # some docs come out before the failure
            raise RuntimeError("the model broke")
        yield from real(texts, lang, batch_size)

    monkeypatch.setattr(nlp, "pipe", fragile)
    arts = [Article(text=t, id=f"m{i}", lang="fr") for i, t in
            enumerate(SENTENCES + ["Le préfet a dit que POISON arrivait."] + SENTENCES)]
    out = list(pipeline.process(arts, batch_size=8))
    assert [r["id"] for r in out] == [a.id for a in arts]
    errors = [r for r in out if "error" in r]
    assert [r["id"] for r in errors] == ["m3"] and "language model failed" in errors[0]["error"]
    assert all(r["statements"] for r in out if "error" not in r)


@pytest.fixture(scope="module")
def record():
    return _story.records()[0]


def _broken(rec: dict, how) -> dict:
    rec = json.loads(json.dumps(rec))
    how(rec)
    return rec


BREAKS = {
    "quantities[0].value": lambda r: r["quantities"].insert(0, {"value": 10 ** 400, "text": "x", "span": [0, 1]}),
    "quantities[0].low": lambda r: r["quantities"].insert(0, {"low": float("nan"), "text": "x", "span": [0, 1]}),
    "quantities[0].high": lambda r: r["quantities"].insert(0, {"high": float("inf"), "text": "x", "span": [0, 1]}),
    "places[0].lat": lambda r: r["places"].insert(0, {"name": "X", "lat": 91.0, "lon": 0.0}),
    "statements[1].id": lambda r: r["statements"].insert(1, dict(r["statements"][0])),
    "entities[1].id": lambda r: r["entities"].insert(1, dict(r["entities"][0])),
    "statements[0].within": lambda r: r["statements"][0].update(within="S999"),
    "events[0].statement": lambda r: r["events"].insert(0, {"type": "X", "statement": "S999"}),
    "id": lambda r: r.update(id="x" * 10_000),
    "title": lambda r: r.update(title="Titre \udc00 cassé"),
}


@pytest.mark.parametrize("field", sorted(BREAKS))
def test_the_contract_names_the_broken_field(record, field):
    assert validate(_broken(record, lambda r: None))
    with pytest.raises(RecordError) as exc:
        validate(_broken(record, BREAKS[field]))
    assert str(exc.value).startswith(field + ":")


def test_ingest_rejects_each_broken_record_and_stores_the_rest(tmp_path, record):
    broken = [_broken(record, how) | {"id": f"bad-{k}"} if field != "id" else _broken(record, how)
              for k, (field, how) in enumerate(sorted(BREAKS.items()))]
    good = [_broken(record, lambda r: r.update(id=f"good-{k}")) for k in range(2)]
    with closing(store.connect(str(tmp_path / "kb.duckdb"))) as con:
        stats = store.ingest(con, [good[0], *broken, good[1]], batch_size=4)
        stored = {row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()}
    assert stats.rejected == len(BREAKS) and stats.added == 2
    assert stored == {"good-0", "good-1"}


def test_the_api_answers_422_to_a_number_json_cannot_carry_and_repairs_a_surrogate(tmp_path):
    app = create_app(str(tmp_path / "w.duckdb"), token="t0ken")
    auth = {"Authorization": "Bearer t0ken", "Content-Type": "application/json"}
    try:
        client = TestClient(app)
        r = client.post("/api/articles", headers=auth,
                        content='{"title": 1e400, "text": "Le maire a dit que tout va bien.", "lang": "fr"}')
        assert r.status_code == 422 and "title" in r.json()["detail"]
        r = client.post("/api/articles", headers=auth,
                        content='{"id": "s1", "text": "Le maire a dit \\ud800 que tout va bien.", "lang": "fr"}')
        assert r.status_code == 201 and "\ufffd" in r.json()["text"] and r.json()["warnings"]
    finally:
        app.state.db.close()


def test_emoji_neither_join_a_name_nor_take_the_speakers_place():
    import depeche
    rec = depeche.extract({"lang": "fr", "text": "Jean Dupont a visité Marseille. 😀😀 Il a déclaré que la réforme "
                                                 "passerait. Marie Curtil 🇫🇷👨‍👩‍👧 a affirmé à Paris que le "
                                                 "budget serait voté."})
    names = {e["name"] for e in rec["entities"]}
    assert {"Jean Dupont", "Marie Curtil", "Marseille", "Paris"} <= names
    assert not any(ch in n for n in names for ch in "😀🇫👨")
    said = {(s["speaker_text"], s["content"]) for s in rec["statements"]}
    assert said == {("Jean Dupont", "la réforme passerait"), ("Marie Curtil", "le budget serait voté")}


def test_query_output_as_json_is_always_strict_json():
    import io
    from depeche.render import show
    out = io.StringIO()
    show("numbers", {"groups": [{"claims": [{"value": float("nan"), "low": float("inf")}]}]}, "json", out)
    data = json.loads(out.getvalue(), parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))
    assert data["groups"][0]["claims"][0] == {"value": None, "low": None}


def test_the_ingest_summary_counts_every_record_read(tmp_path, capsys, record):
    newer = _broken(record, lambda r: r.update(title="Une version plus récente"))
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in (record, newer)), encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(src), "--db", str(tmp_path / "kb.duckdb"), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "1 added, 0 updated, 0 unchanged, 0 rejected, 1 superseded by a later version" in err


def test_html_nested_deeper_than_the_parser_reads_keeps_its_text(tmp_path):
    from depeche.read.html import read_html
    para = "<p>Le préfet a annoncé mardi que la route serait rouverte jeudi, selon un communiqué.</p>"
    page = "<html><head><title>Route</title></head><body>" + "<div>" * 300 + para * 3 + "</div>" * 300 + \
        "</body></html>"
    art = read_html(page, "deep.html")
    assert getattr(art, "error", None) is None, art
    assert art.title == "Route" and art.text.count("Le préfet a annoncé mardi") == 3
    assert read_html("<html><body><script>var x = 1;</script></body></html>", "x.html").error
