"""Build the offline world outline for the web map's no-tiles fallback.

Input: ``countries-110m.json`` from the npm package world-atlas 2.0.2 (ISC licence; Natural
Earth 1:110m Admin 0 boundaries, public domain), obtained with ``npm pack world-atlas@2.0.2``.
Output: ``rawi/web/static/vendor/world-110m.json`` (a FeatureCollection of country
polygons, coordinates rounded to 0.01°), decoded here so the browser needs no TopoJSON
library. Run once by hand; the output is committed.

    python scripts/build_web_world.py path/to/countries-110m.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rawi" / "web" / "static" / "vendor" / "world-110m.json"


def decode_arcs(topo: dict) -> list[list[list[float]]]:
    """Delta-decode and de-quantise TopoJSON arcs into lon/lat lists."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if t:
                x += p[0]
                y += p[1]
                lon = x * t["scale"][0] + t["translate"][0]
                lat = y * t["scale"][1] + t["translate"][1]
            else:
                lon, lat = p[0], p[1]
            pts.append([round(lon, 2), round(lat, 2)])
        arcs.append(pts)
    return arcs


def ring(arcs: list, idxs: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    for i in idxs:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])
    return out


def main(src: str) -> None:
    topo = json.loads(Path(src).read_text())
    arcs = decode_arcs(topo)
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            geom = {"type": "Polygon", "coordinates": [ring(arcs, r) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            geom = {"type": "MultiPolygon", "coordinates": [[ring(arcs, r) for r in poly] for poly in g["arcs"]]}
        else:
            continue
        feats.append({"type": "Feature", "properties": {"name": g.get("properties", {}).get("name")}, "geometry": geom})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":")))
    print(f"{OUT}: {len(feats)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
