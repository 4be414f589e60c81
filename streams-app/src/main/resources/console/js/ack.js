// The acknowledgement dialog, shared by the inbox and the shipment page.
import { postJson } from "./api.js";
import { alertText } from "./format.js";

const NAME_KEY = "coldchain.ackBy";

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
        await postJson(`/api/alerts/${encodeURIComponent(alert.alertId)}/ack`, { by, comment });
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
