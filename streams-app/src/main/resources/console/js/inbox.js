// The alert inbox: filters, a live table, acknowledgements.
import { getJson } from "./api.js";
import { acknowledge, normaliseAck, withAckOf } from "./ack.js";
import {
  ALERT_TYPES, alertStart, alertText, alertTime, h, isOpen, rank, severityTag, shipmentLink, time,
} from "./format.js";

const MAX_ROWS = 500;
/** Alerts from the live feed kept until the list answers with them (a bound, not an expected number)... */
const MAX_AHEAD = 2000;
/** ... and for at most this long: the store is seconds behind the feed, not minutes. */
const AHEAD_MS = 120000;

export function createInbox({ onError, onUnseen }) {
  const form = document.getElementById("alert-filters");
  const body = document.querySelector("#alerts tbody");
  const summary = document.getElementById("alert-summary");
  const alerts = new Map();
  const fresh = new Set();
  // The live feed reads the alerts topic as alerts are committed; /api/alerts answers from the application's store,
  // which takes the alert in a moment (on a loaded machine, seconds) later. A list read in that moment (a filter
  // changed) would drop an alert already shown, or show it as it was, until its next change: so the feed's latest
  // version of each alert (alertId -> { alert, at }) is kept until the list has caught up with it, for two minutes at
  // most. After a gap in the feed (a reconnect) the list is the truth: what the feed said before the gap may be stale.
  const ahead = new Map();
  let loaded = false;
  let visible = false;
  let unseen = 0;
  let typing = null;

  for (const type of ALERT_TYPES) {
    form.elements.type.append(h("option", {}, type));
  }

  const filters = () => ({
    status: form.elements.status.value,
    minSeverity: form.elements.minSeverity.value,
    type: form.elements.type.value,
    shipment: form.elements.shipment.value.trim(),
    unacked: form.elements.unacked.checked,
  });

  const matches = (alert, f = filters()) => (f.status !== "open" || isOpen(alert))
    && (!f.minSeverity || rank(alert.severity) >= rank(f.minSeverity))
    && (!f.type || alert.type === f.type)
    && (!f.shipment || alert.shipmentId.toLowerCase().includes(f.shipment.toLowerCase()))
    && (!f.unacked || !alert.ack);

  async function load() {
    const f = filters();
    const query = new URLSearchParams({ status: f.status, limit: String(MAX_ROWS) });
    for (const name of ["minSeverity", "type", "shipment"]) {
      if (f[name]) {
        query.set(name, f[name]);
      }
    }
    try {
      const page = await getJson(`/api/alerts?${query}`);
      // An acknowledgement is never taken back: one the live feed or this page's button brought while the list was on
      // its way (a filter changed just before an ack, a reload after a gap) stays on the listed copy that lacks it.
      const earlier = new Map(alerts);
      alerts.clear();
      for (const alert of page.items) {
        alerts.set(alert.alertId, withAckOf(earlier.get(alert.alertId), alert));
      }
      const now = Date.now();
      for (const [id, { alert, at }] of ahead) {
        const listed = alerts.get(id);
        if (now - at > AHEAD_MS || (listed && caughtUp(listed, alert))) {
          ahead.delete(id);
          continue;
        }
        // Kept whatever the filter: render() applies it, and a listed copy the feed has overtaken must not stay.
        alerts.set(id, withAckOf(listed, alert));
      }
      loaded = true;
      render();
    } catch (error) {
      onError(`Alerts could not be loaded: ${error.message}`);
    }
  }

  function render() {
    const f = filters();
    const shown = [...alerts.values()].filter((a) => matches(a, f))
      .sort((a, b) => alertTime(b) - alertTime(a) || rank(b.severity) - rank(a.severity));
    body.replaceChildren(...shown.slice(0, MAX_ROWS).map(row));
    if (shown.length === 0) {
      body.append(h("tr", { class: "empty" }, h("td", { colspan: 7 }, loaded ? "No alert matches." : "Loading…")));
    }
    const unacked = shown.filter((a) => !a.ack).length;
    summary.textContent = `${shown.length} alert${shown.length === 1 ? "" : "s"}, ${unacked} not acknowledged`;
    summary.dataset.count = String(shown.length);
  }

  function row(alert) {
    return h("tr", {
      "data-alert-id": alert.alertId,
      "data-severity": alert.severity,
      class: fresh.has(alert.alertId) ? "fresh" : null,
    },
    h("td", { class: "nowrap", title: `latest evidence ${time(alertTime(alert))}` }, time(alertStart(alert))),
    h("td", {}, severityTag(alert.severity)),
    h("td", { class: "type" }, alert.type),
    h("td", {}, shipmentLink(alert.shipmentId)),
    h("td", { class: "summary" }, alertText(alert)),
    h("td", { class: "status" }, alert.status),
    h("td", { class: "ack" }, ackCell(alert, render)));
  }

  function upsert(alert) {
    ahead.delete(alert.alertId);
    ahead.set(alert.alertId, { alert, at: Date.now() });
    if (ahead.size > MAX_AHEAD) {
      ahead.delete(ahead.keys().next().value);
    }
    const known = alerts.get(alert.alertId);
    alerts.set(alert.alertId, withAckOf(known, alert));
    if (!known) {
      fresh.add(alert.alertId);
      setTimeout(() => {
        fresh.delete(alert.alertId);
        body.querySelector(`tr[data-alert-id="${CSS.escape(alert.alertId)}"]`)?.classList.remove("fresh");
      }, 8000);
      if (!visible && matches(alert)) {
        unseen += 1;
        onUnseen(unseen);
      }
    }
    render();
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "unacked") {
      render();
    } else {
      load();
    }
  });
  form.addEventListener("input", (event) => {
    if (event.target.name === "shipment") {
      clearTimeout(typing);
      typing = setTimeout(load, 400);
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  return {
    show() {
      visible = true;
      unseen = 0;
      onUnseen(0);
      if (!loaded) {
        load();
      }
    },
    hide() {
      visible = false;
    },
    /** Reads the list again after a gap in the live feed: the list is the truth then. */
    reload() {
      ahead.clear();
      return load();
    },
    onAlert: upsert,
    onAck(event) {
      const ack = normaliseAck(event);
      const held = ahead.get(event.alertId);
      if (held) {
        held.alert.ack = ack;
      }
      const alert = alerts.get(event.alertId);
      if (alert) {
        alert.ack = ack;
        render();
      }
    },
  };
}

/**
 * Whether the list's copy of an alert has caught up with the feed's: later evidence, or the same evidence time with the
 * same status and severity (an escalation keeps the evidence time and changes the severity).
 */
function caughtUp(listed, live) {
  const lt = alertTime(listed) ?? 0;
  const ft = alertTime(live) ?? 0;
  return lt > ft || (lt === ft && listed.status === live.status && listed.severity === live.severity);
}

/** The ack column: who, when and why, or the button that asks. */
export function ackCell(alert, rerender) {
  if (alert.ack) {
    const ack = alert.ack;
    return h("div", { class: "ack-done" },
      h("strong", {}, ack.by), " ", h("span", { class: "muted" }, time(ack.atMs ?? Date.parse(ack.at))),
      ack.pending ? h("span", { class: "muted" }, " (sent)") : null,
      ack.comment ? h("div", { class: "comment" }, ack.comment) : null);
  }
  return h("button", {
    class: "ack-button",
    onclick: async () => {
      const ack = await acknowledge(alert);
      // The live feed may have brought the recorded ack before the POST answered: that one wins.
      if (ack && !alert.ack) {
        alert.ack = ack;
        rerender();
      }
    },
  }, "Acknowledge");
}
