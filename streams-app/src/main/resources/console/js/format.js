// Shared vocabulary: severities and their colours, alert fields, times, DOM building without innerHTML.
export const SEVERITIES = ["NOTIFICATION", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const COLOURS = {
  NONE: "#2f9e5b",
  NOTIFICATION: "#6b8fb3",
  LOW: "#2c7be5",
  MEDIUM: "#e0a800",
  HIGH: "#f0650e",
  CRITICAL: "#d62839",
};
export const ALERT_TYPES = ["TEMPERATURE_EXCURSION", "MKT_EXCEEDED", "MISSING_DATA", "SENSOR_SILENT",
  "ROUTE_DEVIATION", "UNSCHEDULED_STOP", "PROLONGED_STOP", "DIVERSION", "DELAY",
  "DUPLICATE_SERIAL", "IMPOSSIBLE_TRAVEL", "REUSED_SERIAL", "ATTRIBUTE_MISMATCH",
  "UNKNOWN_SERIAL", "INVALID_SERIAL", "UNEXPECTED_CUSTODIAN", "CUSTODY_GAP", "OTHER"];

export const rank = (severity) => SEVERITIES.indexOf(severity);
export const colour = (severity) => COLOURS[severity] || COLOURS.NONE;

// The API mirrors the Alert schema: detectedAt is the episode's first evidence, lastEvidenceAt its latest.
// Other spellings of the same times are tolerated here, in one place.
const parsed = (text) => (text ? Date.parse(text) : undefined);
export const alertStart = (a) => a.detectedAtMs ?? a.firstEvidenceTime ?? parsed(a.detectedAt);
export const alertTime = (a) => a.lastEvidenceAtMs ?? a.lastEvidenceTime ?? parsed(a.lastEvidenceAt) ?? alertStart(a);
export const alertText = (a) => a.message ?? a.summary ?? "";
export const isOpen = (a) => a.status !== "RESOLVED";
export const ackTime = (ack) => ack.atMs ?? ack.acknowledgedAt ?? (ack.at ? Date.parse(ack.at) : null);

const params = new URLSearchParams(location.search);
const zone = params.get("tz") || Intl.DateTimeFormat().resolvedOptions().timeZone;
const stamp = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" });
const clock = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, timeStyle: "short" });
export const timeZone = zone;

export function time(ms) {
  return ms == null || Number.isNaN(ms) ? "–" : stamp.format(new Date(ms));
}

export function shortTime(ms) {
  return ms == null ? "–" : clock.format(new Date(ms));
}

export function duration(seconds) {
  if (seconds == null) {
    return "–";
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function number(value, digits = 1) {
  return value == null || Number.isNaN(Number(value)) ? "–" : Number(value).toFixed(digits);
}

/** h("a", {href: "#"}, "text", child): elements from plain values; text is never parsed as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (name === "class") {
      element.className = value;
    } else if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else if (name === "style") {
      Object.assign(element.style, value);
    } else {
      element.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

export function severityTag(severity) {
  return h("span", { class: "sev", "data-severity": severity || "NONE", style: { background: colour(severity) } },
    severity || "no alert");
}

export function shipmentLink(id) {
  return h("a", { href: `#/shipment/${encodeURIComponent(id)}`, class: "shipment-link" }, id);
}
