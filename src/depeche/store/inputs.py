"""What `depeche ingest` reads: records already extracted (JSONL from
`depeche extract` or the Ray runner), or articles, which are extracted on
the way. A file is one or the other, told by its first object."""
from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator

_RECORD_KEYS = ("entities", "statements", "error")


def is_record_file(path: str, probe: int = 20) -> bool:
    """Judged by the first line that parses (a truncated first line must not
    turn a file of records into articles), among the first `probe` lines."""
    if not path.endswith((".jsonl", ".ndjson", ".json")) or not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            if n >= probe:
                break
            if line.strip():
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                return isinstance(obj, dict) and any(k in obj for k in _RECORD_KEYS)
    return False


def read_records(path: str) -> Iterator[dict]:
    """Records a line, streamed; a broken line becomes an error record."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield {"id": f"{path}:{n}", "error": f"invalid JSON at line {n}: {exc.msg}", "origin": path}
                continue
            if isinstance(obj, dict):
                yield obj
            else:
                yield {"id": f"{path}:{n}", "error": f"line {n}: not a JSON object", "origin": path}


def is_run_output(path: str) -> bool:
    """A folder written by `depeche run` (Ray): its records are in records/*.parquet."""
    return os.path.isdir(path) and bool(glob.glob(os.path.join(path, "records", "*.parquet")))


def read_run_output(folder: str, batch_rows: int = 1000) -> Iterator[dict]:
    """The records a Ray run wrote, streamed a Parquet row group at a time."""
    import pyarrow.parquet as pq

    for path in sorted(glob.glob(os.path.join(folder, "records", "*.parquet"))):
        for batch in pq.ParquetFile(path).iter_batches(columns=["record"], batch_size=batch_rows):
            for n, text in enumerate(batch.column(0).to_pylist()):
                try:
                    yield json.loads(text)
                except (TypeError, ValueError) as exc:
                    yield {"id": f"{path}#{n}", "error": f"unreadable record: {exc}", "origin": path}


def needs_extraction(paths: list[str]) -> bool:
    from ..read import files

    rest = [p for p in paths if not is_run_output(p)]
    return bool(rest) and any(not is_record_file(p) for p in files(rest))


def iter_records(paths: list[str], batch_size: int = 32, workers: int = 1) -> Iterator[dict]:
    """Records from `paths`, extracting articles where the input holds articles
    (in `workers` processes)."""
    from ..read import files

    runs = [p for p in paths if is_run_output(p)]
    for folder in runs:
        yield from read_run_output(folder)
    paths = [p for p in paths if p not in runs]
    if not paths:
        return
    pending: list[str] = []
    for path in files(paths):
        if is_record_file(path):
            if pending:
                yield from _extract(pending, batch_size, workers)
                pending = []
            yield from read_records(path)
        else:
            pending.append(path)
    if pending:
        yield from _extract(pending, batch_size, workers)


def _extract(paths: list[str], batch_size: int, workers: int) -> Iterator[dict]:
    from ..read import iter_articles
    from ..scale.local import process_parallel

    yield from process_parallel(iter_articles(paths), workers=workers, batch_size=batch_size)
