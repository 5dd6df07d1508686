"""The demo exhibition of `make run`: one open exhibition with an exhibit per field of action and
a few ratings from phones, made through the API as staff and visitors would."""

from __future__ import annotations

import aiohttp

from devstack.pow import participant_headers

DEMO_EXHIBITION = (
    "Ausstellung der Handlungsfelder",
    "Was die Stadt Aachen in ihren Handlungsfeldern plant – sagen Sie uns Ihre Meinung.",
)
DEMO_EXHIBITS = (
    ("Digitaler Zwilling der Innenstadt", "Digitale Services und Gesellschaft"),
    ("Mobilstationen im Quartier", "Klimaschutz, Energie und Mobilität"),
    ("Gründungszentrum am Campus", "Wirtschaft und Technologie"),
)
DEMO_RATINGS = (5, 4, 4, 3, 5, 2)


async def seed_exhibition(public: str, moderator_password: str) -> str | None:
    """Create and open the demo exhibition unless one exists; returns its id (None if one
    existed already)."""
    async with aiohttp.ClientSession(raise_for_status=True) as http:
        login = {"username": "moderator", "password": moderator_password}
        async with http.post(f"{public}/api/auth/login", json=login) as r:
            staff = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
        async with http.get(f"{public}/api/exhibitions") as r:
            if (await r.json())["items"]:
                return None
        title, description = DEMO_EXHIBITION
        body = {"title": title, "description": description}
        async with http.post(f"{public}/api/exhibitions", json=body, headers=staff) as r:
            exhibition_id = (await r.json())["id"]
        exhibits = []
        for name, field in DEMO_EXHIBITS:
            path = f"{public}/api/exhibitions/{exhibition_id}/exhibits"
            async with http.post(path, json={"title": name, "field": field}, headers=staff) as r:
                exhibits.append((await r.json())["id"])
        await http.post(f"{public}/api/exhibitions/{exhibition_id}/open", headers=staff)
        for i, rating in enumerate(DEMO_RATINGS):
            phone = await participant_headers(http, public)
            exhibit = exhibits[i % len(exhibits)]
            path = f"{public}/api/exhibitions/exhibits/{exhibit}/feedback"
            await http.post(path, json={"rating": rating}, headers=phone)
        return exhibition_id
