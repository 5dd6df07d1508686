// The WebSocket client of the live hub: subscribe to channels, get each channel's full state,
// reconnect by itself with exponential backoff (at most ~5 s) and resume with the last sequence
// number. 40 s without any message (the hub pings every 15 s) count as a dead connection.
//
//   const live = new LiveClient(wsUrl, { onStatus: (s) => ... });
//   const stop = live.subscribe("ideas:wall", (data, msg) => draw(data));
//
// Status values: "connecting", "open", "reconnecting", "closed".

const SILENCE_MS = 40_000;
const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 5_000;

export class LiveClient {
  constructor(url, { token = null, onStatus = () => {}, onError = () => {} } = {}) {
    this.url = url;
    this.token = token;
    this.onStatus = onStatus;
    this.onError = onError;
    this.handlers = new Map(); // channel → Set of callbacks
    this.lastSeq = new Map(); // channel → last sequence number seen
    this.lastMessage = new Map(); // channel → the newest state, for late subscribers
    this.fresh = new Set(); // channels whose first message on this connection is still due
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.lastHeard = 0;
    this.closed = false;
    this.status = null;
    this.watchdog = setInterval(() => this._checkSilence(), 5_000);
    this._onOnline = () => {
      if (!this._isOpen()) this._reconnectNow();
    };
    globalThis.addEventListener?.("online", this._onOnline);
    this._connect();
  }

  /** Receive `handler(data, message)` for every state of `channel`; returns an unsubscribe. */
  subscribe(channel, handler) {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.fresh.add(channel);
      this._send(this._subscribeMessage(channel));
    }
    set.add(handler);
    const known = this.lastMessage.get(channel);
    if (known) queueMicrotask(() => set.has(handler) && handler(known.data, known));
    return () => {
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(channel);
        this.lastSeq.delete(channel);
        this.lastMessage.delete(channel);
        this._send({ type: "unsubscribe", channel });
      }
    };
  }

  /** Send a token (first message on every connection, never in the URL). */
  authenticate(token) {
    this.token = token;
    if (token) this._send({ type: "auth", token });
  }

  close() {
    this.closed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    globalThis.removeEventListener?.("online", this._onOnline);
    this._drop();
    this._setStatus("closed");
  }

  // ---- internals ------------------------------------------------------------------------------

  _subscribeMessage(channel) {
    const msg = { type: "subscribe", channel };
    if (this.lastSeq.has(channel)) msg.since = this.lastSeq.get(channel);
    return msg;
  }

  _isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  _setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    try {
      this.onStatus(status);
    } catch (err) {
      console.error(err);
    }
  }

  _connect() {
    if (this.closed) return;
    this._setStatus(this.attempt === 0 && this.status === null ? "connecting" : "reconnecting");
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (err) {
      console.warn("live: cannot open", err);
      this._scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.lastHeard = Date.now();
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      this.lastHeard = Date.now();
      if (this.token) ws.send(JSON.stringify({ type: "auth", token: this.token }));
      this.fresh = new Set(this.handlers.keys());
      for (const channel of this.handlers.keys()) {
        ws.send(JSON.stringify(this._subscribeMessage(channel)));
      }
      this._setStatus("open");
    };
    ws.onmessage = (event) => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      this._handle(event.data);
    };
    ws.onclose = () => {
      if (ws !== this.ws) return;
      this.ws = null;
      this._scheduleReconnect();
    };
    ws.onerror = () => {
      // A close event follows; nothing else to do here.
    };
  }

  _handle(raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "ping") return;
    if (msg.type === "error") {
      console.warn("live: server error:", msg.message);
      this.onError(msg);
      return;
    }
    if (msg.type !== "snapshot" && msg.type !== "update") return;
    const handlers = this.handlers.get(msg.channel);
    if (!handlers) return;
    const seq = typeof msg.seq === "number" ? msg.seq : null;
    const last = this.lastSeq.get(msg.channel);
    // The first state of a channel on a connection is the server's current state and always
    // wins (a restarted hub may count anew); after that, older or repeated states are dropped.
    const first = this.fresh.delete(msg.channel);
    if (!first && seq !== null && last !== undefined && seq <= last) return;
    if (seq !== null) this.lastSeq.set(msg.channel, seq);
    this.lastMessage.set(msg.channel, msg);
    for (const fn of [...handlers]) {
      try {
        fn(msg.data, msg);
      } catch (err) {
        console.error(err);
      }
    }
  }

  _send(msg) {
    if (this._isOpen()) this.ws.send(JSON.stringify(msg));
    // Otherwise the (re)connect sends auth and all subscriptions.
  }

  _drop() {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // Already closed.
    }
  }

  _scheduleReconnect() {
    if (this.closed) return;
    this._setStatus("reconnecting");
    clearTimeout(this.retryTimer);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.2));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this._connect(), delay);
  }

  _reconnectNow() {
    clearTimeout(this.retryTimer);
    this._drop();
    this.attempt = 0;
    this._setStatus("reconnecting");
    this._connect();
  }

  _checkSilence() {
    if (this.closed || !this.ws) return;
    const connecting = this.ws.readyState === WebSocket.CONNECTING;
    if (Date.now() - this.lastHeard > (connecting ? 10_000 : SILENCE_MS)) {
      // A half-open TCP connection may never fire `close`: give up on it ourselves.
      this._drop();
      this._scheduleReconnect();
    }
  }
}
