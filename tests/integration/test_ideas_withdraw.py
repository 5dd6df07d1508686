"""An author withdraws their idea, through the gateway, against the real broker and database: it is
gone from every API, the wall, the export and storage, and no read model rebuild brings it back."""

from __future__ import annotations

import asyncio
import inspect
import json
import random
import string
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from devstack import embedded
from services.ideas import api as ideas_api
from services.ideas.app import create_app
from services.ideas.follower import idea_from_event
from services.ideas.readmodel import IdeaReadModel
from shared.auth import TokenVerifier
from shared.events import CloudEvent
from shared.mongo import make_client
from tests.integration.test_ideas_api import publish, submit
from tests.integration.test_outbox_and_consumer import read_all

WALL = "ideas:wall"


def a_word() -> str:
    """A made-up word, so a search finds this test's idea only (letters: digits split words)."""
    return "".join(random.choices(string.ascii_lowercase, k=12))


async def until(check: Callable[[], Any], what: str, timeout: float = 10.0) -> None:
    """Wait until `check()` (a bool, or an awaitable of one) holds; fail with `what` if never."""
    deadline = time.monotonic() + timeout
    while not (await result if inspect.isawaitable(result := check()) else result):
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


def wall_ids(api) -> list[str]:
    state = api.hub.states.get(WALL)
    return [i["id"] for i in json.loads(state.data)["ideas"]] if state else []


@asynccontextmanager
async def second_instance(api) -> AsyncIterator[tuple[str, web.Application]]:
    """Another ideas instance on the same database and topic, as the deployment runs two."""
    port = embedded.free_port()
    settings = api.settings.model_copy(update={"ideas_port": port})
    verifier = TokenVerifier(settings.jwt_issuer, settings.jwt_audience, jwks_url=settings.jwks_url)
    app = create_app(settings, verifier)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        await runner.cleanup()


async def discussed_idea(api, citizen, fan, staff, word: str) -> tuple[dict, list[str]]:
    """A published idea with a place, a support and two comments (one published, one waiting)."""
    location = {"lat": 50.776123, "lon": 6.083876}
    idea = await submit(api, citizen, title=f"Regenwasser {word}", location=location)
    await publish(api, staff, idea["id"])
    assert (await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=fan))[0] == 200
    comment_ids = []
    for text in (f"Gern {word}", f"Auch {word}"):
        path = f"/api/ideas/{idea['id']}/comments"
        status, comment, _ = await api.call("POST", path, json={"body": text}, headers=fan)
        assert status == 201, comment
        comment_ids.append(comment["id"])
    status, _, _ = await api.call(
        "POST",
        f"/api/ideas/{idea['id']}/comments/{comment_ids[0]}/status",
        json={"status": "published"},
        headers=staff,
    )
    assert status == 200
    return idea, comment_ids


async def test_a_withdrawn_idea_is_gone_from_every_api_the_wall_the_export_and_storage(api):
    citizen, fan, stranger, staff = (
        await api.participant(),
        await api.participant(),
        await api.participant(),
        await api.moderator(),
    )
    word = a_word()
    idea, comment_ids = await discussed_idea(api, citizen, fan, staff, word)
    path = f"/api/ideas/{idea['id']}"
    await until(lambda: idea["id"] in wall_ids(api), "the idea never reached the wall")

    # Someone else's idea: 403 as problem+json (staff too: withdrawing is the author's right).
    for who, code in ((stranger, "not-your-idea"), (staff, "forbidden")):
        status, problem, headers = await api.call("DELETE", path, headers=who)
        assert (status, problem["code"]) == (403, code) and problem["detail_de"]
        assert headers["Content-Type"].startswith("application/problem+json")
    assert (await api.call("DELETE", path, headers=citizen))[0] == 204
    assert (await api.call("DELETE", path, headers=citizen))[0] == 404  # nothing left to withdraw

    for who in ({}, citizen, staff):
        assert (await api.call("GET", path, headers=who))[0] == 404
        assert (await api.call("GET", f"{path}/comments", headers=who))[0] == 404
    for query, who in (
        (f"?q={word}", {}),
        ("?page_size=100", {}),
        ("?mine=true&page_size=100", citizen),
        ("?status=published&page_size=100", staff),
    ):
        _, listed, _ = await api.call("GET", f"/api/ideas{query}", headers=who)
        assert idea["id"] not in [i["id"] for i in listed["items"]], query
    assert (await api.call("PUT", f"{path}/support", headers=fan))[0] == 404
    for status in ("submitted", "published"):
        _, queue, _ = await api.call("GET", f"/api/ideas/comments?status={status}", headers=staff)
        assert not set(comment_ids) & {c["id"] for c in queue["items"]}
    async with api.http.get(f"{api.url}/api/ideas/export.csv", headers=staff) as r:
        export = (await r.read()).decode("utf-8-sig")
    assert r.status == 200 and idea["id"] not in export and word not in export
    await until(lambda: idea["id"] not in wall_ids(api), "the wall still shows it")

    client = make_client(api.settings.mongodb_uri)
    try:
        db = client[api.settings.database("ideas")]
        stored = await db.ideas.find_one({"_id": idea["id"]})
        assert set(stored) == {"_id", "status", "withdrawn_at", "version"}
        assert await db.supports.count_documents({"idea_id": idea["id"]}) == 0
        assert await db.comments.count_documents({"idea_id": idea["id"]}) == 0
        kept = await db.outbox.find({"key": idea["id"]}).to_list()
        assert [CloudEvent.from_bytes(e["value"]).type.rsplit(".", 1)[1] for e in kept] == [
            "withdrawn"
        ]
        assert not [e for e in kept if word.encode() in e["value"]]
    finally:
        await client.close()


async def test_neither_a_second_instance_nor_a_rebuild_brings_it_back(api):
    citizen, fan, staff = await api.participant(), await api.participant(), await api.moderator()
    word = a_word()
    async with second_instance(api) as (other, app):
        idea, _ = await discussed_idea(api, citizen, fan, staff, word)

        async def shown_there() -> int:
            async with api.http.get(f"{other}/api/ideas/{idea['id']}") as r:
                return r.status

        await until(lambda: _is(shown_there(), 200), "the second instance never saw the idea")
        assert (await api.call("DELETE", f"/api/ideas/{idea['id']}", headers=citizen))[0] == 204
        # Its follower applies idea.withdrawn; reloading from the database keeps it gone.
        await until(lambda: _is(shown_there(), 404), "the second instance still shows it")
        service = app[ideas_api.SERVICE]
        await service.reload()
        assert service.model.get(idea["id"]) is None and await shown_there() == 404

    # A read model rebuilt from ideas.events, older idea.submitted events included.
    records = await read_all(api.settings, api.settings.topic("ideas.events"))
    events = [CloudEvent.from_bytes(r.value) for r in records]
    mine = [e for e in events if e.subject == idea["id"]]
    assert mine[0].type.endswith("idea.submitted") and mine[-1].type.endswith("idea.withdrawn")
    assert word not in json.dumps(mine[-1].data)
    for order in (events, list(reversed(events))):
        model = IdeaReadModel()
        for event in order:
            if "idea" in event.data:
                model.apply(idea_from_event(event.data))
        assert model.get(idea["id"]) is None and idea["id"] in model.withdrawn


async def _is(status: Any, wanted: int) -> bool:
    return await status == wanted
