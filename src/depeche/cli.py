"""The `depeche` command. Thin: parses arguments and calls the stages."""
from __future__ import annotations

import argparse
import json
import sys
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
    ex.add_argument("--batch-size", type=int, default=32, help="articles per nlp.pipe batch (default 32)")
    ex.add_argument("--max-chars", type=int, default=None,
                    help="refuse articles longer than this many characters (default 200000)")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    ex.set_defaults(func=_extract)
    return p


def _extract(args) -> int:
    from . import pipeline
    from .read import iter_articles
    from .render import Progress, pretty

    fmt = args.format
    if fmt is None:
        fmt = "pretty" if (args.out is None and sys.stdout.isatty()) else "jsonl"
    failed = total = 0
    kwargs = {"batch_size": args.batch_size}
    if args.max_chars:
        kwargs["max_chars"] = args.max_chars
    with ExitStack() as stack:
        out = stack.enter_context(open(args.out, "w", encoding="utf-8")) if args.out else sys.stdout
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


if __name__ == "__main__":
    sys.exit(main())
