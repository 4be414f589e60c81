// One shipment: route, corridor, stops and track; temperature against its band; custody chain; every alert.
import { ApiError, getJson } from "./api.js";
import { ackCell } from "./inbox.js";
import { normaliseAck, withAckOf } from "./ack.js";
import {
  alertStart, alertText, alertTime, colour, duration, h, number, severityTag, time, timeZone,
} from "./format.js";
import { densify, distance, distanceToLine, stops } from "./geo.js";
import { baseLayers } from "./maps.js";

const SERIAL_TYPES = new Set(["DUPLICATE_SERIAL", "IMPOSSIBLE_TRAVEL", "REUSED_SERIAL", "ATTRIBUTE_MISMATCH",
  "UNKNOWN_SERIAL", "INVALID_SERIAL", "UNEXPECTED_CUSTODIAN", "CUSTODY_GAP"]);
const TEMPERATURE_TYPES = new Set(["TEMPERATURE_EXCURSION", "MKT_EXCEEDED"]);

const ms = (p) => p.atMs ?? Date.parse(p.at);

export function createShipmentPage({ onError }) {
  const head = document.getElementById("shipment-head");
  const mapElement = document.getElementById("shipment-map");
  const trackLegend = document.getElementById("track-legend");
  const stats = document.getElementById("temperature-stats");
  const chartElement = document.getElementById("temperature-chart");
  const custody = document.getElementById("custody");
  const alertList = document.getElementById("shipment-alerts");
  let map = null;
  let overlay = null;
  let corridor = null;
  let chart = null;
  let current = null;
  let detail = null;
  let reloading = null;

  new ResizeObserver(() => {
    if (chart && chartElement.clientWidth > 0) {
      chart.setSize({ width: chartElement.clientWidth, height: chart.height });
    }
  }).observe(chartElement);

  async function load(id) {
    try {
      const path = `/api/shipments/${encodeURIComponent(id)}`;
      const [shipment, track, temperatures] = await Promise.all([
        getJson(path),
        getJson(`${path}/track`).catch(() => ({ points: [] })),
        getJson(`${path}/temperatures`).catch(() => ({ points: [] })),
      ]);
      if (id !== current) {
        return;
      }
      // Read again a second after each of the shipment's alerts: keep the acks this page already had (ack.js).
      const earlier = new Map((detail?.shipmentId === id ? detail.alerts || [] : []).map((a) => [a.alertId, a]));
      for (const alert of shipment.alerts || []) {
        withAckOf(earlier.get(alert.alertId), alert);
      }
      detail = shipment;
      renderHead(shipment);
      renderMap(shipment, track.points || []);
      renderChart(shipment, temperatures.points || []);
      renderCustody(shipment);
      renderAlerts(shipment);
    } catch (error) {
      head.replaceChildren(h("h1", {}, id));
      onError(error instanceof ApiError && error.status === 404
        ? `No shipment ${id} here.` : `Shipment ${id} could not be loaded: ${error.message}`);
    }
  }

  function renderHead(s) {
    const p = s.product || {};
    head.replaceChildren(
      h("h1", {}, s.shipmentId, " ", h("span", { class: "status" }, s.status)),
      h("dl", { class: "facts" },
        fact("Product", `${p.name || ""} · GTIN ${p.gtin || "–"} · lot ${p.lot || "–"}${p.expiryDate ? ` · exp. ${p.expiryDate}` : ""}`),
        fact("Profile", s.profile ? `${s.profile.name} (${number(s.profile.minCelsius)}..${number(s.profile.maxCelsius)} °C)` : "–"),
        fact("From", `${s.origin?.name || "–"} · planned ${time(s.plannedDepartureMs ?? Date.parse(s.plannedDeparture))}`),
        fact("To", `${s.destination?.name || "–"} · planned ${time(s.plannedArrivalMs ?? Date.parse(s.plannedArrival))}`),
        fact("Last fix", s.lastPosition ? time(ms(s.lastPosition)) : "none yet")));
  }

  function renderMap(s, rawTrack) {
    if (!map) {
      map = L.map(mapElement, { zoomSnap: 0.5, minZoom: 1 }).setView([25, 10], 2);
      baseLayers(map);
      map.on("zoomend", fitCorridor);
    }
    overlay?.remove();
    overlay = L.featureGroup().addTo(map);
    const halfWidth = s.route?.corridorHalfWidthMeters ?? 2000;
    const route = densify((s.route?.waypoints || []).map(([lat, lon]) => [lat, lon]));
    corridor = null;
    if (route.length > 1) {
      corridor = L.polyline(route, {
        className: "corridor", color: "#2c7be5", opacity: 0.28, lineCap: "round", lineJoin: "round", interactive: false,
      }).addTo(overlay);
      corridor.options.halfWidth = halfWidth;
      L.polyline(route, { className: "route", color: "#2c7be5", weight: 1.5, dashArray: "6 4", interactive: false })
        .addTo(overlay);
    }
    for (const stop of s.plannedStops || []) {
      L.circle([stop.lat, stop.lon], { radius: stop.radiusMeters, className: "planned-stop", color: "#6b8fb3", weight: 1 })
        .bindTooltip(`Planned stop: ${stop.name}`).addTo(overlay);
    }
    for (const [place, label] of [[s.origin, "From"], [s.destination, "To"]]) {
      if (place?.lat != null) {
        L.circleMarker([place.lat, place.lon], { radius: 6, color: "#1d2a36", fillColor: "#ffffff", fillOpacity: 1, weight: 2 })
          .bindTooltip(`${label}: ${place.name}`, { permanent: true, direction: "right", className: "place-label" })
          .addTo(overlay);
      }
    }

    const track = rawTrack.map((p) => ({ at: [p.lat, p.lon], ms: ms(p) })).sort((a, b) => a.ms - b.ms);
    let offCorridor = 0;
    if (track.length > 0) {
      L.polyline(track.map((p) => p.at), { className: "track", color: "#1d2a36", weight: 3 }).addTo(overlay);
      // Fixes outside the corridor, in runs: the deviations.
      let run = [];
      const flush = () => {
        if (run.length > 0) {
          L.polyline(run.length > 1 ? run : [run[0], run[0]], { className: "deviation", color: COLOUR_DEVIATION, weight: 6 })
            .bindTooltip("Outside the corridor").addTo(overlay);
          run = [];
        }
      };
      for (const point of track) {
        if (route.length > 1 && distanceToLine(point.at, route) > halfWidth) {
          run.push(point.at);
          offCorridor += 1;
        } else {
          flush();
        }
      }
      flush();
      const places = [...(s.plannedStops || []).map((p) => ({ at: [p.lat, p.lon], radius: p.radiusMeters })),
        ...[s.origin, s.destination].filter((p) => p?.lat != null).map((p) => ({ at: [p.lat, p.lon], radius: 2000 }))];
      const found = stops(track);
      for (const stop of found) {
        const planned = places.some((p) => distance(p.at, stop.at) <= p.radius);
        L.circleMarker(stop.at, {
          className: planned ? "stop planned" : "stop unplanned",
          radius: 7, color: "#ffffff", weight: 2, fillOpacity: 1, fillColor: planned ? "#6b8fb3" : COLOUR_DEVIATION,
        }).bindTooltip(`${planned ? "Stop" : "Unplanned stop"}: ${time(stop.from)} – ${time(stop.to)} (${duration((stop.to - stop.from) / 1000)})`)
          .addTo(overlay);
      }
      L.circleMarker(track[track.length - 1].at, { radius: 7, color: "#1d2a36", fillColor: "#2f9e5b", fillOpacity: 1, weight: 2 })
        .bindTooltip(`Last fix ${time(track[track.length - 1].ms)}`).addTo(overlay);
      trackLegend.textContent = `${track.length} fixes · ${found.length} stops · ${offCorridor} fixes outside the `
        + `±${number(halfWidth / 1000, 1)} km corridor. Dashed: planned route; shaded: corridor; red: deviations and unplanned stops.`;
    } else {
      trackLegend.textContent = "No GPS fix yet.";
    }
    // Where the alerts say something happened.
    for (const alert of s.alerts || []) {
      for (const [where, at] of evidencePoints(alert.evidence || {})) {
        L.circleMarker(at, {
          className: "alert-point", radius: 6, color: "#1d2a36", weight: 1, fillColor: colour(alert.severity), fillOpacity: 1,
        }).bindTooltip(`${alert.type} (${where}): ${alertText(alert)}`).addTo(overlay);
      }
    }
    mapElement.dataset.trackPoints = String(track.length);
    mapElement.dataset.deviations = String(offCorridor);
    map.invalidateSize();
    const bounds = overlay.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
    }
    fitCorridor();
  }

  /** The corridor is a line as wide as the corridor on the ground at this zoom. */
  function fitCorridor() {
    if (!corridor) {
      return;
    }
    const lat = map.getCenter().lat;
    const metresPerPixel = (156543.03392 * Math.cos((lat * Math.PI) / 180)) / 2 ** map.getZoom();
    corridor.setStyle({ weight: Math.max(3, (2 * corridor.options.halfWidth) / metresPerPixel) });
  }

  function renderChart(s, raw) {
    const points = raw.map((p) => ({ ms: ms(p), c: p.celsius })).sort((a, b) => a.ms - b.ms);
    const t = s.temperature || {};
    const band = { min: t.minCelsius ?? s.profile?.minCelsius, max: t.maxCelsius ?? s.profile?.maxCelsius };
    const periods = excursions(points, band, (s.alerts || []).filter((a) => TEMPERATURE_TYPES.has(a.type)));
    const budget = t.budgetUsedFraction;
    stats.replaceChildren(
      stat("Now", t.currentCelsius != null ? `${number(t.currentCelsius)} °C` : "–", t.atMs ? time(t.atMs) : ""),
      stat("Band", band.min != null ? `${number(band.min)}..${number(band.max)} °C` : "–", s.profile?.name || ""),
      stat("MKT", t.mktCelsius != null ? `${number(t.mktCelsius, 2)} °C` : "–", "mean kinetic temperature"),
      stat("Out of range", duration(t.timeOutOfRangeSeconds), `${periods.length} period${periods.length === 1 ? "" : "s"}`),
      h("div", { class: "stat budget" }, h("span", { class: "label" }, "Budget used"),
        h("span", { class: "value" }, budget != null ? `${number(budget * 100, 0)} %` : "–"),
        h("span", { class: "bar" }, h("span", {
          class: budget >= 1 ? "over" : "",
          style: { width: `${Math.min(100, Math.max(0, (budget || 0) * 100))}%` },
        }))));
    chart?.destroy();
    chart = null;
    chartElement.replaceChildren();
    chartElement.dataset.points = String(points.length);
    if (points.length === 0) {
      chartElement.append(h("p", { class: "muted" }, "No temperature reading yet."));
      return;
    }
    const xs = points.map((p) => p.ms / 1000);
    const ys = points.map((p) => p.c);
    const low = Math.min(...ys, band.min ?? Infinity);
    const high = Math.max(...ys, band.max ?? -Infinity);
    chart = new uPlot({
      width: Math.max(300, chartElement.clientWidth),
      height: document.body.classList.contains("wall") ? 360 : 260,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { y: { range: () => [Math.floor(low - 1), Math.ceil(high + 1)] } },
      axes: [{ values: (u, splits) => splits.map(axisTime), size: 56 }, { label: "°C", size: 50 }],
      series: [{}, { label: "°C", stroke: "#1d2a36", width: 1.5, points: { show: points.length < 60 } }],
      hooks: { drawClear: [(u) => shade(u, band, periods)] },
    }, [xs, ys], chartElement);
  }

  function renderCustody(s) {
    const scans = (s.custody || []).map((c) => ({ ms: ms(c), scan: c }));
    const findings = (s.alerts || []).filter((a) => SERIAL_TYPES.has(a.type)).map((a) => ({ ms: alertStart(a), alert: a }));
    const items = [...scans, ...findings].sort((a, b) => a.ms - b.ms);
    custody.replaceChildren(...items.map((item) => (item.scan
      ? h("li", { class: "scan" },
        h("time", {}, time(item.ms)),
        h("strong", {}, humanise(item.scan.bizStep)), " ",
        item.scan.party?.name || "unknown party",
        h("div", { class: "muted small" }, `party GLN ${item.scan.party?.gln || "–"} · at ${item.scan.location?.gln || "–"}`))
      : h("li", { class: "finding", "data-severity": item.alert.severity, style: { borderColor: colour(item.alert.severity) } },
        h("time", {}, time(item.ms)), severityTag(item.alert.severity), " ", h("strong", {}, item.alert.type),
        h("div", {}, alertText(item.alert)),
        serialOf(item.alert) ? h("div", { class: "muted small" }, `serial ${serialOf(item.alert)}`) : null))));
    if (items.length === 0) {
      custody.append(h("li", { class: "muted" }, "No custody scan yet."));
    }
  }

  function renderAlerts(s) {
    const alerts = [...(s.alerts || [])].sort((a, b) => alertTime(b) - alertTime(a));
    const rerender = () => renderAlerts(s);
    alertList.replaceChildren(...alerts.map((a) => h("article", {
      class: "alert-card", "data-alert-id": a.alertId, "data-severity": a.severity, style: { borderColor: colour(a.severity) },
    },
    h("header", {}, severityTag(a.severity), " ", h("strong", {}, a.type), " ", h("span", { class: "status" }, a.status),
      h("span", { class: "muted" }, ` ${time(alertStart(a))} → ${time(alertTime(a))}`)),
    h("p", {}, alertText(a)),
    evidence(a.evidence || {}),
    h("div", { class: "ack" }, ackCell(a, rerender)))));
    if (alerts.length === 0) {
      alertList.append(h("p", { class: "muted" }, "No alert for this shipment."));
    }
  }

  return {
    show(id) {
      if (id !== current) {
        current = id;
        detail = null;
        head.replaceChildren(h("h1", {}, id, " ", h("span", { class: "muted" }, "loading…")));
      }
      load(id);
    },
    hide() {
      current = null;
    },
    onAlert(alert) {
      if (alert.shipmentId === current) {
        clearTimeout(reloading);
        reloading = setTimeout(() => current && load(current), 1000);
      }
    },
    onAck(event) {
      const alert = detail?.alerts?.find((a) => a.alertId === event.alertId);
      if (alert) {
        alert.ack = normaliseAck(event);
        renderAlerts(detail);
      }
    },
  };
}

const COLOUR_DEVIATION = "#d62839";

/** Positions in an alert's evidence: route rules write stopLat/stopLon, serial rules first.latitudeDegrees. */
function evidencePoints(evidence) {
  const points = [];
  for (const [key, value] of Object.entries(evidence)) {
    const match = key.match(/^(.*?)(Lat|\.latitudeDegrees)$/);
    const lon = match && evidence[match[1] + (match[2] === "Lat" ? "Lon" : ".longitudeDegrees")];
    if (lon != null && !Number.isNaN(Number(value)) && !Number.isNaN(Number(lon))) {
      points.push([match[1], [Number(value), Number(lon)]]);
    }
  }
  return points;
}

function serialOf(alert) {
  return alert.serial ?? alert.evidence?.serial ?? alert.evidence?.rawSerial;
}

/** 24-hour times on the axis, with the date where a day starts. */
function axisTime(seconds, index) {
  const text = time(seconds * 1000);
  return index === 0 || text.endsWith(" 00:00") ? text.replace(" ", "\n") : text.slice(-5);
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}

function stat(label, value, note) {
  return h("div", { class: "stat" }, h("span", { class: "label" }, label), h("span", { class: "value" }, value),
    h("span", { class: "note muted" }, note));
}

function humanise(bizStep) {
  return String(bizStep || "scan").replace(/^.*[:/]/, "").replace(/_/g, " ");
}

function evidence(values) {
  const entries = Object.entries(values);
  if (entries.length === 0) {
    return null;
  }
  return h("dl", { class: "evidence" }, entries.map(([key, value]) => [h("dt", {}, key), h("dd", {}, unit(key, value))]));
}

/** Evidence names end with their unit; the value is shown as a person reads it, the raw one in the tooltip. */
function unit(key, value) {
  const n = Number(value);
  if (value === "" || Number.isNaN(n)) {
    return value;
  }
  if (key.endsWith("Millis")) {
    return h("span", { title: value }, duration(n / 1000));
  }
  if (key.endsWith("Celsius")) {
    return `${number(n)} °C`;
  }
  if (key.endsWith("Meters")) {
    return n >= 1000 ? `${number(n / 1000)} km` : `${number(n, 0)} m`;
  }
  if (key.endsWith("Kmh")) {
    return `${number(n, 0)} km/h`;
  }
  return value;
}

/** Periods outside the band: runs of readings, and the temperature alerts' episodes, merged. */
function excursions(points, band, alerts) {
  const periods = [];
  if (band.min != null) {
    let start = null;
    for (let i = 0; i < points.length; i++) {
      const out = points[i].c < band.min || points[i].c > band.max;
      if (out && start == null) {
        start = points[i].ms;
      } else if (!out && start != null) {
        periods.push([start, points[i].ms]);
        start = null;
      }
    }
    if (start != null) {
      periods.push([start, points[points.length - 1].ms]);
    }
  }
  const last = points.length > 0 ? points[points.length - 1].ms : Date.now();
  for (const alert of alerts) {
    periods.push([alertStart(alert), alert.status === "RESOLVED" ? alertTime(alert) : Math.max(last, alertTime(alert))]);
  }
  periods.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const period of periods) {
    const previous = merged[merged.length - 1];
    if (previous && period[0] <= previous[1]) {
      previous[1] = Math.max(previous[1], period[1]);
    } else {
      merged.push([...period]);
    }
  }
  return merged;
}

/** Drawn under the series: the profile's band in green, excursion periods in red. */
function shade(u, band, periods) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  if (band.min != null) {
    const top = u.valToPos(band.max, "y", true);
    const bottom = u.valToPos(band.min, "y", true);
    ctx.fillStyle = "rgba(47, 158, 91, 0.14)";
    ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
    ctx.strokeStyle = "rgba(47, 158, 91, 0.7)";
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, top);
    ctx.lineTo(bbox.left + bbox.width, top);
    ctx.moveTo(bbox.left, bottom);
    ctx.lineTo(bbox.left + bbox.width, bottom);
    ctx.stroke();
  }
  ctx.fillStyle = "rgba(214, 40, 57, 0.16)";
  for (const [from, to] of periods) {
    const x0 = u.valToPos(from / 1000, "x", true);
    const x1 = u.valToPos(to / 1000, "x", true);
    ctx.fillRect(x0, bbox.top, Math.max(2, x1 - x0), bbox.height);
  }
  ctx.restore();
}
