"""live.js against a scripted WebSocket: resume with `since`, ordering, silence, backoff."""

from __future__ import annotations

from typing import Any

FAKE_WEBSOCKET = """
window.sockets = [];
class FakeWebSocket {
  static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.({}); }
  deliver(message) { this.onmessage?.({data: JSON.stringify(message)}); }
  drop() { this.readyState = 3; this.onclose?.({}); }
}
window.WebSocket = FakeWebSocket;
"""

START = """async () => {
  const { LiveClient } = await import("/static/live.js");
  window.statuses = [];
  window.got = [];
  window.live = new LiveClient("ws://hub.invalid/ws", { onStatus: (s) => statuses.push(s) });
  live.subscribe("ideas:wall", (data, msg) => got.push(msg.seq));
}"""


def test_live_client_resumes_reconnects_and_backs_off(running_stack: Any, new_page: Any) -> None:
    page = new_page()
    page.clock.install()
    page.add_init_script(FAKE_WEBSOCKET)
    page.route(
        running_stack.url + "/live-test",
        lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><title>t</title>"
        ),
    )
    page.goto(running_stack.url + "/live-test")
    page.evaluate(START)

    def js(expression: str) -> Any:
        return page.evaluate(f"() => {expression}")

    assert js("sockets.length") == 1
    js("sockets[0].open()")
    assert js("sockets[0].sent") == [{"type": "subscribe", "channel": "ideas:wall"}]
    assert js("statuses") == ["connecting", "open"]

    # States arrive in order; an older or repeated one is dropped.
    js("sockets[0].deliver({type: 'snapshot', channel: 'ideas:wall', seq: 5, data: {}})")
    js("sockets[0].deliver({type: 'update', channel: 'ideas:wall', seq: 4, data: {}})")
    js("sockets[0].deliver({type: 'update', channel: 'ideas:wall', seq: 5, data: {}})")
    js("sockets[0].deliver({type: 'update', channel: 'ideas:wall', seq: 7, data: {}})")
    js("sockets[0].deliver({type: 'update', channel: 'other', seq: 9, data: {}})")
    js("sockets[0].deliver({type: 'error', message: 'something'})")
    assert js("got") == [5, 7]

    # Heartbeats keep a quiet connection alive ...
    for _ in range(4):
        page.clock.run_for(15_000)
        js("sockets[0].deliver({type: 'ping'})")
    assert js("sockets.length") == 1
    # ... and 40 s of silence count as a dead connection: a new one is opened by itself.
    page.clock.run_for(46_000)
    assert js("sockets.length") == 2
    assert js("statuses.at(-1)") == "reconnecting"

    # The new connection resumes with the last sequence number; its first state always counts
    # (a restarted hub may number anew).
    js("sockets[1].open()")
    assert js("sockets[1].sent") == [{"type": "subscribe", "channel": "ideas:wall", "since": 7}]
    js("sockets[1].deliver({type: 'snapshot', channel: 'ideas:wall', seq: 3, data: {}})")
    assert js("got") == [5, 7, 3]
    assert js("statuses.at(-1)") == "open"

    # Failing reconnects back off exponentially, but never wait longer than about 5 s.
    delays = []
    for _ in range(8):
        before = js("sockets.length")
        js("sockets.at(-1).drop()")
        waited = 0
        while js("sockets.length") == before:
            page.clock.run_for(100)
            waited += 100
            assert waited <= 5_100, "reconnect waited longer than 5 s"
        delays.append(waited)
    assert delays[0] <= 400
    assert delays[-1] >= 3_500

    # Subscribing and unsubscribing later are sent at once; closing stops reconnecting for good.
    js("sockets.at(-1).open()")
    js("window.stop = live.subscribe('poll:1', () => {})")
    js("stop()")
    assert js("sockets.at(-1).sent.slice(-2)") == [
        {"type": "subscribe", "channel": "poll:1"},
        {"type": "unsubscribe", "channel": "poll:1"},
    ]
    js("live.close()")
    page.clock.run_for(60_000)
    assert js("statuses.at(-1)") == "closed"
    count = js("sockets.length")
    page.clock.run_for(60_000)
    assert js("sockets.length") == count
