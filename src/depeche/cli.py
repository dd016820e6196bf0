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
    ex.set_defaults(func=_extract)
    return p


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _extract(args) -> int:
    from . import pipeline
    from .read import iter_articles
    from .render import Progress, pretty

    fmt = args.format
    if fmt is None:
        fmt = "pretty" if (args.out is None and sys.stdout.isatty()) else "jsonl"
    failed = total = 0
    kwargs = {"batch_size": args.batch_size}
    if args.max_chars is not None:
        kwargs["max_chars"] = args.max_chars
    with ExitStack() as stack:
        out = stack.enter_context(_output(args.out)) if args.out else sys.stdout
        progress = stack.enter_context(Progress(enabled=not args.no_progress and fmt != "pretty"))
        records = pipeline.process(iter_articles(args.paths), **kwargs)
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


if __name__ == "__main__":
    sys.exit(main())
