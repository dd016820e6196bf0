"""One extraction, three ways to run it: one process, two worker processes,
and Ray Data on a local Ray with 2 CPUs. The records must be the same bytes.

The input is the dev set (tests/data/wikinews, Wikinews CC BY 2.5, see its
SOURCES.md) plus 200 more articles recombined from the paragraphs of the
test corpora (a seeded draw, so the same every run), and one broken line.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from depeche.cli import main

from _corpus import dev_articles, recombined

EXTRA = 200


def corpus() -> list[dict]:
    return dev_articles() + recombined(EXTRA)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scale")
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in corpus():
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
        f.write('{"id": "cut-short", "text": "Le ministre a déclaré\n')  # a truncated line
    return path


def _sorted_lines(lines) -> list[str]:
    return sorted((line for line in lines if line.strip()), key=lambda line: json.loads(line)["id"])


def _local(batch: Path, workers: int) -> list[str]:
    out = batch.parent / f"w{workers}.jsonl"
    main(["extract", str(batch), "--workers", str(workers), "--format", "jsonl", "--out", str(out), "--no-progress"])
    return _sorted_lines(out.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def one_worker(batch) -> list[str]:
    return _local(batch, 1)


def test_input_is_big_enough_to_use_the_workers(one_worker):
    from depeche.scale.local import MIN_PARALLEL

    assert len(one_worker) > MIN_PARALLEL
    ok = [json.loads(line) for line in one_worker if "error" not in json.loads(line)]
    assert len(ok) >= 220
    assert {r["lang"] for r in ok} >= {"fr", "en"}
    assert sum(len(r["statements"]) for r in ok) > 300


def test_two_workers_give_the_same_bytes(batch, one_worker):
    two = _local(batch, 2)
    assert len(two) == len(one_worker)
    assert two == one_worker


def test_ray_gives_the_same_records_and_an_error_row(batch, one_worker):
    ray = pytest.importorskip("ray")
    from depeche.scale.ray_runner import run
    from depeche.store.inputs import read_run_output

    out = batch.parent / "ray-out"
    try:
        counts = run([str(batch)], str(out), workers=2, batch_size=16)
    finally:
        ray.shutdown()
    records = _sorted_lines(json.dumps(r, ensure_ascii=False) for r in read_run_output(str(out)))
    assert counts["records"] == len(records) == len(one_worker)
    good = [line for line in one_worker if '"error"' not in line[:200]]
    assert [line for line in records if '"error"' not in line[:200]] == good
    # The broken line is an error row named by the id that survived, not a failed job.
    errors = {json.loads(line)["id"]: json.loads(line) for line in records if json.loads(line).get("error")}
    assert "invalid JSON" in errors["cut-short"]["error"]
    # Every part is a Parquet table DuckDB reads directly.
    import duckdb

    con = duckdb.connect()
    statements = con.execute(f"SELECT count(*) FROM '{out}/statements/*.parquet'").fetchone()[0]
    assert statements == sum(len(json.loads(line)["statements"]) for line in good)
    assert con.execute(f"SELECT count(*) FROM '{out}/errors/*.parquet'").fetchone()[0] == 1
    # And `depeche ingest` takes the folder as it is.
    db = batch.parent / "kb.duckdb"
    # 1: the error row is reported as rejected (nothing to store), the rest goes in.
    assert main(["ingest", str(out), "--db", str(db), "--no-progress"]) == 1
    from depeche import store

    kb = store.connect(str(db), read_only=True)
    assert kb.execute("SELECT count(*) FROM articles").fetchone()[0] == len(good)
