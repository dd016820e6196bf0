"""The `depeche` command. Thin: parses arguments and calls the stages."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from contextlib import ExitStack

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="depeche",
        description="News articles in, attributed knowledge out: who said what, how many, where, when.",
    )
    p.add_argument("--version", action="version", version=f"depeche {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract records from articles (.txt .json .jsonl .html feeds, dirs, -)",
                        description="Read articles and write one record per article (spec/RECORD.md).")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for standard input")
    ex.add_argument("--format", choices=("jsonl", "json", "pretty"),
                    help="output format (default: pretty on a terminal, jsonl otherwise)")
    ex.add_argument("--out", "-o", metavar="FILE", help="write to FILE instead of standard output")
    ex.add_argument("--batch-size", type=_positive, default=32, help="articles per nlp.pipe batch (default 32)")
    ex.add_argument("--max-chars", type=_positive, default=None,
                    help="refuse articles longer than this many characters (default 200000)")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    ex.add_argument("--workers", type=_positive, default=None,
                    help="processes extracting in parallel, each loading the model once "
                         "(default: the number of cores; output order is the input's)")
    ex.set_defaults(func=_extract)

    def db_arg(sp):
        sp.add_argument("--db", default=None, metavar="FILE",
                        help="the DuckDB file (default: $DEPECHE_DB or ./depeche.duckdb)")

    def watch_args(sp):
        sp.add_argument("--interval", type=_seconds, default=300.0, metavar="SECONDS",
                        help="least time between two polls of a source (default 300): longer when its feed's "
                             "ttl or its Cache-Control say so, doubled after each failure, each jittered by 10%%")
        sp.add_argument("--delay", type=_seconds, default=1.0, metavar="SECONDS",
                        help="least time between two requests to one host (default 1; robots.txt may ask more)")
        sp.add_argument("--timeout", type=_seconds, default=20.0, metavar="SECONDS",
                        help="give up a request after this long (default 20)")
        sp.add_argument("--max-bytes", type=_positive, default=5_000_000,
                        help="largest feed or page accepted (default 5000000)")

    def server_args(sp, writes: bool = False):
        sp.add_argument("--server", metavar="URL", default=os.environ.get("DEPECHE_SERVER"),
                        help="ask a running `depeche serve` at URL (or $DEPECHE_SERVER) instead of opening the file"
                             + (": records and articles are sent to its API in batches, the articles extracted "
                                "by the server" if writes else ""))
        if writes:
            sp.add_argument("--token", default=None, help="the server's token (or $DEPECHE_TOKEN)")

    def out_args(sp):
        sp.add_argument("--format", choices=("table", "json", "csv"), default=None,
                        help="output format (default: table on a terminal, json otherwise)")
        sp.add_argument("--limit", type=_positive, default=200, help="at most this many rows (default 200)")

    def filter_args(sp):
        sp.add_argument("--since", metavar="YYYY-MM-DD", help="articles published on or after")
        sp.add_argument("--until", metavar="YYYY-MM-DD", help="articles published on or before")
        sp.add_argument("--outlet", help="only this outlet (substring)")
        sp.add_argument("--speaker", help="only this speaker (substring)")
        sp.add_argument("--stance", help="only this stance (assert, estimate, deny, ...)")
        sp.add_argument("--lang", help="only this language")
        sp.add_argument("--with-duplicates", action="store_true",
                        help="count near-duplicate copies of a story as sources of their own")

    ing = sub.add_parser("ingest", help="extract (if needed) and store articles or records in the knowledge base",
                         description="Store records (JSONL from `depeche extract`) or articles (extracted on "
                                     "the way) in the DuckDB knowledge base. Re-ingesting changes nothing; a "
                                     "new version of an article replaces its rows.")
    ing.add_argument("paths", nargs="+", metavar="PATH")
    db_arg(ing)
    ing.add_argument("--batch-size", type=_positive, default=1000, help="records per transaction (default 1000)")
    ing.add_argument("--workers", type=_nonnegative, default=os.cpu_count() or 1,
                     help="processes extracting articles, or checking records beside the one storing them "
                          "(default: the number of cores; 0: all in one process)")
    ing.add_argument("--no-progress", action="store_true")
    server_args(ing, writes=True)
    ing.set_defaults(func=_ingest)

    for name, helptext, arg in (
            ("said", "statements about a subject, grouped by speaker", "about"),
            ("speaker", "a person's or organisation's statements over time", "name"),
            ("numbers", "quantities about a subject by story and by what they count across languages, "
                        "revisions and contradictions told apart", "about"),
            ("entity", "everything known about an entity", "name")):
        q = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ".")
        q.add_argument(arg, metavar=arg.upper())
        db_arg(q)
        out_args(q)
        server_args(q)
        if name != "entity":
            filter_args(q)
        q.set_defaults(func=_query, query=name)

    sto = sub.add_parser("stories", help="stories: the articles about one event, across outlets and languages",
                         description="Stories: the articles about one event, grouped across outlets and languages "
                                     "as they are stored; the latest first.")
    db_arg(sto)
    out_args(sto)
    server_args(sto)
    sto.add_argument("--since", metavar="YYYY-MM-DD", help="stories with an article published on or after")
    sto.add_argument("--until", metavar="YYYY-MM-DD", help="stories with an article published on or before")
    sto.add_argument("--outlet", help="stories an outlet reported (substring)")
    sto.add_argument("--lang", help="stories reported in this language")
    sto.set_defaults(func=_query, query="stories")

    sq = sub.add_parser("sql", help="run read-only SQL on the knowledge base",
                        description="Run one read-only SQL statement on the knowledge base. Rows past --limit "
                                    "are cut (with a notice on standard error).")
    sq.add_argument("query_sql", metavar="QUERY")
    db_arg(sq)
    out_args(sq)
    sq.add_argument("--timeout", type=_seconds, default=SQL_TIMEOUT, metavar="SECONDS",
                    help=f"stop the query after this long (default {SQL_TIMEOUT:g}; 0: no limit)")
    sq.add_argument("--memory-limit", type=_memory, default=SQL_MEMORY, metavar="SIZE",
                    help=f"most memory the query may use, as DuckDB reads it (default {SQL_MEMORY})")
    sq.set_defaults(func=_sql, query="sql")

    exp = sub.add_parser("export", help="write the knowledge base out: parquet, csv, jsonl (a file per table) "
                                        "or gkg (GDELT GKG 2.1 files: a zip per day of publication, "
                                        "YYYYMMDDHHMMSS[.translation].gkg.csv.zip)")
    exp.add_argument("folder", metavar="DIR")
    exp.add_argument("--format", choices=("parquet", "csv", "jsonl", "gkg"), default="parquet")
    db_arg(exp)
    exp.set_defaults(func=_export)

    rn = sub.add_parser("run", help="extract at scale: Ray Data across a cluster (pip install 'depeche[ray]')",
                        description="Read JSONL or Parquet articles with Ray Data, extract them on a pool of "
                                    "actors (the model loaded once per actor) and write Parquet, one folder per "
                                    "record part, that `depeche ingest` and DuckDB read directly.")
    rn.add_argument("--engine", choices=("ray",), default="ray")
    rn.add_argument("--input", required=True, nargs="+", metavar="DIR_OR_GLOB")
    rn.add_argument("--output", required=True, metavar="DIR")
    rn.add_argument("--address", default=None, help="a Ray cluster (ray://HOST:10001); default $RAY_ADDRESS "
                                                    "or a local Ray on this machine's CPUs")
    rn.add_argument("--workers", type=_positive, default=None, help="actors (default: the cluster's CPUs)")
    rn.add_argument("--batch-size", type=_positive, default=32)
    rn.set_defaults(func=_run)

    sv = sub.add_parser("serve", help="the HTTP API and the web pages over the knowledge base",
                        description="Serve the JSON API (OpenAPI at /docs) and the pages. Read-only unless a "
                                    "token is given; then POST /api/articles needs 'Authorization: Bearer TOKEN'.")
    db_arg(sv)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=_positive, default=8000)
    sv.add_argument("--token", default=None, help="accept articles with this bearer token (or $DEPECHE_TOKEN)")
    sv.add_argument("--cors", action="append", metavar="ORIGIN", help="allow cross-origin requests from ORIGIN")
    sv.add_argument("--max-body", type=_positive, default=2_000_000, help="largest request body in bytes")
    sv.add_argument("--body-timeout", type=_seconds, default=30.0, metavar="SECONDS",
                    help="time a client has to send a whole request body (default 30, 0: no limit; 408 after)")
    sv.add_argument("--watch", nargs="+", metavar="SOURCE",
                    help="follow these feeds (URLs, site URLs, or files listing them) and store their new "
                         "articles while serving: this process is then the base's one writer")
    sv.add_argument("--workers", type=_nonnegative, default=None,
                    help="processes extracting articles, the models loaded in each at start (default: with "
                         "--watch, the number of cores less one, at least 1; else 0: in the serving process)")
    watch_args(sv)
    sv.set_defaults(func=_serve)

    wa = sub.add_parser("watch", help="follow RSS/Atom feeds and store their new articles",
                        description="Poll feeds (or pages announcing them, or files listing either, one a "
                                    "line), fetch each new entry's page, extract and store it. Entries already "
                                    "taken are remembered in the base: a restart fetches nothing twice.")
    wa.add_argument("sources", nargs="*", metavar="SOURCE", help="feed URL, site URL, or a file listing them")
    db_arg(wa)
    wa.add_argument("--once", action="store_true", help="poll every source once and exit")
    wa.add_argument("--status", action="store_true",
                    help="print each source's health (last poll, errors, next poll...) and exit")
    wa.add_argument("--format", choices=("table", "json", "csv"), default=None,
                    help="--status output (default: table on a terminal, json otherwise)")
    watch_args(wa)
    wa.set_defaults(func=_watch)

    mg = sub.add_parser("merge", help="join two entities the matcher kept apart (the second becomes the first)")
    mg.add_argument("keep")
    mg.add_argument("drop")
    db_arg(mg)
    mg.set_defaults(func=_merge)
    return p


SQL_TIMEOUT = 60.0  # seconds: any question of a knowledge base answers in less; a runaway join does not
SQL_MEMORY = "2GB"


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not n >= 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, not {value}")
    return n


def _memory(value: str) -> str:
    from .store.queries import memory_size

    try:
        return memory_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _nonnegative(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def _extract(args) -> int:
    from .read import count, iter_articles
    from .render import Progress, pretty
    from .scale.local import default_workers, process_parallel

    fmt = args.format
    if fmt is None:
        fmt = "pretty" if (args.out is None and sys.stdout.isatty()) else "jsonl"
    failed = total = 0
    kwargs = {"batch_size": args.batch_size}
    if args.max_chars is not None:
        kwargs["max_chars"] = args.max_chars
    with ExitStack() as stack:
        out = stack.enter_context(_output(args.out)) if args.out else sys.stdout
        show = not args.no_progress and fmt != "pretty" and sys.stderr.isatty()
        expected = count(args.paths) if show else None
        progress = stack.enter_context(Progress(enabled=show, total=expected))
        workers = args.workers or default_workers()
        records = process_parallel(iter_articles(args.paths), workers=workers, **kwargs)
        if fmt == "json":
            out.write("[\n")
        for rec in records:
            total += 1
            failed += "error" in rec
            progress.advance(failed="error" in rec)
            if fmt == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            elif fmt == "json":
                out.write((",\n" if total > 1 else "") + json.dumps(rec, ensure_ascii=False, indent=1))
            else:
                pretty(rec, out)
            if "error" in rec:
                print(f"depeche: {rec.get('origin') or rec['id']}: {rec['error']}", file=sys.stderr)
        if fmt == "json":
            out.write("\n]\n")
    if total == 0:
        print("depeche: no articles found", file=sys.stderr)
        return 1
    return 1 if failed else 0


def _db_path(args) -> str:
    from .store import DEFAULT_DB

    return args.db or os.environ.get("DEPECHE_DB") or DEFAULT_DB


def _ingest(args) -> int:
    if args.server:
        return _ingest_remote(args)
    from . import store
    from .render import IngestProgress
    from .store.inputs import iter_records, needs_extraction

    con = store.connect(_db_path(args))
    # Articles to extract: the workers extract (that is where the time goes);
    # records only: they check records for the store.
    extracting = needs_extraction(args.paths)
    records = iter_records(args.paths, workers=args.workers if extracting else 1)
    with IngestProgress(enabled=not args.no_progress) as progress:
        stats = store.ingest(con, records, batch_size=args.batch_size, progress=progress.update,
                             workers=0 if extracting else args.workers)
    store.reindex(con)
    con.close()
    # Every record read is counted once: an older version met again later in
    # the same input is "superseded".
    superseded = f", {stats.superseded} superseded by a later version" if stats.superseded else ""
    print(f"depeche: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged, "
          f"{stats.rejected} rejected{superseded}, {stats.duplicates} near-duplicates linked -> {_db_path(args)}",
          file=sys.stderr)
    _say_rejected(stats.errors)
    return 1 if stats.rejected else 0


def _ingest_remote(args) -> int:
    from . import client
    from .serve.app import token_from_env

    token = token_from_env(args.token)
    if not token:
        print("depeche: --server needs the server's token (--token or $DEPECHE_TOKEN)", file=sys.stderr)
        return 2
    totals = dict.fromkeys(("added", "updated", "unchanged", "rejected", "duplicates"), 0)
    errors: list[tuple[str, str]] = []
    with client.connect(args.server, token) as http:
        try:
            for path, items in _remote_batches(_remote_items(args.paths), errors):
                answer = client.post(http, path, [item for item, _ in items])
                for k in totals:
                    totals[k] += answer.get(k, 0)
                for e in answer.get("errors", []):
                    label = items[e["index"]][1] if 0 <= e.get("index", -1) < len(items) else None
                    errors.append((e.get("id") or label or "?", e["error"]))
        except client.ServerError as exc:
            print(f"depeche: {exc}", file=sys.stderr)
            return 2
    totals["rejected"] = len(errors)
    print(f"depeche: {totals['added']} added, {totals['updated']} updated, {totals['unchanged']} unchanged, "
          f"{totals['rejected']} rejected, {totals['duplicates']} near-duplicates linked -> {args.server}",
          file=sys.stderr)
    _say_rejected(errors)
    return 1 if errors else 0


def _remote_items(paths: list[str]):
    """(API path, item, label) for each input item, in order: records as
    they are, articles as the API takes them (the server extracts them);
    ("error", why, label) for what cannot even be read."""
    from .read import files, iter_articles
    from .record import ErrorRecord
    from .store.inputs import is_record_file, is_run_output, read_records, read_run_output

    def records(found):
        for rec in found:
            label = str(rec.get("origin") or rec.get("id"))
            yield ("error", rec["error"], label) if "error" in rec else ("/api/records", rec, label)

    for folder in [p for p in paths if is_run_output(p)]:
        yield from records(read_run_output(folder))
    for path in files([p for p in paths if not is_run_output(p)]):
        if is_record_file(path):
            yield from records(read_records(path))
            continue
        for article in iter_articles([path]):
            if isinstance(article, ErrorRecord):
                yield "error", article.error, article.id or article.origin
                continue
            item = {"html": article.html} if article.html else {"text": article.text}
            for key in ("id", "title", "published", "url", "lang"):
                if getattr(article, key) is not None:
                    item[key] = getattr(article, key)
            yield "/api/articles/batch", item, article.id or article.origin


def _remote_batches(items, errors: list):
    """Consecutive items for one endpoint, in batches the server takes."""
    import itertools

    from . import client

    for path, group in itertools.groupby(items, key=lambda t: t[0]):
        if path == "error":
            errors.extend((label, why) for _, why, label in group)
            continue
        pairs = [(item, label) for _, item, label in group]
        for batch in client.batches(pairs, measure=lambda pair: pair[0]):
            yield path, batch


def _say_rejected(errors: list[tuple[str, str]]) -> None:
    for who, why in errors[:50]:
        who = str(who) if len(str(who)) <= 80 else f"{str(who)[:60]}... ({len(str(who))} characters)"
        print(f"depeche: rejected {who}: {why}", file=sys.stderr)
    if len(errors) > 50:
        print(f"depeche: ... and {len(errors) - 50} more rejected", file=sys.stderr)


def _read_only(args):
    """The knowledge base for reading, or None after saying why not."""
    from . import store

    try:
        return store.connect(_db_path(args), read_only=True)
    except store.StoreError as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return None


def _query(args) -> int:
    from .render import show
    from .store import queries

    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if args.server:
        from . import client

        try:
            data = _query_remote(args)
        except client.ServerError as exc:
            print(f"depeche: {exc}", file=sys.stderr)
            return 2
    else:
        con = _read_only(args)
        if con is None:
            return 2
        filters = None
        if hasattr(args, "since"):
            filters = queries.Filters(since=args.since, until=args.until, outlet=args.outlet,
                                      speaker=getattr(args, "speaker", None), stance=getattr(args, "stance", None),
                                      lang=args.lang, duplicates=getattr(args, "with_duplicates", False))
        try:
            if args.query == "said":
                data = queries.said(con, args.about, filters, limit=args.limit)
            elif args.query == "speaker":
                data = queries.speaker(con, args.name, filters, limit=args.limit)
            elif args.query == "numbers":
                data = queries.numbers(con, args.about, filters, limit=args.limit)
            elif args.query == "entity":
                data = queries.entity(con, args.name, limit=args.limit)
            elif args.query == "stories":
                data = queries.stories(con, filters, limit=args.limit)
        except Exception as exc:  # a bad SQL query, mostly: say it, no traceback
            print(f"depeche: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
    if data is None:
        print(f"depeche: nothing found for {getattr(args, 'name', '')!r}", file=sys.stderr)
        return 1
    show(args.query, data, fmt, sys.stdout)
    return 0


def _query_remote(args):
    """The query's answer from the server's API, in the shape the file's
    queries give (render.show takes either)."""
    from urllib.parse import quote

    from . import client

    limit = min(args.limit, 500)  # the API's largest page
    if args.limit > limit:
        print(f"depeche: the server gives at most {limit} rows a question", file=sys.stderr)
    filters = {}
    if hasattr(args, "since"):
        filters = {"since": args.since, "until": args.until, "outlet": args.outlet,
                   "stance": getattr(args, "stance", None), "lang": args.lang,
                   "duplicates": "true" if getattr(args, "with_duplicates", False) else None}
    with client.connect(args.server) as http:
        if args.query == "stories":
            return client.get(http, "/api/stories", {"limit": limit, **filters})
        if args.query == "said":
            found = client.get(http, "/api/statements", {"q": args.about, "group": "speaker", "limit": limit,
                                                         "speaker": args.speaker, **filters})
            return found["groups"]
        if args.query == "speaker":
            found = client.get(http, f"/api/speakers/{quote(args.name, safe='')}", {"limit": limit, **filters})
            return None if found is None else {"entity": found["entity"], "statements": found["items"]}
        if args.query == "numbers":
            return client.get(http, "/api/numbers", {"about": args.about, "limit": limit,
                                                     "speaker": args.speaker, **filters})
        return client.get(http, f"/api/entities/{quote(args.name, safe='')}", {"limit": limit})


def _sql(args) -> int:
    from .render import show
    from .store import queries

    con = _read_only(args)
    if con is None:
        return 2
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    with _ctrl_c_interrupts(con) as interrupted:
        try:
            data, cut = queries.run_sql(con, args.query_sql, limit=args.limit, timeout=args.timeout or None,
                                        memory_limit=args.memory_limit)
        except queries.SqlRefused as exc:
            print(f"depeche: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # a bad SQL query, mostly: say it, no traceback
            if interrupted.is_set():
                raise KeyboardInterrupt from None
            hint = " (--memory-limit to allow more)" if "Out of Memory" in str(exc) else ""
            print(f"depeche: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
            return 2
    show("sql", data, fmt, sys.stdout)
    if cut:
        print(f"depeche: rows cut at {args.limit}: the query gave more (--limit N to show up to N)",
              file=sys.stderr)
    return 0


@contextlib.contextmanager
def _ctrl_c_interrupts(con):
    """Ctrl-C stops the running query (`con.interrupt()`) and then the
    command, with status 130: Python's own handler cannot raise while DuckDB
    holds the thread, and DuckDB reports the stop as an error like any other.
    Yields an event set once Ctrl-C was pressed."""
    import signal
    import threading

    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return

    def handler(signum, frame):
        pressed.set()
        con.interrupt()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed.is_set():
        raise KeyboardInterrupt


def _export(args) -> int:
    from .store.export import export

    con = _read_only(args)
    if con is None:
        return 2
    for path in export(con, args.format, args.folder):
        print(path)
    return 0


def _run(args) -> int:
    try:
        import ray  # noqa: F401
    except ImportError:
        print("depeche: the Ray runner needs Ray: pip install 'depeche[ray]'", file=sys.stderr)
        return 2
    from .scale.ray_runner import run

    try:
        counts = run(args.input, args.output, address=args.address, workers=args.workers,
                     batch_size=args.batch_size)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return 2
    print("depeche: " + ", ".join(f"{n} {part}" for part, n in counts.items()) + f" -> {args.output}",
          file=sys.stderr)
    return 1 if counts.get("errors") else 0


def _serve(args) -> int:
    import uvicorn

    from .serve.app import create_app, token_from_env

    token = token_from_env(args.token)
    path = _db_path(args)
    urls = None
    if args.watch:
        from . import watch

        try:
            urls = watch.expand(args.watch)
        except (watch.SourceError, OSError) as exc:
            print(f"depeche: {exc}", file=sys.stderr)
            return 2
    if not token and not urls and not os.path.exists(path):
        print(f"depeche: no database at {path} (run `depeche ingest` first, or give --token or --watch to start "
              "an empty one that takes articles)", file=sys.stderr)
        return 2
    workers = args.workers
    if workers is None:
        # the serving process keeps a core for the pages, the API and DuckDB
        workers = max(1, (os.cpu_count() or 1) - 1) if urls else 0
    from .watch.fetch import Limits

    try:
        app = create_app(path, token=token, cors=args.cors, max_body=args.max_body,
                         body_timeout=args.body_timeout or None, watch=urls, watch_interval=args.interval,
                         watch_limits=Limits(timeout=args.timeout or None, max_bytes=args.max_bytes,
                                             delay=args.delay), workers=workers, warm=True)
    except Exception as exc:  # noqa: BLE001 - the base cannot be opened (held by another writer...): say it
        print(f"depeche: {exc}", file=sys.stderr)
        return 2
    mode = ("watching and storing" if urls else "storing") + (", accepting articles (token set)" if token else "") \
        if urls or token else "read-only"
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    url = f"http://[{host}]:{args.port}/" if ":" in host else f"http://{host}:{args.port}/"
    print(f"depeche: serving {path} ({mode}); API docs at {url}docs\n"
          f"depeche: open {url}", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _watch(args) -> int:
    from . import watch

    if args.status:
        return _watch_status(args)
    if not args.sources:
        print("depeche: watch: give at least one SOURCE (or --status)", file=sys.stderr)
        return 2
    try:
        urls = watch.expand(args.sources)
    except (watch.SourceError, OSError) as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return 2
    from .store import StoreError

    fetcher = watch.Fetcher(watch.Limits(timeout=args.timeout or None, max_bytes=args.max_bytes,
                                         delay=args.delay))
    try:
        if args.once:
            return 1 if _watch_once(args, urls, fetcher).errors else 0
        return _watch_loop(args, urls, fetcher)
    except StoreError as exc:  # held by another writer (a server: give it --watch instead)
        print(f"depeche: {exc}", file=sys.stderr)
        return 2
    finally:
        fetcher.close()


def _watch_once(args, urls, fetcher):
    from . import store, watch

    con = store.connect(_db_path(args))
    try:
        tally = watch.poll(con, urls, fetcher, lambda line: print(f"depeche: {line}", file=sys.stderr),
                           interval=args.interval)
        if tally.stored:
            store.reindex(con)
    finally:
        con.close()
    _watch_summary(args, tally)
    return tally


def _watch_summary(args, tally) -> None:
    print(f"depeche: {_count(tally.sources, 'source')} polled, {_count(tally.new, 'entry', 'entries')} new, "
          f"{_count(tally.stored, 'article')} stored, {_count(tally.errors, 'error')} -> {_db_path(args)}",
          file=sys.stderr)


def _watch_loop(args, urls, fetcher) -> int:
    import time

    from . import store
    from .render import WatchStatus
    from .watch.loop import run
    from .watch.poll import Writer

    changed = []

    @contextlib.contextmanager
    def open_base():
        # Opened for each round of polls only, so that other commands can read the base between them.
        con = store.connect(_db_path(args))
        try:
            yield con
            if changed:
                store.reindex(con)
                changed.clear()
        finally:
            con.close()

    writer = Writer(stored=lambda: changed.append(True))
    with WatchStatus(len(urls)) as status:
        run(open_base, urls, fetcher, lambda line: status.say(f"depeche: {line}"), args.interval, writer=writer,
            progress=status.update, sleep=time.sleep)
    return 0


def _watch_status(args) -> int:
    from .render import show
    from .watch import health

    con = _read_only(args)
    if con is None:
        return 2
    try:
        rows = health.table(con)
    finally:
        con.close()
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    show("sources", rows, fmt, sys.stdout)
    if not rows:
        print(f"depeche: no source watched yet in {_db_path(args)}", file=sys.stderr)
    return 0


def _merge(args) -> int:
    from . import store
    from .store import queries

    con = store.connect(_db_path(args))
    try:
        res = queries.merge(con, args.keep, args.drop)
    except LookupError as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return 1
    store.reindex(con)
    verb = "merged" if res["changed"] else "already one entity:"
    print(f"depeche: {verb} {res['dropped']['name']} (#{res['dropped']['eid']}) into "
          f"{res['kept']['name']} (#{res['kept']['eid']})", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _output(path: str):
    """Write to a hidden file beside `path` and rename it at the end: readers
    never see half a file, and an input directory that holds `path` does not
    read the output back as input (hidden files are skipped)."""
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


if __name__ == "__main__":
    sys.exit(main())
