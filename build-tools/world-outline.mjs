// Regenerates streams-app/src/main/resources/console/world-110m.json, the console's offline world outline:
// Natural Earth 1:110m land and country borders (public domain) from the npm package world-atlas 2.0.2 (ISC),
// converted to GeoJSON with topojson-client 3.1.0 and rounded to 0.01° (about 1 km: far below what 1:110m shows).
//
//   cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 topojson-client@3.1.0 \
//     && for f in *.tgz; do mkdir "${f%%-[0-9]*}" && tar xzf "$f" -C "${f%%-[0-9]*}" --strip-components 1; done \
//     && node /path/to/build-tools/world-outline.mjs . > /path/to/streams-app/src/main/resources/console/world-110m.json
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const dir = resolve(process.argv[2] ?? ".");
const topojson = createRequire(import.meta.url)(`${dir}/topojson-client/dist/topojson-client.js`);
const land = JSON.parse(readFileSync(`${dir}/world-atlas/land-110m.json`, "utf8"));
const countries = JSON.parse(readFileSync(`${dir}/world-atlas/countries-110m.json`, "utf8"));

const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
// A ring that crosses the antimeridian and comes back (Fiji, Chukotka) would be drawn as a sliver across the whole
// map: its western longitudes move east of 180° instead. A ring that crosses once (Antarctica) goes round the pole.
const jumps = (ring) => ring.filter((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180).length;
const unwrap = (ring) => (jumps(ring) >= 2 ? ring.map(([lon, lat]) => [lon < -90 ? lon + 360 : lon, lat]) : ring);
const polygons = (g) => (g.type === "MultiPolygon" ? g.coordinates.map((polygon) => polygon.map(unwrap)) : g.coordinates);
const geometry = (g) => ({ type: g.type, coordinates: round(polygons(g)) });

const landGeometry = topojson.feature(land, land.objects.land);
const borders = topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b);
process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { kind: "land" },
      geometry: geometry(landGeometry.features ? landGeometry.features[0].geometry : landGeometry.geometry) },
    { type: "Feature", properties: { kind: "borders" }, geometry: geometry(borders) },
  ],
}));
