"""Configuration, not headers: the Host header cannot steer URLs or policies; the proxy keeps
to each service's prefix; operator endpoints are not on the public origin."""

from __future__ import annotations

import pytest
from yarl import URL

EVIL = {"Host": "evil.example"}


async def test_config_and_csp_come_from_public_url_not_from_the_host_header(api):
    status, body, headers = await api.call("GET", "/api/config", headers=EVIL)
    assert status == 200
    public_host = api.settings.public_url.removeprefix("http://")
    assert body["ws_url"] == f"ws://{public_host}/ws"
    assert "evil.example" not in str(body)
    async with api.http.get(f"{api.url}/", headers=EVIL) as r:
        policy = r.headers["Content-Security-Policy"]
    assert "evil.example" not in policy
    assert f"ws://{public_host}" in policy


async def test_metrics_are_not_served_on_the_public_origin_but_on_the_internal_port(api):
    status, _, _ = await api.call("GET", "/metrics")
    assert status == 404
    internal = f"http://127.0.0.1:{api.settings.gateway_internal_port}/metrics"
    async with api.http.get(internal) as r:
        assert r.status == 200
        assert "http_requests_total" in await r.text()


@pytest.mark.parametrize(
    "path",
    [
        "/api/ideas/%2e%2e/%2e%2e/metrics",
        "/api/ideas/%2E%2E/metrics",
        "/api/ideas/..%2fmetrics",
        "/api/ideas/%2e%2e%2fmetrics",
        "/api/ideas/.%2e/readyz",
        "/api/ideas/x/%2e%2e/%2e%2e/%2e%2e/api/voting/sessions",
        "/api/ideas/%5c..%5cmetrics",
    ],
)
async def test_the_proxy_refuses_paths_that_leave_the_service_prefix(api, path):
    # encoded=True: sent byte for byte, as an attacker's script would (a normal client would
    # resolve the dot segments itself and never send them).
    async with api.http.get(URL(f"{api.url}{path}", encoded=True)) as r:
        text = await r.text()
        assert "http_requests_total" not in text
        assert r.status == 400, (r.status, text)
        assert r.headers["Content-Type"].startswith("application/problem+json")


async def test_ordinary_paths_still_pass_the_proxy(api):
    status, body, _ = await api.call("GET", "/api/ideas?q=B%C3%A4ume&page=1")
    assert status == 200 and "items" in body


async def test_a_websocket_from_a_rebound_origin_is_refused(api):
    # DNS rebinding: the hostile page's name resolves to us, so Origin and Host agree.
    headers = {"Host": "rebind.example", "Origin": "http://rebind.example"}
    async with api.http.get(f"{api.url}/ws", headers=headers) as r:
        assert r.status == 403
        assert r.headers["Content-Type"].startswith("application/problem+json")
    async with api.http.ws_connect(f"{api.url}/ws", origin=api.settings.public_url) as ws:
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        reply = await ws.receive_json(timeout=5)
        assert reply["type"] in ("snapshot", "subscribed")
