"""Two ideas instances behind one gateway: each one's read model follows the other's changes."""

from __future__ import annotations

import asyncio

from aiohttp import web

from devstack import embedded
from services.ideas.app import create_app
from shared.auth import TokenVerifier


async def test_a_second_instance_lists_what_the_first_one_changed(api):
    port = embedded.free_port()
    second = api.settings.model_copy(update={"ideas_port": port})
    runner = web.AppRunner(
        create_app(
            second, TokenVerifier(second.jwt_issuer, second.jwt_audience, jwks_url=second.jwks_url)
        )
    )
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    other = f"http://127.0.0.1:{port}"
    try:
        citizen, staff = await api.participant(), await api.moderator()
        # Through the gateway, i.e. the first instance.
        _, idea, _ = await api.call(
            "POST",
            "/api/ideas",
            json={"title": "Zweite Instanz sieht mit", "field": "Wirtschaft und Technologie"},
            headers=citizen,
        )
        await api.call(
            "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=staff
        )
        await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=citizen)
        seen = None
        for _ in range(50):
            async with api.http.get(f"{other}/api/ideas?q=Zweite Instanz") as r:
                body = await r.json()
            if body["items"] and body["items"][0]["supports"] == 1:
                seen = body["items"][0]
                break
            await asyncio.sleep(0.1)
        assert seen is not None, "the second instance never saw the change"
        assert seen["status"] == "published" and seen["version"] == 3
        # And the other way round: a change made on the second instance reaches the first.
        async with api.http.delete(f"{other}/api/ideas/{idea['id']}/support", headers=citizen) as r:
            assert r.status == 200
        for _ in range(50):
            _, shown, _ = await api.call("GET", f"/api/ideas/{idea['id']}")
            if shown["supports"] == 0:
                break
            await asyncio.sleep(0.1)
        assert shown["supports"] == 0 and shown["version"] == 4
    finally:
        await runner.cleanup()
