"""`depeche run --engine ray`: the same extraction on a Ray cluster.

Ray Data reads the input (JSONL as text lines, so that a broken line is an
error row and not a failed job; or Parquet with the article fields), runs
`pipeline.process` in `map_batches` on a pool of actors (each loads the
model once), and writes Parquet, one folder per record part: `records/`
(id, error, the record as JSON — what `depeche ingest` reads),
`articles/`, `entities/`, `statements/`, `quantities/`, `places/`,
`dates/`, `events/`, `errors/`. DuckDB reads them directly
(`SELECT * FROM 'OUT/statements/*.parquet'`).

Local: `ray.init()` with the machine's CPUs. Cluster: `--address ray://HOST:10001`
or `RAY_ADDRESS`; the input and output paths must then be visible to every
node (a shared file system, or s3:// / gs:// paths that pyarrow can read).
Ray is an optional extra (`pip install 'depeche[ray]'`); nothing else in
depeche imports it.
"""
from __future__ import annotations

import glob
import functools
import json
import logging
import os

PARTS = ("articles", "entities", "statements", "quantities", "vague_quantities", "places", "dates", "events",
         "errors")


def expand(inputs: list[str]) -> tuple[list[str], str]:
    """Files of the input (dirs walked, globs expanded) and their kind."""
    paths: list[str] = []
    for item in inputs:
        if "://" in item:
            paths.append(item)
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                paths += [os.path.join(root, f) for f in sorted(files)
                          if f.endswith((".jsonl", ".ndjson", ".json", ".parquet"))]
        else:
            paths += sorted(glob.glob(item)) or [item]
    if not paths:
        raise FileNotFoundError(f"no input files in {', '.join(inputs)}")
    kinds = {"parquet" if p.endswith(".parquet") else "jsonl" for p in paths}
    if len(kinds) > 1:
        raise ValueError("mixing Parquet and JSONL inputs in one run is not supported")
    return [os.path.abspath(p) if "://" not in p else p for p in paths], kinds.pop()


class Extractor:
    """A Ray actor: the model is loaded once, on the first batch."""

    def __init__(self, output: str, batch_size: int = 32, lines: bool = True):
        self.output = output
        self.batch_size = batch_size
        self.lines = lines  # JSONL read as text lines, or Parquet rows with the article fields

    def __call__(self, batch: dict) -> dict:
        from ..pipeline import process
        from ..record import Article, ErrorRecord

        items = []
        if self.lines:
            paths = batch.get("path")
            for n, line in enumerate(batch["text"]):
                if not str(line).strip():
                    continue
                items.append(_article_from_line(str(line), None if paths is None else str(paths[n])))
        else:  # Parquet rows with the article fields
            cols = {k: list(v) for k, v in batch.items()}
            for k in range(len(cols.get("text", []))):
                row = {c: (None if _missing(v[k]) else v[k]) for c, v in cols.items()}
                if not isinstance(row.get("text"), str):
                    items.append(ErrorRecord(str(row.get("id") or f"row-{k}"), "missing field: text"))
                else:
                    items.append(Article(text=row["text"], id=_s(row.get("id")), lang=_s(row.get("lang")),
                                         title=_s(row.get("title")), published=_s(row.get("published")),
                                         url=_s(row.get("url"))))
        ids, errors, records = [], [], []
        for rec in process(items, batch_size=self.batch_size):
            ids.append(rec["id"])
            errors.append(rec.get("error"))
            records.append(json.dumps(rec, ensure_ascii=False))
        # Written here, by the actor, in the same pass: a Ray write stage
        # would start a task (a fresh worker process) per block and a second
        # pass per part, which on a small cluster costs more than the parse.
        write_parts(ids, errors, records, self.output)
        return {"articles": [len(records)], "errors": [sum(e is not None for e in errors)]}


def _article_from_line(line: str, path: str | None):
    """What the local JSONL reader makes of one line, but for the line number
    (Ray's text reader does not keep it): the origin is the file."""
    from ..read import DEFAULT_MAX_BYTES
    from ..read.common import error
    from ..read.jsonl import _invalid, _recover_id, article_from_object
    from ..record import content_id

    origin = path or "ray-input"
    line = line.lstrip("\ufeff").rstrip("\r\n")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return error(_invalid(exc, exc.lineno), origin, _recover_id(line) or f"invalid-{content_id(line)}")
    return article_from_object(obj, origin=origin, max_bytes=DEFAULT_MAX_BYTES)


def _missing(v) -> bool:
    try:
        return v is None or v != v  # None or NaN
    except Exception:  # noqa: BLE001 - arrays and the like
        return False


def _s(v):
    return None if v is None else str(v)


def _arrow_type(hint):
    """A record field's Parquet type: nested values (spans, lists) as one JSON
    string, so that every file of a part has the same schema."""
    import types
    import typing

    import pyarrow as pa

    args = [a for a in typing.get_args(hint) if a is not type(None)] if isinstance(hint, types.UnionType) or \
        typing.get_origin(hint) is typing.Union else [hint]
    if args == [str]:
        return pa.string()
    if args == [bool]:
        return pa.bool_()
    if args == [int]:
        return pa.int64()
    if set(args) <= {int, float}:
        return pa.float64()
    return pa.string()


@functools.cache
def schemas() -> dict:
    """One Arrow schema per output part, from the record's dataclasses."""
    import dataclasses
    import typing

    import pyarrow as pa

    from .. import record

    hints = typing.get_type_hints(record.Record)
    out = {
        "articles": pa.schema([("id", pa.string()), ("lang", pa.string()), ("title", pa.string()),
                               ("published", pa.string()), ("outlet", pa.string()), ("dateline", pa.string()),
                               ("author", pa.string()), ("url", pa.string()), ("text", pa.string()),
                               ("keywords", pa.string())]),
        "errors": pa.schema([("id", pa.string()), ("error", pa.string()), ("origin", pa.string())]),
    }
    for part in PARTS:
        if part in out:
            continue
        item = typing.get_args(hints[part])[0]
        fields = [("article_id", pa.string())]
        fields += [(f.name, _arrow_type(h)) for f in dataclasses.fields(item)
                   for h in [typing.get_type_hints(item)[f.name]]]
        out[part] = pa.schema(fields)
    return out


def part_rows(rec: dict, part: str) -> list[dict]:
    """The rows one record gives to one output part (flat, Parquet-friendly)."""
    aid = rec["id"]
    if part == "errors":
        return [{"id": aid, "error": rec["error"], "origin": rec.get("origin")}] if "error" in rec else []
    if "error" in rec:
        return []
    if part == "articles":
        src = rec.get("source") or {}
        return [{"id": aid, "lang": rec.get("lang"), "title": rec.get("title"), "published": rec.get("published"),
                 "outlet": src.get("outlet"), "dateline": src.get("dateline"), "author": src.get("author"),
                 "url": src.get("url"), "text": rec.get("text"),
                 "keywords": json.dumps(rec.get("keywords") or [], ensure_ascii=False)}]
    out = []
    for item in rec.get(part) or []:
        flat = {"article_id": aid}
        for k, v in item.items():
            flat[k] = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
        out.append(flat)
    return out


def write_parts(ids: list[str], errors: list, records: list[str], output: str) -> None:
    """One Parquet file per part for this batch of records, under
    OUTPUT/<part>/ (the records themselves in OUTPUT/records/), named
    uniquely so actors on many nodes never collide."""
    import uuid

    import pyarrow as pa
    import pyarrow.parquet as pq

    parsed = [json.loads(r) for r in records]
    filesystem, root = _filesystem(output)
    name = f"{uuid.uuid4().hex}.parquet"
    filesystem.create_dir(f"{root}/records", recursive=True)
    pq.write_table(pa.table({"id": pa.array(ids, pa.string()), "error": pa.array(errors, pa.string()),
                             "record": pa.array(records, pa.string())}),
                   f"{root}/records/{name}", filesystem=filesystem)
    for part, schema in schemas().items():
        rows = [row for rec in parsed for row in part_rows(rec, part)]
        if not rows:
            continue
        table = pa.Table.from_pylist([{k: row.get(k) for k in schema.names} for row in rows], schema=schema)
        filesystem.create_dir(f"{root}/{part}", recursive=True)
        pq.write_table(table, f"{root}/{part}/{name}", filesystem=filesystem)


def _filesystem(output: str):
    """pyarrow's file system for the output (local, s3://, gs://...) and the path in it."""
    from pyarrow import fs as pafs

    return pafs.FileSystem.from_uri(output if "://" in output else os.path.abspath(output))


def count_rows(output: str) -> dict:
    """Rows per part, from the Parquet footers (no data read)."""
    import pyarrow.parquet as pq
    from pyarrow import fs as pafs

    filesystem, root = _filesystem(output)
    counts = {}
    for part in ("records", *PARTS):
        infos = filesystem.get_file_info(pafs.FileSelector(f"{root}/{part}", allow_not_found=True))
        counts[part] = sum(pq.ParquetFile(filesystem.open_input_file(i.path)).metadata.num_rows
                           for i in infos if i.path.endswith(".parquet"))
    return counts


def run(inputs: list[str], output: str, address: str | None = None, workers: int | None = None,
        batch_size: int = 32) -> dict:
    """Extract every article of `inputs` on Ray; write Parquet under `output`."""
    import ray

    paths, kind = expand(inputs)
    if "://" not in output:
        # Actors run in other working directories (and on other nodes).
        output = os.path.abspath(output)
        if os.path.isdir(output) and os.listdir(output):
            raise FileExistsError(f"{output} is not empty: the parts of two runs would mix (give a new folder)")
    address = address or os.environ.get("RAY_ADDRESS")
    if not ray.is_initialized():
        if address:
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
    # Ray Data's progress bars stay; its INFO log lines would bury them.
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = max(1, min(workers or cpus, cpus))
    # Reading costs next to nothing beside the parse; at one CPU a read task
    # would wait forever behind actors that hold every CPU and wait for it.
    # Blocks of a few batches each: an actor that finishes early takes the
    # next one instead of the last big block leaving the other CPUs idle.
    blocks = actors * 4
    if kind == "parquet":
        ds = ray.data.read_parquet(paths, num_cpus=0, override_num_blocks=blocks)
    else:
        ds = ray.data.read_text(paths, num_cpus=0, include_paths=True, override_num_blocks=blocks)
    records = ds.map_batches(Extractor, fn_constructor_kwargs={"output": output, "batch_size": batch_size,
                                                               "lines": kind == "jsonl"},
                             batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1,
                             batch_format="numpy")
    done = records.sum("articles") or 0  # runs the job; the actors write as they go
    counts = count_rows(output)
    if done != counts["records"]:
        raise RuntimeError(f"{done} articles extracted but {counts['records']} records written under {output}")
    return counts
