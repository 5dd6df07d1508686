"""An ideas instance catches up from MongoDB when the memory-only broker lost its events."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from devstack import embedded
from services.ideas import api as ideas_api
from services.ideas.app import create_app
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.mongo import make_client
from tests.integration.voting_helpers import bearer, issuer, start_app, verifier_for


async def test_a_change_whose_event_the_broker_lost_reaches_the_read_model(broker):
    settings = broker.settings
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    tokens = issuer()
    port = embedded.free_port()
    app = create_app(settings, verifier_for(tokens))
    runner = await start_app(app, port)
    mongo = make_client(settings.mongodb_uri)
    try:
        citizen = bearer(tokens.issue("p:author", "participant", 3600))
        idea_in = {
            "title": "Trinkbrunnen am Markt",
            "body": "Im Sommer fehlt Wasser.",
            "field": settings.fields_of_action[0],
        }
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"http://127.0.0.1:{port}/api/ideas", json=idea_in, headers=citizen) as r,
        ):
            assert r.status == 201, await r.text()
            idea_id = (await r.json())["id"]
        model = app[ideas_api.SERVICE].model
        assert model.ideas[idea_id]["title"] == "Trinkbrunnen am Markt"

        # Another instance changed the idea and committed; its event was in the broker's memory
        # only, and the broker dies before this instance read it.
        ideas = mongo[settings.database("ideas")]["ideas"]
        await ideas.update_one(
            {"_id": idea_id},
            {"$set": {"title": "Trinkbrunnen am Elisenbrunnen"}, "$inc": {"version": 1}},
        )
        broker.restart()

        deadline = time.monotonic() + 20
        while model.ideas[idea_id]["title"] != "Trinkbrunnen am Elisenbrunnen":
            assert time.monotonic() < deadline, "the read model never caught up"
            await asyncio.sleep(0.2)
    finally:
        await runner.cleanup()
        await mongo.close()
