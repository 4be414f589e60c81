// What every map starts from: the world outline shipped in the jar, or a tile server when the operator asks.
const params = new URLSearchParams(location.search);
const TILES_KEY = "coldchain.tiles";
let outline = null;

/** ?tiles=https://tiles.example/{z}/{x}/{y}.png (remembered in this browser; ?tiles=off forgets it). */
export function tileTemplate() {
  const asked = params.get("tiles");
  if (asked === "off") {
    localStorage.removeItem(TILES_KEY);
  } else if (asked) {
    localStorage.setItem(TILES_KEY, asked);
  }
  return localStorage.getItem(TILES_KEY);
}

export function baseLayers(map) {
  const tiles = tileTemplate();
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: params.get("tilesAttribution") || "" }).addTo(map);
    map.getContainer().classList.add("with-tiles");
    return;
  }
  outline ??= fetch("/console/world-110m.json").then((response) => response.json());
  outline.then((world) => {
    L.geoJSON(world, {
      interactive: false,
      style: (feature) => (feature.properties.kind === "land"
        ? { stroke: false, fillColor: "#f4f3ee", fillOpacity: 1 }
        : { color: "#b8c2cc", weight: 0.8, fill: false }),
    }).addTo(map).bringToBack();
  });
  map.attributionControl.addAttribution("Outline: Natural Earth");
}
