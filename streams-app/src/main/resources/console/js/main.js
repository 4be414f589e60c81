// Routing between the three views, the live feed, wall-display mode.
import { follow } from "./api.js";
import { createFleet } from "./fleet.js";
import { createInbox } from "./inbox.js";
import { createShipmentPage } from "./shipment.js";
import { timeZone } from "./format.js";

const params = new URLSearchParams(location.search);
const wall = params.get("wall") === "1";
const refreshMillis = Math.max(5, Number(params.get("refresh") || 30)) * 1000;
document.body.classList.toggle("wall", wall);
document.getElementById("zone").textContent = `times in ${timeZone}`;

const errorBox = document.getElementById("error");
let errorTimer = null;
function onError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { errorBox.hidden = true; }, 15000);
}

const badge = document.getElementById("new-alerts");
const fleet = createFleet({ onError, wall });
const inbox = createInbox({
  onError,
  onUnseen(count) {
    badge.hidden = count === 0;
    badge.textContent = String(count);
  },
});
const shipment = createShipmentPage({ onError });
const views = {
  map: document.getElementById("view-map"),
  alerts: document.getElementById("view-alerts"),
  shipment: document.getElementById("view-shipment"),
};

function route() {
  const [, view = "map", id] = location.hash.match(/^#\/([a-z]+)(?:\/(.+))?$/) || [];
  const name = views[view] ? view : "map";
  // On a wall display the map and the inbox share the screen.
  const visible = new Set(wall && name !== "shipment" ? ["map", "alerts"] : [name]);
  for (const [key, element] of Object.entries(views)) {
    element.hidden = !visible.has(key);
  }
  document.body.dataset.view = name;
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("active", visible.has(link.dataset.view));
  }
  if (visible.has("map")) {
    fleet.show(refreshMillis);
  } else {
    fleet.hide();
  }
  if (visible.has("alerts")) {
    inbox.show();
  } else {
    inbox.hide();
  }
  if (name === "shipment" && id) {
    shipment.show(decodeURIComponent(id));
  } else {
    shipment.hide();
  }
}

window.addEventListener("hashchange", route);
route();

const live = document.getElementById("live");
let connectedBefore = false;
follow({
  open() {
    // After a gap, the list is read again: the stream does not replay what was missed.
    if (connectedBefore) {
      inbox.reload();
    }
    connectedBefore = true;
  },
  alert(alert) {
    inbox.onAlert(alert);
    fleet.onAlert(alert);
    shipment.onAlert(alert);
  },
  ack(event) {
    inbox.onAck(event);
    shipment.onAck(event);
  },
}, (state) => {
  live.dataset.state = state;
  live.textContent = state === "live" ? "live" : "reconnecting…";
});
