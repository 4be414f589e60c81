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
const geometry = (g) => ({ type: g.type, coordinates: round(g.coordinates) });

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
