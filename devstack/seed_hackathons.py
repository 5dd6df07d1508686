"""The demo hackathon of `make run`: an open-data hackday in the hacking phase with three
challenges, three teams and their project pages, and the juror `demo-jury`, made through the API
as staff and phones would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from devstack.pow import participant_headers

JUROR = "demo-jury"
DEMO_HACKATHON: dict[str, Any] = {
    "title": "Open-Data-Hackday Aachen",
    "description": "Ein Tag, offene Daten der Stadt Aachen und eure Ideen: Studierende, "
    "Schüler:innen und Senior:innen bauen gemeinsam Anwendungen für ihre Stadt.",
    "place": "OecherLab, Aachen",
    "target_groups": ["Studierende", "Schüler:innen", "Senior:innen"],
    "rubric": [
        {"name": "Nutzen für Aachen", "weight": 2},
        {"name": "Umsetzung"},
        {"name": "Nutzung offener Daten"},
        {"name": "Präsentation"},
    ],
}
# (title, description, dataset_url)
DEMO_CHALLENGES = (
    (
        "Schatten für heiße Tage",
        "Wo spenden Straßenbäume Schatten, wo fehlen welche? Macht das Baumkataster nutzbar.",
        "https://offenedaten.aachen.de/dataset/baumkataster-aachen",
    ),
    (
        "Barrierefrei durch die Innenstadt",
        "Wege ohne Stufen und Kopfsteinpflaster für Rollstuhl, Rollator und Kinderwagen.",
        None,
    ),
    (
        "Digitale Teilhabe im Quartier",
        "Wie finden ältere Menschen digitale Angebote der Stadt – und Hilfe dabei?",
        None,
    ),
)
# (team name, challenge index, members named at the start, project page)
DEMO_TEAMS = (
    (
        "Schattenspender",
        0,
        ["Lena"],
        {
            "title": "Schattenkarte Aachen",
            "summary": "Eine Karte, die zeigt, wo man an heißen Tagen im Schatten gehen kann.",
            "problem": "An heißen Tagen meiden viele den Weg in die Innenstadt.",
            "solution": "Baumkataster und Sonnenstand ergeben schattige Wege zu jeder Stunde.",
            "links": ["https://example.org/schattenkarte"],
            "open_data": True,
        },
    ),
    (
        "Oecher Rollis",
        1,
        ["Sophie", "Jonas", "Herr Kaulen"],
        {
            "title": "Stufenlos Aachen",
            "summary": "Routen durch die Innenstadt ohne Stufen und mit wenig Kopfsteinpflaster.",
            "problem": "Kartendienste kennen Stufen und Pflaster in der Altstadt kaum.",
            "solution": "Gemeinsam erfasste Hindernisse, ein Routenplaner und eine Druckversion.",
            "links": ["https://example.org/stufenlos"],
            "open_data": True,
        },
    ),
    (
        "Silberfüchse",
        2,
        ["Gisela", "Paul", "Emma"],
        {
            "title": "Digitalpat:innen",
            "summary": "Schüler:innen erklären Senior:innen die digitalen Dienste der Stadt.",
            "problem": "Online-Termine im Bürgerservice sind für viele eine Hürde.",
            "solution": "Eine Vermittlung von Pat:innen mit festen Sprechstunden im Quartier.",
            "links": [],
            "open_data": False,
        },
    ),
)
# (team index, name): a second phone that joins that team by its invite code.
JOINER = (0, "Murat")


def deadline(now: datetime | None = None) -> str:
    """The submission deadline: four hours ahead, on the full hour, ISO 8601 with zone."""
    ahead = (now or datetime.now(UTC)) + timedelta(hours=4)
    return ahead.replace(minute=0, second=0, microsecond=0).isoformat()


async def _send(
    http: aiohttp.ClientSession, method: str, url: str, body: Any = None, headers: Any = None
) -> Any:
    async with http.request(method, url, json=body, headers=headers) as r:
        return await r.json()


async def seed_hackathon(public: str, moderator_password: str) -> str | None:
    """Create the demo hackathon unless a hackathon exists; returns the demo hackathon's id (or
    the newest hackathon's when there is no demo one). On every start `demo-jury` is made a juror
    of the demo hackathon again if it is not one (the step most likely to have failed)."""
    api = f"{public}/api/hackathons"
    async with aiohttp.ClientSession(raise_for_status=True) as http:
        login = {"username": "moderator", "password": moderator_password}
        token = (await _send(http, "POST", f"{public}/api/auth/login", login))["access_token"]
        staff = {"Authorization": f"Bearer {token}"}
        items = (await _send(http, "GET", api))["items"]
        demo = [h["id"] for h in items if h["title"] == DEMO_HACKATHON["title"]]
        if items and not demo:
            return items[0]["id"]
        if demo:
            jury = await _send(http, "GET", f"{api}/{demo[0]}/jury", headers=staff)
            if JUROR not in {juror["username"] for juror in jury["items"]}:
                await _send(http, "POST", f"{api}/{demo[0]}/jury", {"username": JUROR}, staff)
            return demo[0]
        spec = {**DEMO_HACKATHON, "submission_deadline": deadline()}
        hackathon_id = (await _send(http, "POST", api, spec, staff))["id"]
        challenges = []
        for title, description, dataset_url in DEMO_CHALLENGES:
            body = {"title": title, "description": description}
            if dataset_url:
                body["dataset_url"] = dataset_url
            path = f"{api}/{hackathon_id}/challenges"
            challenges.append((await _send(http, "POST", path, body, staff))["id"])
        await _send(http, "POST", f"{api}/{hackathon_id}/phase", {"phase": "hacking"}, staff)
        for i, (name, challenge, members, project) in enumerate(DEMO_TEAMS):
            phone = await participant_headers(http, public)
            body = {"name": name, "challenge_id": challenges[challenge], "members": members}
            team = await _send(http, "POST", f"{api}/{hackathon_id}/teams", body, phone)
            await _send(http, "PUT", f"{api}/teams/{team['id']}/project", project, phone)
            if i == JOINER[0]:  # a second phone joins by the team's invite code
                join = {"invite_code": team["invite_code"], "name": JOINER[1]}
                other = await participant_headers(http, public)
                await _send(http, "POST", f"{api}/teams/{team['id']}/join", join, other)
        await _send(http, "POST", f"{api}/{hackathon_id}/jury", {"username": JUROR}, staff)
        return hackathon_id
