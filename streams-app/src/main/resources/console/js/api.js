// The JSON API: bearer token on demand, JSON helpers, and the live event stream.
const TOKEN_KEY = "coldchain.token";
const SILENCE_MILLIS = 30000;
let tokenAsked = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra) {
  const all = { Accept: "application/json", ...extra };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    all.Authorization = `Bearer ${token}`;
  }
  return all;
}

/** Shows the token dialog once, however many requests were refused at the same time. */
function askToken(reason) {
  if (!tokenAsked) {
    tokenAsked = new Promise((resolve) => {
      const dialog = document.getElementById("token-dialog");
      const form = dialog.querySelector("form");
      dialog.querySelector(".reason").textContent = reason;
      form.elements.token.value = "";
      dialog.addEventListener("cancel", (event) => event.preventDefault());
      form.onsubmit = (event) => {
        event.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, form.elements.token.value.trim());
        dialog.close();
        tokenAsked = null;
        resolve();
      };
      dialog.showModal();
    });
  }
  return tokenAsked;
}

/** fetch with the token; a 401 asks for the token and tries again. */
export async function request(path, options = {}) {
  for (;;) {
    const response = await fetch(path, { ...options, headers: headers(options.headers) });
    if (response.status !== 401) {
      return response;
    }
    await askToken(sessionStorage.getItem(TOKEN_KEY)
      ? "The application refused that token. Enter the ops token (COLDCHAIN_HTTP_TOKEN)."
      : "This application needs its ops token (COLDCHAIN_HTTP_TOKEN) to show shipments and alerts.");
  }
}

async function failure(response) {
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    message = body.error || message;
  } catch (ignored) {
    // not JSON: keep the status
  }
  return new ApiError(response.status, message);
}

export async function getJson(path) {
  const response = await request(path);
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

export async function postJson(path, body) {
  const response = await request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw await failure(response);
  }
  return response;
}

/**
 * Follows /api/events (server-sent events) through fetch rather than EventSource, which cannot send the token.
 * Reconnects with backoff; handlers.open runs on every (re)connection so views can catch up on what they missed.
 */
export function follow(handlers, onState) {
  let delay = 1000;
  let lastId = null;
  const connect = async () => {
    // The server sends a comment every few seconds: a stream silent for longer has died without saying so.
    const abort = new AbortController();
    let watchdog = null;
    const feed = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), SILENCE_MILLIS);
    };
    try {
      feed();
      const extra = { Accept: "text/event-stream" };
      if (lastId) {
        extra["Last-Event-ID"] = lastId;
      }
      const response = await request("/api/events", { headers: extra, cache: "no-store", signal: abort.signal });
      if (!response.ok || !response.body) {
        throw new Error(`HTTP ${response.status}`);
      }
      onState("live");
      delay = 1000;
      handlers.open?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let type = "message";
      let data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        feed();
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, end).replace(/\r$/, "");
          buffer = buffer.slice(end + 1);
          if (line === "") {
            if (data.length > 0) {
              dispatch(handlers, type, data.join("\n"));
            }
            type = "message";
            data = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") {
              type = text;
            } else if (field === "data") {
              data.push(text);
            } else if (field === "id") {
              lastId = text;
            }
          }
        }
      }
    } catch (error) {
      console.warn("live events:", error.message);
    }
    clearTimeout(watchdog);
    onState("reconnecting");
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30000);
  };
  connect();
}

function dispatch(handlers, type, text) {
  const handler = handlers[type];
  if (!handler) {
    return;
  }
  try {
    handler(JSON.parse(text));
  } catch (error) {
    console.warn(`live event '${type}' not understood:`, error.message);
  }
}
