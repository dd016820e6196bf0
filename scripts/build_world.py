"""Build src/depeche/serve/static/world.json: the world's countries as SVG
path data in an equirectangular projection, for the /map page.

Run once by a maintainer (needs node and npm); the output is committed, so
serving the map needs neither npm nor the network.

Source: the npm packages `world-atlas` (Natural Earth 1:110m admin-0
countries as TopoJSON; ISC licence, Natural Earth data in the public domain)
and `topojson-client` (ISC) to turn the topology into GeoJSON. Versions are
pinned so the same script writes the same bytes.

    python scripts/build_world.py
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WORLD_ATLAS = "world-atlas@2.0.2"
TOPOJSON_CLIENT = "topojson-client@3.1.0"
OUT = Path(__file__).resolve().parent.parent / "src" / "depeche" / "serve" / "static" / "world.json"

# One degree is SCALE units: 720 x 360. Coordinates are rounded to a tenth of
# a unit (~0.05 degree), far below what a 1:110m outline distinguishes, which
# keeps the file around 100 kB.
SCALE = 2
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE

NODE = r"""
const topojson = require("topojson-client");
const world = require("world-atlas/countries-110m.json");
const fc = topojson.feature(world, world.objects.countries);
process.stdout.write(JSON.stringify(fc.features.map(f => ({
  id: f.id || null, name: (f.properties && f.properties.name) || null, geometry: f.geometry}))));
"""


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) * SCALE, (90 - lat) * SCALE


def ring_path(ring: list[list[float]]) -> str:
    out, last = [], None
    for lon, lat in ring:
        x, y = project(lon, lat)
        pt = (round(x, 1), round(y, 1))
        if pt == last:
            continue  # points that round together add bytes, not shape
        out.append(f"{pt[0]:g},{pt[1]:g}")
        last = pt
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def unwrap(ring: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps
    from 180 to -180 and would be drawn as a band across the whole map:
    keep its longitudes continuous instead, so the overhang falls outside
    the map and is clipped."""
    out, shift, prev = [], 0.0, None
    for lon, lat in ring:
        if prev is not None and abs(lon + shift - prev) > 180:
            shift += 360 if prev > lon + shift else -360
        out.append([lon + shift, lat])
        prev = lon + shift
    return out


def geometry_path(geom: dict) -> str:
    if geom is None:
        return ""
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return "".join(ring_path(unwrap(ring)) for poly in polys for ring in poly)


def main() -> int:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        print("build_world: needs node and npm", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="depeche-world-") as tmp:
        subprocess.run([npm, "init", "-y"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", WORLD_ATLAS, TOPOJSON_CLIENT], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL)
        licence = (Path(tmp) / "node_modules" / "world-atlas" / "package.json").read_text()
        assert json.loads(licence)["license"] == "ISC", "world-atlas changed its licence: check it"
        raw = subprocess.run([node, "-e", NODE], cwd=tmp, check=True, capture_output=True, text=True).stdout
    features = json.loads(raw)
    countries = []
    for f in sorted(features, key=lambda f: (f["name"] or "", f["id"] or "")):
        if f["name"] == "Antarctica":
            continue  # a ring round the pole that no news place needs, and that no unwrapping draws right
        d = geometry_path(f["geometry"])
        if d:
            countries.append({"id": f["id"], "name": f["name"], "d": d})
    world = {
        "source": f"{WORLD_ATLAS} countries-110m.json (Natural Earth 4.1.0, public domain; package ISC), "
                  f"via {TOPOJSON_CLIENT}; equirectangular, {SCALE} units a degree",
        "width": WIDTH, "height": HEIGHT, "scale": SCALE, "countries": countries,
    }
    OUT.write_text(json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"build_world: {len(countries)} countries, {OUT.stat().st_size // 1024} kB -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
