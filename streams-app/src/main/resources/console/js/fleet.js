// The fleet map: every shipment at its last position, coloured by its worst open alert, on one canvas.
import { getJson } from "./api.js";
import { COLOURS, colour, h, rank, SEVERITIES, shipmentLink, time } from "./format.js";
import { baseLayers } from "./maps.js";

// Each page is cut from the whole fleet, gathered from every instance: few large pages, two at a time.
const PAGE_SIZE = 1000;
const PARALLEL_PAGES = 2;
const FINISHED = new Set(["DELIVERED", "CLOSED"]);

export function createFleet({ onError, wall }) {
  const element = document.getElementById("fleet-map");
  const filter = document.getElementById("fleet-filter");
  const search = document.getElementById("fleet-search");
  const ids = document.getElementById("fleet-ids");
  const legend = document.getElementById("legend");
  const summary = document.getElementById("fleet-summary");
  const shipments = new Map();
  const markers = new Map();
  let map = null;
  let layer = null;
  let fitted = false;
  let loading = null;
  let timer = null;

  function init() {
    map = L.map(element, { preferCanvas: true, worldCopyJump: true, minZoom: 1, zoomSnap: 0.5 }).setView([25, 10], 2);
    baseLayers(map);
    layer = L.featureGroup().addTo(map);
    layer.on("click", (event) => {
      const shipment = shipments.get(event.layer.options.shipmentId);
      if (shipment) {
        L.popup().setLatLng(event.latlng).setContent(popup(shipment)).openOn(map);
      }
    });
    filter.addEventListener("change", draw);
    search.addEventListener("change", () => {
      const id = search.value.trim();
      const marker = markers.get(id);
      if (marker) {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
        marker.fire("click", { latlng: marker.getLatLng() });
      } else if (id) {
        location.hash = `#/shipment/${encodeURIComponent(id)}`;
      }
    });
  }

  /** Every page of /api/shipments, a few at a time. */
  async function fetchAll() {
    const first = await getJson(`/api/shipments?page=0&size=${PAGE_SIZE}`);
    const size = first.size || first.items.length || PAGE_SIZE;
    const pages = Math.ceil((first.total ?? first.items.length) / size);
    const items = [...first.items];
    for (let next = 1; next < pages; next += PARALLEL_PAGES) {
      const batch = [];
      for (let page = next; page < Math.min(pages, next + PARALLEL_PAGES); page++) {
        batch.push(getJson(`/api/shipments?page=${page}&size=${size}`));
      }
      for (const result of await Promise.all(batch)) {
        items.push(...result.items);
      }
    }
    return items;
  }

  async function refresh() {
    if (loading) {
      return loading;
    }
    loading = (async () => {
      try {
        const items = await fetchAll();
        shipments.clear();
        for (const item of items) {
          shipments.set(item.shipmentId, item);
        }
        draw();
      } catch (error) {
        onError(`Shipments could not be loaded: ${error.message}`);
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  const shown = (shipment, mode) => shipment.lastPosition
    && (mode === "all" || !FINISHED.has(shipment.status))
    && (mode !== "alerts" || shipment.worstOpenAlert);

  const severityOf = (shipment) => shipment.worstOpenAlert?.severity || "NONE";

  /** Updates markers in place: a refresh of 5,000 shipments moves points, it does not rebuild the layer. */
  function draw() {
    const mode = filter.value;
    const wanted = [...shipments.values()].filter((s) => shown(s, mode))
      .sort((a, b) => rank(severityOf(a)) - rank(severityOf(b)));
    const keep = new Set();
    const counts = Object.fromEntries(["NONE", ...SEVERITIES].map((s) => [s, 0]));
    const radius = wall ? 6 : 4;
    for (const shipment of wanted) {
      const id = shipment.shipmentId;
      const severity = severityOf(shipment);
      const position = [shipment.lastPosition.lat, shipment.lastPosition.lon];
      counts[severity] += 1;
      keep.add(id);
      const style = { fillColor: colour(severity), radius: rank(severity) >= rank("HIGH") ? radius + 2 : radius };
      const marker = markers.get(id);
      if (marker) {
        marker.setLatLng(position);
        if (marker.options.severity !== severity) {
          marker.options.severity = severity;
          marker.setStyle(style);
          if (rank(severity) >= rank("HIGH")) {
            marker.bringToFront();
          }
        }
      } else {
        markers.set(id, L.circleMarker(position, {
          ...style, shipmentId: id, severity, color: "#ffffff", weight: 1, fillOpacity: 0.9,
        }).addTo(layer));
      }
    }
    for (const [id, marker] of markers) {
      if (!keep.has(id)) {
        layer.removeLayer(marker);
        markers.delete(id);
      }
    }
    element.dataset.count = String(markers.size);
    element.dataset.alerting = String(markers.size - counts.NONE);
    summary.textContent = `${markers.size} of ${shipments.size} shipments on the map`;
    renderLegend(counts);
    ids.replaceChildren(...[...keep].slice(0, 5000).map((id) => h("option", { value: id })));
    if (!fitted && markers.size > 0) {
      fitted = true;
      map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 6 });
    }
  }

  function renderLegend(counts) {
    legend.replaceChildren(...["NONE", ...SEVERITIES].filter((s) => s === "NONE" || counts[s] > 0).map((s) =>
      h("li", { "data-severity": s, "data-count": counts[s] },
        h("span", { class: "dot", style: { background: COLOURS[s] } }),
        `${s === "NONE" ? "no open alert" : s.toLowerCase()} ${counts[s]}`)));
  }

  function popup(shipment) {
    const alert = shipment.worstOpenAlert;
    return h("div", { class: "popup" },
      h("div", {}, shipmentLink(shipment.shipmentId), " ", h("span", { class: "muted" }, shipment.status)),
      h("div", {}, shipment.product?.name || shipment.product?.gtin || ""),
      h("div", { class: "muted" }, `last fix ${time(shipment.lastPosition.atMs ?? Date.parse(shipment.lastPosition.at))}`),
      alert ? h("div", {}, h("span", { class: "sev", style: { background: colour(alert.severity) } }, alert.severity),
        ` ${alert.type}`, shipment.openAlerts > 1 ? ` (+${shipment.openAlerts - 1} more)` : "")
        : h("div", { class: "muted" }, "no open alert"));
  }

  return {
    show(period) {
      if (!map) {
        init();
      }
      map.invalidateSize();
      refresh();
      clearInterval(timer);
      timer = setInterval(refresh, period);
    },
    hide() {
      clearInterval(timer);
    },
    /** A live alert recolours its shipment at once; the next refresh settles what resolving it changed. */
    onAlert(alert) {
      const shipment = shipments.get(alert.shipmentId);
      if (!shipment || !map) {
        return;
      }
      const worst = shipment.worstOpenAlert;
      if (alert.status !== "RESOLVED" && (!worst || rank(alert.severity) > rank(worst.severity))) {
        shipment.worstOpenAlert = { alertId: alert.alertId, type: alert.type, severity: alert.severity };
        shipment.openAlerts = (shipment.openAlerts || 0) + 1;
        draw();
      }
    },
  };
}
