"""A page's rows as a file: `?format=csv` or `?format=json` on /search,
/claims, /entities/{name} and /outlets/{name} answers with exactly the rows
the page shows (same filters, same sort, same page), in these columns."""
from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata

from fastapi.responses import Response

FORMATS = ("html", "csv", "json")

# One shape per kind of row.
STATEMENT_FIELDS = ("article_id", "sid", "published", "outlet", "lang", "speaker", "speaker_eid", "stance", "kind",
                    "conditional", "cue", "content", "title", "url")
CLAIM_FIELDS = ("article_id", "n", "published", "outlet", "source", "speaker_eid", "stance", "text", "value", "low",
                "high", "approx", "vague", "magnitude", "unit", "unit_key", "interval_low", "interval_high",
                "disagrees")
SPEAKER_FIELDS = ("speaker", "speaker_eid", "statements", "articles", "stances")


def statement_row(s: dict) -> dict:
    return {"speaker": s.get("speaker_name") or s.get("speaker_text") or s.get("speaker"), **s}


def claim_row(c: dict) -> dict:
    lo, hi = c.get("interval") or (None, None)
    return {**c, "interval_low": lo, "interval_high": hi}


def respond(rows: list[dict], fields: tuple[str, ...], fmt: str, name: str) -> Response:
    """`rows` (only `fields` of each) as a CSV or JSON attachment named after the page."""
    table = [{f: _plain(r.get(f)) for f in fields} for r in rows]
    # A header is Latin-1: the name folded to ASCII ("nord-coréens" -> "nord-coreens").
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    filename = re.sub(r"[^A-Za-z0-9.-]+", "-", ascii_name).strip("-") or "depeche"
    if fmt == "json":
        body = json.dumps(table, ensure_ascii=False, indent=1)
        media = "application/json"
    else:
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows({k: "" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list))
                                              else v) for k, v in r.items()} for r in table)
        body = out.getvalue()
        media = "text/csv; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'})


def _plain(v):
    """A value JSON and CSV can hold: dates as ISO text, no infinities."""
    if v is None or isinstance(v, (str, int, bool, list, dict)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)
