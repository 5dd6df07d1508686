// The kiosk's offline queue. Every press becomes {key, rating, given_at}: a random
// Idempotency-Key and the time of the press. It is written to localStorage *before* it is sent,
// and leaves the queue only when the service has answered for good: 202, or a refusal that can
// never turn into a success (409 not open, 429 kiosk-interval: the same given_at stays too close
// to the rating before it, 422 …). A network error, a timeout or a 5xx keeps it, and the queue is
// sent again, oldest first, when the browser says it is online and every 10 s while it is not
// empty. Sending a press twice is harmless: the service answers a repeated Idempotency-Key with
// its first answer, before any interval or limit applies. 401/403 mean the kiosk's token was
// revoked: the queue is dropped (ratings of a switched-off kiosk no longer count).

import { ApiError, api, randomKey } from "./api.js";

const RETRY_MS = 10_000;
// A request that hangs (a weak Wi-Fi) counts as a network error; the key makes the resend safe.
const SEND_TIMEOUT_MS = 8_000;

export function createQueue({ exhibitId, token, onRevoked, onChange }) {
  const storageKey = `oecherlab.kiosk.${exhibitId}.queue`;
  const path = `/api/exhibitions/exhibits/${encodeURIComponent(exhibitId)}/feedback`;
  const waiting = new Set(); // keys of presses on this page whose outcome is awaited
  const outcomes = new Map(); // key → how the service answered that press
  let memory = []; // used only when the storage is blocked
  let running = null;
  let again = false;

  function read() {
    try {
      const list = JSON.parse(localStorage.getItem(storageKey) || "[]");
      return Array.isArray(list) ? list.filter((item) => item?.key && item.rating) : [];
    } catch {
      return memory;
    }
  }

  function write(list) {
    memory = list;
    try {
      if (list.length) localStorage.setItem(storageKey, JSON.stringify(list));
      else localStorage.removeItem(storageKey);
    } catch {
      // Kept in memory for this page only.
    }
    onChange(list.length);
  }

  function remove(key) {
    write(read().filter((item) => item.key !== key));
  }

  /** How the service answered one press: sent, interval, refused, revoked, or keep (try again). */
  async function sendOne(item) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
    try {
      const receipt = await api(path, {
        method: "POST",
        token: token(),
        body: { rating: item.rating, given_at: item.given_at },
        idempotencyKey: item.key,
        signal: controller.signal,
      });
      return { kind: "sent", receipt };
    } catch (err) {
      if (!(err instanceof ApiError)) return { kind: "keep" }; // the timeout's AbortError
      if (err.network || err.status >= 500 || err.status === 408) return { kind: "keep", err };
      if (err.status === 429) return { kind: err.code === "kiosk-interval" ? "interval" : "keep", err };
      if (err.status === 401 || err.status === 403) return { kind: "revoked", err };
      return { kind: "refused", err };
    } finally {
      clearTimeout(timer);
    }
  }

  async function sendAll() {
    for (;;) {
      const [first] = read();
      if (!first) return;
      const outcome = await sendOne(first);
      if (waiting.has(first.key)) outcomes.set(first.key, outcome);
      if (outcome.kind === "keep") return; // in order: nothing after it goes first
      if (outcome.kind === "revoked") {
        write([]);
        onRevoked(outcome.err);
        return;
      }
      remove(first.key);
    }
  }

  /** Send what is queued, oldest first; one run at a time (a call during a run runs it again). */
  function flush() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await sendAll();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** Queue a press and send it (after any older ones); resolves with its outcome. */
  async function press(rating) {
    const item = { key: randomKey(), rating, given_at: new Date().toISOString() };
    write([...read(), item]);
    waiting.add(item.key);
    try {
      await flush();
      return outcomes.get(item.key) || { kind: "keep" };
    } finally {
      waiting.delete(item.key);
      outcomes.delete(item.key);
    }
  }

  addEventListener("online", () => flush());
  setInterval(() => {
    if (!running && read().length) flush();
  }, RETRY_MS);
  onChange(read().length);

  return {
    press,
    flush,
    size: () => read().length,
    clear: () => write([]),
  };
}
