"""Coordinates for the server-drawn SVG charts (the templates draw them):
a timeline of claimed values, a timeline of statements, the world map."""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _day(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class TimeAxis:
    """Dates to x; undated items get a column of their own at the right."""

    def __init__(self, dates, left: float, right: float, undated_col: float = 60):
        days = sorted({d for d in (_day(x) for x in dates) if d is not None})
        self.has_undated = any(_day(x) is None for x in dates)
        self.left = left
        self.right = right - (undated_col if self.has_undated else 0)
        self.undated_x = right - undated_col / 2
        self.first = days[0] if days else None
        self.last = days[-1] if days else None
        span = (self.last - self.first).days if days else 0
        # A single day sits in the middle; otherwise a margin of one day.
        self.pad = 1 if span else 0
        self.span = span + 2 * self.pad

    def x(self, value) -> float:
        d = _day(value)
        if d is None or self.first is None:
            return self.undated_x
        if not self.span:
            return (self.left + self.right) / 2
        return self.left + (self.right - self.left) * ((d - self.first).days + self.pad) / self.span

    def ticks(self, most: int = 8) -> list[tuple[float, str]]:
        if self.first is None:
            return []
        total = (self.last - self.first).days
        step = max(1, math.ceil((total + 1) / most))
        out, d = [], self.first
        while d <= self.last:
            out.append((self.x(d), d.strftime("%d/%m/%Y") if total > 300 else d.strftime("%d/%m")))
            d += dt.timedelta(days=step)
        return out


class LogAxis:
    """Positive values to y on a log scale (counts range from 3 to 100 000)."""

    def __init__(self, values, top: float, bottom: float):
        vals = [v for v in values if v is not None and math.isfinite(v) and v > 0]
        lo, hi = (min(vals), max(vals)) if vals else (1, 10)
        self.lo = 10 ** math.floor(math.log10(lo))
        self.hi = 10 ** math.ceil(math.log10(hi) + 1e-9)
        if self.hi <= self.lo:
            self.hi = self.lo * 10
        self.top, self.bottom = top, bottom

    def y(self, v: float) -> float:
        v = min(max(v, self.lo), self.hi)
        frac = (math.log10(v) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        return self.bottom - frac * (self.bottom - self.top)

    def ticks(self) -> list[tuple[float, str]]:
        out, v = [], self.lo
        while v <= self.hi:
            out.append((self.y(v), f"{v:,.0f}".replace(",", "\u202f")))
            v *= 10
        return out


def claims_chart(claims: list[dict], width: int = 1100, height: int = 380) -> dict:
    """One mark per claim: x its date, y its value (a bar over the values it
    allows when vague or approximate), labelled by its source where the
    label finds room."""
    left, right, top, bottom = 70, width - 20, 16, height - 36
    finite = []
    for c in claims:
        lo, hi = c["interval"]
        finite += [v for v in (lo, hi, c.get("value")) if v is not None and math.isfinite(v) and v > 0]
    tx = TimeAxis([c.get("published") for c in claims], left, right)
    ly = LogAxis(finite, top, bottom)
    marks = []
    for i, c in enumerate(claims):
        lo, hi = c["interval"]
        value = c.get("value")
        x = tx.x(c.get("published"))
        if not math.isfinite(hi):
            hi = ly.hi
        mid = value if value else math.sqrt(max(lo, ly.lo) * max(hi, ly.lo))
        y = ly.y(mid)
        marks.append({"i": i, "x": round(x, 1), "y": round(y, 1),
                      "y_lo": round(ly.y(max(lo, ly.lo)), 1), "y_hi": round(ly.y(hi), 1),
                      "bar": bool(c.get("vague") or c.get("approx") or (c.get("low") is not None)),
                      "vague": bool(c.get("vague")), "disagrees": bool(c.get("disagrees")),
                      "label": str(c.get("source") or "?"), "text": c.get("text") or "",
                      "stance": c.get("stance") or "none"})
    _place_labels(marks, left, right, top, bottom)
    return {"width": width, "height": height, "left": left, "right": right, "top": top, "bottom": bottom,
            "xticks": tx.ticks(), "yticks": ly.ticks(), "marks": marks,
            "undated_x": tx.undated_x if tx.has_undated else None}


def _place_labels(marks: list[dict], left: float, right: float, top: float, bottom: float,
                  char_w: float = 6.6, line_h: float = 14, gap: float = 9, order=None) -> None:
    """Greedy: each label right of its mark (left of it near the right
    edge), nudged up or down until it overlaps no label or mark placed
    before; a label that finds no room is left out (the mark's tooltip
    still names the source). Marks with the same source and spot share one
    label."""
    boxes = [(m["x"] - m.get("r", 5), m["y"] - m.get("r", 5), m["x"] + m.get("r", 5), m["y"] + m.get("r", 5))
             for m in marks]
    said: set[tuple] = set()

    def free(b):
        return all(b[2] <= o[0] or b[0] >= o[2] or b[3] <= o[1] or b[1] >= o[3] for o in boxes)

    for m in sorted(marks, key=order or (lambda m: (m["x"], m["y"]))):
        m["label_x"] = m["label_y"] = None
        m["anchor"] = "start"
        key = (m["label"], round(m["x"]), round(m["y"] / 8))
        if key in said:
            continue
        w = len(m["label"]) * char_w
        off = m.get("r", 0) + gap
        to_left = m["x"] + off + w > right
        x0 = m["x"] - off - w if to_left else m["x"] + off
        for dy in (0, line_h, -line_h, 2 * line_h, -2 * line_h, 3 * line_h, -3 * line_h):
            y = m["y"] + dy
            b = (x0, y - line_h / 2, x0 + w, y + line_h / 2)
            if b[1] < top - line_h or b[3] > bottom + 2 or b[0] < left - 60:
                continue
            if free(b):
                boxes.append(b)
                said.add(key)
                m["label_x"] = round(m["x"] - off if to_left else m["x"] + off, 2)
                m["label_y"] = round(y + line_h * 0.3, 2)
                m["anchor"] = "end" if to_left else "start"
                break


def statements_chart(items: list[dict], width: int = 760, height: int = 120) -> dict:
    """One dot per statement by date; by the entity above the line, about it below."""
    left, right = 30, width - 20
    tx = TimeAxis([it.get("published") for it in items], left, right)
    mid = height / 2 - 10
    marks, stack = [], {}
    for it in items:
        x = round(tx.x(it.get("published")), 1)
        side = -1 if it["role"] == "by" else 1
        n = stack.get((x, side), 0)
        stack[(x, side)] = n + 1
        marks.append({"x": x, "y": round(mid + side * (12 + 9 * min(n, 4)), 1), "role": it["role"],
                      "stance": it.get("stance") or "none", "title": it.get("title", "")})
    return {"width": width, "height": height, "left": left, "right": right, "mid": mid, "marks": marks,
            "xticks": tx.ticks(), "undated_x": tx.undated_x if tx.has_undated else None}


@functools.cache
def world() -> dict:
    """The bundled outline (static/world.json, built by scripts/build_world.py)."""
    return json.loads((STATIC / "world.json").read_text(encoding="utf-8"))


def project(lat: float, lon: float) -> tuple[float, float]:
    w = world()
    return round((lon + 180) * w["scale"], 1), round((90 - lat) * w["scale"], 1)


def fit(points: list[dict], min_width: float = 160) -> dict:
    """The part of the world map to show: the points with a margin, at the
    map's 2:1 shape, never narrower than `min_width` units (80 degrees)."""
    w = world()
    W, H = w["width"], w["height"]
    if not points:
        return {"x": 0, "y": 0, "w": W, "h": H}
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    width = max(max(xs) - min(xs), 2 * (max(ys) - min(ys))) * 1.25 + 40
    width = min(W, max(min_width, width))
    height = width / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0), W - width)
    y = min(max(cy - height / 2, 0), H - height)
    return {"x": round(x, 1), "y": round(y, 1), "w": round(width, 1), "h": round(height, 1)}


def map_labels(points: list[dict], view: dict, k: float) -> None:
    """Labels for the map's circles, the places in most articles first."""
    _place_labels(points, view["x"], view["x"] + view["w"], view["y"], view["y"] + view["h"],
                  char_w=5.2 * k, line_h=11 * k, gap=2 * k, order=lambda p: -p["articles"])
