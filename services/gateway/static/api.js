// The fetch wrapper of the web apps: JSON in and out, RFC 9457 problems turned into ApiError
// with the German or English text, field errors and Retry-After; the anonymous participant
// token of this device kept in localStorage.

import { lang, t } from "./i18n.js";

export class ApiError extends Error {
  constructor({ status, problem = null, retryAfter = null, network = false }) {
    super(problem?.detail || (network ? "network error" : `HTTP ${status}`));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || null;
    this.retryAfter = retryAfter;
    this.network = network;
  }

  /** The message to show, in the current language. */
  get localized() {
    if (this.network) return t("error.network");
    if (this.status === 429) return t("error.rate", { n: this.retryAfter ?? 5 });
    const p = this.problem;
    const text = lang() === "de" ? p.detail_de || p.detail : p.detail || p.detail_de;
    if (text && this.status < 500) return text;
    if (this.status >= 500) return t("error.server");
    return t("error.generic", { status: this.status });
  }

  /** {field: message} for the inputs named in a validation problem, in the current language. */
  get fieldErrors() {
    const out = {};
    const list = Array.isArray(this.problem.errors) ? this.problem.errors : [];
    for (const e of list) {
      const field = String(e.field || "").split(".")[0];
      if (!field || field in out) continue;
      out[field] = localizeFieldError(e, list.length === 1 ? this.problem : null);
    }
    return out;
  }
}

function localizeFieldError(e, problem) {
  if (lang() === "en") return e.message ? capitalize(e.message) : t("verr.invalid");
  const key = `verr.${e.code}`;
  if (e.code && t(key) !== key) return t(key);
  if (problem?.detail_de) return problem.detail_de;
  return t("verr.invalid");
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? "" : ".");
}

function retryAfterOf(response) {
  const value = response.headers.get("Retry-After");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

/** A random key for Idempotency-Key headers. */
export function randomKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Call the API. Returns the parsed JSON (or a Blob with `blob: true`, or null for an empty body);
 * throws ApiError for problems and network failures.
 */
export async function api(
  path,
  { method = "GET", body, token, headers = {}, idempotencyKey, signal, blob = false } = {},
) {
  const h = { Accept: "application/json, application/problem+json", ...headers };
  if (body !== undefined) h["Content-Type"] = "application/json";
  if (token) h.Authorization = `Bearer ${token}`;
  if (idempotencyKey) h["Idempotency-Key"] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "same-origin",
    });
  } catch (err) {
    if (err?.name === "AbortError") throw err;
    throw new ApiError({ status: 0, network: true });
  }
  if (!response.ok) {
    let problem = null;
    try {
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("json")) problem = await response.json();
    } catch {
      problem = null;
    }
    throw new ApiError({ status: response.status, problem, retryAfter: retryAfterOf(response) });
  }
  if (blob) return response.blob();
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// ---- the proof of work a participant token costs (ALTCHA) ------------------------------------

/**
 * Fetch a challenge and solve it with the vendored ALTCHA library (PBKDF2 in WebCrypto, about
 * 0.3 s on a mid-range phone); returns the payload as the ALTCHA widget sends it. The library is
 * loaded only when a token is minted, so pages that never mint one do not fetch it.
 */
export async function proofOfWork() {
  const [{ solveChallenge, pbkdf2 }, challenge] = await Promise.all([
    import("./vendor/altcha-lib.min.js").catch(() => {
      throw new ApiError({ status: 0, network: true });
    }),
    api("/api/auth/challenge"),
  ]);
  const solution = await solveChallenge({
    challenge,
    deriveKey: pbkdf2.deriveKey,
    timeout: 60_000,
  });
  if (!solution) {
    throw new ApiError({
      status: 0,
      problem: {
        detail: "The automatic check took too long; please try again.",
        detail_de: "Die automatische Prüfung hat zu lange gedauert; bitte noch einmal versuchen.",
      },
    });
  }
  const { parameters, signature } = challenge;
  return btoa(JSON.stringify({ challenge: { parameters, signature }, solution }));
}

/** POST /api/auth/participant with a fresh proof of work; one refused as expired or used is
 * done again once (a phone that slept between the challenge and the answer). */
export async function mintParticipant(body = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      const altcha = await proofOfWork();
      return await api("/api/auth/participant", { method: "POST", body: { ...body, altcha } });
    } catch (err) {
      const again = err instanceof ApiError && ["pow-expired", "pow-reused"].includes(err.code);
      if (!again || attempt > 1) throw err;
    }
  }
}

// ---- the anonymous participant token of this device -----------------------------------------

/** Where this device keeps its participant token ({token, expires_at}) in localStorage. */
export const PARTICIPANT_KEY = "oecherlab.participant";
let pending = null;

function storedParticipant() {
  try {
    const saved = JSON.parse(localStorage.getItem(PARTICIPANT_KEY) || "null");
    // Renew a day before it runs out.
    if (saved?.token && saved.expires_at > Date.now() + 86_400_000) return saved.token;
  } catch {
    // Broken or blocked storage: get a new token.
  }
  return null;
}

export async function participantToken({ renew = false } = {}) {
  if (!renew) {
    const token = storedParticipant();
    if (token) return token;
  }
  if (!pending) {
    pending = mintParticipant()
      .then((answer) => {
        try {
          localStorage.setItem(
            PARTICIPANT_KEY,
            JSON.stringify({
              token: answer.access_token,
              expires_at: Date.now() + answer.expires_in * 1000,
            }),
          );
        } catch {
          // Kept for this page only.
        }
        return answer.access_token;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** Like `api`, with this device's participant token; a rejected token is renewed once. */
export async function participantApi(path, options = {}) {
  const token = await participantToken();
  try {
    return await api(path, { ...options, token });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return api(path, { ...options, token: await participantToken({ renew: true }) });
    }
    throw err;
  }
}

let configPromise = null;

/** GET /api/config, once per page. */
export function loadConfig() {
  if (!configPromise) {
    configPromise = api("/api/config").catch((err) => {
      configPromise = null;
      throw err;
    });
  }
  return configPromise;
}
