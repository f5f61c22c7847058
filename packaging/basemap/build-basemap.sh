#!/usr/bin/env bash
# Rebuilds the offline basemap of the spatial preview (ADR 0019):
#   app/src/main/resources/org/kfm/breakglass/spatial/basemap-land-110m.bin
#
# Source: Natural Earth 1:110m land, version 4.1.0 (https://www.naturalearthdata.com/, public domain: "All versions
# of Natural Earth raster + vector map data found on this website are in the public domain"), as redistributed in
# TopoJSON by the npm package world-atlas@2.0.2 (https://github.com/topojson/world-atlas, ISC licence,
# Copyright 2013-2019 Michael Bostock). Nothing of world-atlas's code is used; only its land-110m.json data file.
#
# Needs: npm (only for `npm pack`), ogr2ogr (gdal-bin; reads TopoJSON), python3.
#
# Format (big-endian, read by org.kfm.breakglass.spatial.Basemap):
#   "KFMLAND1" (8 bytes ASCII), int32 polygon count, then per polygon: int32 ring count (the first ring is the
#   shell, the others holes), per ring: int32 vertex count, vertex count x (float32 longitude, float32 latitude). Float32 keeps ~1 m at 180 degrees, far finer than the 1:110m source (~10 km).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../app/src/main/resources/org/kfm/breakglass/spatial/basemap-land-110m.bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
echo "sha256 of the source: $(sha256sum "$work/package/land-110m.json" | cut -d' ' -f1)"
ogr2ogr -f GeoJSON "$work/land.geojson" "$work/package/land-110m.json" land
# TopoJSON rings that cross the antimeridian jump from +180 to -180 (d3 draws them on the sphere); drawn flat they
# become bands across the whole map. Each such ring is made continuous (longitudes past 180), and its polygon is
# written twice, once shifted by 360 degrees, so both sides of the map show their part. A ring around a pole
# (Antarctica) cannot be made continuous and stays as it is.
python3 - "$work/land.geojson" "$work/wrapped.geojson" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
out = []
for feature in data["features"]:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            unwrapped, offset, previous = [], 0, None
            for lon, lat in ring:
                x = lon + offset
                if previous is not None and x - previous > 180:
                    offset -= 360
                    x -= 360
                elif previous is not None and x - previous < -180:
                    offset += 360
                    x += 360
                unwrapped.append([x, lat])
                previous = x
            if offset == 0:
                ring[:] = unwrapped
        out.append(polygon)
        lons = [lon for lon, lat in polygon[0]]
        for shift in ([-360] if max(lons) > 180 else []) + ([360] if min(lons) < -180 else []):
            out.append([[[lon + shift, lat] for lon, lat in ring] for ring in polygon])
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": out}}]},
    open(sys.argv[2], "w"))
PY
python3 - "$work/wrapped.geojson" "$out" <<'PY'
import json, struct, sys
polygons = []
for feature in json.load(open(sys.argv[1]))["features"]:
    geometry = feature["geometry"]
    polygons += geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
with open(sys.argv[2], "wb") as f:
    f.write(b"KFMLAND1")
    f.write(struct.pack(">i", len(polygons)))
    for polygon in polygons:
        f.write(struct.pack(">i", len(polygon)))
        for ring in polygon:
            f.write(struct.pack(">i", len(ring)))
            for lon, lat in ring:
                f.write(struct.pack(">ff", lon, lat))
rings = sum(len(p) for p in polygons)
vertices = sum(len(r) for p in polygons for r in p)
print(f"{len(polygons)} polygons, {rings} rings, {vertices} vertices -> {sys.argv[2]}")
PY
ls -l "$out"
