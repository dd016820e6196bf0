"""Human views of records on a terminal (rich), and the progress bar."""
from __future__ import annotations

import math

import sys
import time

_STANCE_STYLE = {
    "assert": "green", "estimate": "cyan", "call": "magenta", "warn": "yellow", "fear": "yellow",
    "deny": "red", "not_deny": "red", "refuse_confirm": "red", "other": "white",
}


def pretty(rec: dict, out=None) -> None:
    """The cleaned text, then statements as "speaker — stance — content",
    quantities and entities."""
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out = out or sys.stdout
    con = Console(file=out, highlight=False, soft_wrap=False,
                  force_terminal=out.isatty() if hasattr(out, "isatty") else False)
    if "error" in rec:
        con.print(f"[bold red]{escape(str(rec['id']))}[/]: {escape(rec['error'])}")
        return
    src = rec.get("source") or {}
    head = " · ".join(x for x in (rec["id"], rec.get("lang"), rec.get("published"), src.get("outlet"),
                                  src.get("author") and f"by {src['author']}") if x)
    con.rule(f"[bold]{escape(head)}")
    if rec.get("title"):
        con.print(f"[bold]{escape(rec['title'])}")
    con.print(Panel(Text(rec["text"]), title="text", title_align="left"))
    if rec.get("removed"):
        con.print("[dim]removed: " + escape("; ".join(f"{r['reason']}: {r['text'][:60]}" for r in rec["removed"])))
    if rec.get("keywords"):
        con.print("[dim]keywords: " + escape(", ".join(rec["keywords"])))

    ents = {e["id"]: e for e in rec.get("entities", [])}
    if rec.get("statements"):
        t = Table(title="statements", title_justify="left", show_lines=False, expand=True)
        t.add_column("speaker", ratio=2)
        t.add_column("stance", no_wrap=True)
        t.add_column("kind", no_wrap=True)
        t.add_column("content", ratio=7)
        for s in rec["statements"]:
            who = ents[s["speaker"]]["name"] if s.get("speaker") in ents else (s.get("speaker_text") or "?")
            style = _STANCE_STYLE.get(s["stance"], "white")
            flag = " (cond.)" if s.get("conditional") else ""
            t.add_row(Text(who), f"[{style}]{s['stance']}[/]{flag}", s["kind"], Text(s["content"]))
        con.print(t)
    qs = rec.get("quantities", []) + rec.get("vague_quantities", [])
    if qs:
        t = Table(title="quantities", title_justify="left", expand=True)
        for col in ("value", "unit", "as written", "≈", "said by"):
            t.add_column(col, no_wrap=col in ("value", "≈"))
        stm = {s["id"]: s for s in rec.get("statements", [])}
        for q in sorted(qs, key=lambda q: q["span"][0]):
            value = q.get("value")
            if q.get("low") is not None and q.get("high") is not None:
                value = f"{_num(q['low'])}–{_num(q['high'])}"
            elif value is None:
                value = q.get("magnitude", "?")
            else:
                value = _num(value)
            s = stm.get(q.get("statement"))
            said = (ents[s["speaker"]]["name"] if s and s.get("speaker") in ents
                    else (s.get("speaker_text") if s else "")) or ""
            t.add_row(str(value), Text(q.get("unit") or ""), Text(q["text"]), "≈" if q.get("approx") else "", Text(said))
        con.print(t)
    if ents:
        t = Table(title="entities", title_justify="left", expand=True)
        for col in ("id", "type", "name", "mentions", "roles", "country"):
            t.add_column(col)
        for e in ents.values():
            t.add_row(e["id"], e["type"], Text(e["name"]), str(len(e["mentions"])), Text("; ".join(e.get("roles", []))),
                      e.get("country") or "")
        con.print(t)


def _num(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}".replace(",", " ") if isinstance(v, int) else str(v).replace(".", ",")


class Progress:
    """Articles done, failures and rate on standard error, when it is a terminal."""

    def __init__(self, enabled: bool = True, total: int | None = None):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self.done = self.failed = 0
        self._bar = None

    def __enter__(self):
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, unit="art", file=sys.stderr, dynamic_ncols=True)
        self._t0 = time.monotonic()
        return self

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        if self._bar is not None:
            self._bar.update(1)
            if self.failed:
                self._bar.set_postfix(failed=self.failed)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.close()
        return False


class IngestProgress:
    """Records stored, per batch, on standard error when it is a terminal."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None

    def __enter__(self):
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(unit="rec", file=sys.stderr, dynamic_ncols=True, desc="ingest")
        return self

    def update(self, n: int, stats) -> None:
        if self._bar is not None:
            self._bar.update(n)
            self._bar.set_postfix(added=stats.added, updated=stats.updated, unchanged=stats.unchanged,
                                  rejected=stats.rejected, refresh=False)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.close()
        return False


class WatchStatus:
    """One line at the foot of a terminal while `depeche watch` runs
    (sources, entries fetched, articles new to the base, errors, last poll);
    messages scroll above it. Off when standard error is not a terminal:
    then messages are plain lines, as a log wants them."""

    def __init__(self, sources: int, enabled: bool = True):
        self.sources = sources
        self.enabled = enabled and sys.stderr.isatty()
        self._live = None
        self._console = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.live import Live

            self._console = Console(stderr=True, highlight=False)
            self._live = Live(self._line(None), console=self._console, transient=True, auto_refresh=False)
            self._live.__enter__()
        return self

    def say(self, line: str) -> None:
        if self._console is not None:
            from rich.text import Text

            self._console.print(Text(line))  # above the live line
        else:
            print(line, file=sys.stderr, flush=True)

    def update(self, state) -> None:
        if self._live is not None:
            self._live.update(self._line(state), refresh=True)
        elif state.last is not None:
            r = state.last
            print(f"depeche: {r.source}: {_plural(r.fetched, 'entry', 'entries')} new, "
                  f"{_plural(r.stored, 'article')} stored, {_plural(r.entry_errors + (r.status == 'error'), 'error')}",
                  file=sys.stderr, flush=True)

    def _line(self, state):
        from rich.text import Text

        if state is None:
            return Text(f"{self.sources} sources · waiting for the first poll", style="dim")
        t = state.tally
        when = time.strftime("%H:%M:%S", time.localtime(state.last_poll)) if state.last_poll else "-"
        line = Text(f"{self.sources} sources · {t.new} fetched · {t.stored} new · ")
        line.append(f"{t.errors} errors", style="red" if t.errors else "")
        line.append(f" · last poll {when} {state.last.source if state.last else ''}", style="dim")
        return line

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.__exit__(*exc)
        return False


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


# --- query results -----------------------------------------------------------

def _finite(value):
    """NaN and infinities as null: JSON has no such numbers, and a base
    written before they were refused may still hold one."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def show(kind: str, data, fmt: str, out) -> None:
    """A query's result as a table (terminal), JSON or CSV."""
    import json

    if fmt == "json":
        out.write(json.dumps(_finite(data), ensure_ascii=False, indent=1, default=str, allow_nan=False) + "\n")
        return
    columns, rows = flat(kind, data)
    if fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(columns)
        w.writerows(rows)
        return
    _table(kind, data, columns, rows, out)


def flat(kind: str, data) -> tuple[list[str], list[list]]:
    """One row per item, for CSV and plain tables."""
    if kind == "said":
        cols = ["speaker", "published", "outlet", "stance", "kind", "content", "article_id", "sid"]
        return cols, [[g["speaker"]] + [s.get(c) for c in cols[1:]] for g in data for s in g["statements"]]
    if kind == "speaker":
        cols = ["published", "outlet", "stance", "kind", "content", "article_id", "sid"]
        return cols, [[s.get(c) for c in cols] for s in data["statements"]]
    if kind == "numbers":
        cols = ["unit", "qualifier", "story", "source", "published", "lang", "value", "low", "high", "approx",
                "magnitude", "text", "disagrees", "differs", "article_id"]
        return cols, [[g["unit"], g["qualifier"], g["story"]] + [c.get(k) for k in cols[3:-2]]
                      + [_differs(g, i), c.get("article_id")]
                      for g in data["groups"] for i, c in enumerate(g["claims"])]
    if kind == "stories":
        cols = ["id", "title", "first", "last", "articles", "outlets", "languages"]
        return cols, [[s["id"], s["title"], s["first"], s["last"], len(s["articles"]), "; ".join(s["outlets"]),
                       " ".join(s["languages"])] for s in data]
    if kind == "entity":
        cols = ["relation", "published", "speaker", "stance", "content", "article_id", "sid"]
        rows = [["by", s.get("published"), data["entity"]["name"], s.get("stance"), s.get("content"),
                 s.get("article_id"), s.get("sid")] for s in data["statements_by"]]
        rows += [["about", s.get("published"), s.get("speaker"), s.get("stance"), s.get("content"),
                  s.get("article_id"), s.get("sid")] for s in data["statements_about"]]
        return cols, rows
    if kind == "sources":
        from .watch.health import COLUMNS

        return list(COLUMNS), [[d.get(c) for c in COLUMNS] for d in data]
    return data["columns"], data["rows"]


def _table(kind: str, data, columns, rows, out) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = Console(file=out, highlight=False, force_terminal=out.isatty() if hasattr(out, "isatty") else False)
    if kind == "said":
        for g in data:
            t = Table(title=f"{g['speaker']} — {g['count']} statement(s)", title_justify="left", expand=True)
            for c in ("published", "outlet", "stance", "content"):
                t.add_column(c, ratio=6 if c == "content" else None, no_wrap=c != "content")
            for s in g["statements"]:
                t.add_row(str(s.get("published") or ""), Text(s.get("outlet") or ""),
                          Text(s["stance"], style=_STANCE_STYLE.get(s["stance"], "")), Text(s["content"]))
            con.print(t)
        if not data:
            con.print("no statements found")
        return
    if kind == "numbers":
        for g in data["groups"]:
            flag = f" — {len(g['disagreements'])} contradiction(s)" if g["disagreements"] else ""
            what = g["unit"] + (f" · {g['qualifier']}" if g.get("qualifier") else "")
            story = f" — {g['story_title'] or g['story']}" if g.get("story") else ""
            t = Table(title=Text(f"{what}{flag}{story} ({', '.join(g.get('languages') or [])})"),
                      title_justify="left", expand=True)
            for c in ("", "source", "published", "value", "as written", "differs"):
                t.add_column(c, no_wrap=c in ("", "published", "value"))
            for i, c in enumerate(g["claims"]):
                t.add_row("[red]✗[/]" if c["disagrees"] else "", Text(str(c["source"])),
                          str(c.get("published") or ""), _claim(c), Text(c.get("text") or ""),
                          Text(_differs(g, i)))
            con.print(t)
        if not data["groups"]:
            con.print("no quantities found")
        return
    if kind == "stories":
        t = Table(expand=True)
        for c in ("id", "from", "to", "articles", "lang", "outlets", "title"):
            t.add_column(c, no_wrap=c != "title" and c != "outlets", ratio=4 if c == "title" else
                         (2 if c == "outlets" else None))
        for st in data:
            outlets = ", ".join(st["outlets"][:3]) + (f" +{len(st['outlets']) - 3}" if len(st["outlets"]) > 3 else "")
            t.add_row(st["id"], str(st["first"] or ""), str(st["last"] or ""), str(len(st["articles"])),
                      " ".join(st["languages"]), Text(outlets), Text(st["title"] or ""))
        con.print(t if data else "no stories")
        return
    if kind == "entity":
        e = data["entity"]
        con.print(f"[bold]{Text(e['name'])}[/] ({e['type']}{', ' + e['country'] if e.get('country') else ''}) "
                  f"#{e['eid']} — {data['articles']} article(s), first seen {data['first_seen']}, "
                  f"last seen {data['last_seen']}")
        if data["roles"]:
            con.print("roles: " + "; ".join(data["roles"]))
        if data["countries"]:
            con.print("countries: " + ", ".join(data["countries"]))
        if data["co_mentioned"]:
            con.print("co-mentioned: " + ", ".join(f"{c['name']} ({c['articles']})" for c in data["co_mentioned"][:15]))
    t = Table(expand=True)
    for c in columns:
        t.add_column(str(c), overflow="fold")
    for r in rows:
        t.add_row(*[Text("" if v is None else str(v)) for v in r])
    con.print(t)


def _differs(group: dict, i: int) -> str:
    """How claim i differs from others of its group: "revised #3",
    "contradicts #5" (# the other claim's row, from 1)."""
    return "; ".join(f"{d['kind']} #{d['with'] + 1}" for d in group.get("differences", []) if d["claim"] == i)


def _claim(c: dict) -> str:
    if c.get("vague"):
        return c.get("magnitude") or "?"
    if c.get("low") is not None and c.get("high") is not None:
        return f"{_num(c['low'])}–{_num(c['high'])}"
    return ("≈" if c.get("approx") else "") + (_num(c["value"]) if c.get("value") is not None else "?")
