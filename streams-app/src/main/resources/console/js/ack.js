// The acknowledgement dialog, shared by the inbox and the shipment page.
import { postJson } from "./api.js";
import { alertText } from "./format.js";

const NAME_KEY = "coldchain.ackBy";
/**
 * The application stores an alert a moment after the live feed shows it (seconds on a loaded machine), and answers
 * 404 for an alert it has not stored yet: an acknowledgement of such an alert is tried again for this long.
 */
const UNKNOWN_ALERT_PATIENCE_MS = 30000;

async function postAck(alertId, body, waiting) {
  const began = Date.now();
  for (;;) {
    try {
      return await postJson(`/api/alerts/${encodeURIComponent(alertId)}/ack`, body);
    } catch (failure) {
      if (failure.status !== 404 || Date.now() - began > UNKNOWN_ALERT_PATIENCE_MS) {
        throw failure;
      }
      waiting();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Asks for a name and a comment, posts the acknowledgement; resolves to the ack as sent, or null when cancelled. */
export function acknowledge(alert) {
  const dialog = document.getElementById("ack-dialog");
  const form = dialog.querySelector("form");
  const error = dialog.querySelector(".ack-error");
  dialog.querySelector(".ack-alert").textContent = `${alert.type} on ${alert.shipmentId}: ${alertText(alert)}`;
  form.elements.by.value = localStorage.getItem(NAME_KEY) || "";
  form.elements.comment.value = "";
  error.hidden = true;
  return new Promise((resolve) => {
    let result = null;
    form.onsubmit = async (event) => {
      if (event.submitter?.value === "cancel") {
        return;
      }
      event.preventDefault();
      const by = form.elements.by.value.trim();
      const comment = form.elements.comment.value.trim();
      if (!by) {
        return;
      }
      try {
        await postAck(alert.alertId, { by, comment }, () => {
          error.textContent = "Waiting for the application to store this new alert…";
          error.hidden = false;
        });
        localStorage.setItem(NAME_KEY, by);
        result = { by, comment, atMs: Date.now(), pending: true };
        dialog.close();
      } catch (failure) {
        error.textContent = `Not acknowledged: ${failure.message}`;
        error.hidden = false;
      }
    };
    dialog.addEventListener("close", () => resolve(result), { once: true });
    dialog.showModal();
    (form.elements.by.value ? form.elements.comment : form.elements.by).focus();
  });
}

/** The ack as the API or the live feed gives it, in one shape. */
export function normaliseAck(event) {
  const ack = event.ack ?? event;
  return {
    by: ack.by,
    comment: ack.comment ?? "",
    atMs: ack.atMs ?? ack.acknowledgedAt ?? (ack.at ? Date.parse(ack.at) : Date.now()),
  };
}

/**
 * {@code alert}, with the acknowledgement of an earlier copy of it when it has none of its own. An acknowledgement is
 * never taken back, and a copy read from the API may have been asked for before the ack was recorded and arrive after
 * the live feed's ack event: every page that replaces its copies of alerts carries acks over through this.
 */
export function withAckOf(earlier, alert) {
  if (earlier?.ack && !alert.ack) {
    alert.ack = earlier.ack;
  }
  return alert;
}
