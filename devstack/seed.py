"""Demo data: a dozen German ideas, through the real API (the staff accounts: accounts.py)."""

from __future__ import annotations

import aiohttp

from devstack.pow import participant_headers

KLIMA = "Klimaschutz, Energie und Mobilität"
DIGITAL = "Digitale Services und Gesellschaft"
WIRTSCHAFT = "Wirtschaft und Technologie"

# (title, body, field, location, status after moderation, official answer)
DEMO_IDEAS = [
    (
        "Mehr Bäume auf dem Templergraben",
        "Der Templergraben heizt sich im Sommer stark auf. Zusätzliche Straßenbäume würden "
        "Schatten spenden und das Stadtklima verbessern.",
        KLIMA,
        (50.7780, 6.0780),
        "in_review",
        "Das Grünflächenamt prüft derzeit geeignete Standorte entlang des Templergrabens.",
    ),
    (
        "Geschützter Radweg auf der Jülicher Straße",
        "Zwischen Bahnhof Rothe Erde und Europaplatz fehlt ein sicherer Radweg. Eine bauliche "
        "Trennung vom Autoverkehr würde viele zum Umsteigen bewegen.",
        KLIMA,
        (50.7840, 6.1050),
        "published",
        None,
    ),
    (
        "Digitale Bürgersprechstunde",
        "Eine monatliche Online-Sprechstunde mit der Verwaltung, damit auch Berufstätige Fragen "
        "stellen können, ohne ins Rathaus zu kommen.",
        DIGITAL,
        None,
        "implemented",
        "Seit Oktober gibt es jeden ersten Dienstag im Monat eine digitale Sprechstunde.",
    ),
    (
        "Freies WLAN am Elisenbrunnen",
        "Touristinnen und Touristen sowie Studierende würden sich über kostenloses WLAN rund "
        "um den Elisenbrunnen freuen.",
        DIGITAL,
        (50.7745, 6.0868),
        "published",
        None,
    ),
    (
        "Sensoren für freie Parkplätze im Frankenberger Viertel",
        "Parkplatzsuche verursacht viel Verkehr. Sensoren und eine App könnten freie Plätze "
        "anzeigen.",
        WIRTSCHAFT,
        (50.7700, 6.1000),
        "rejected",
        "Die Anwohnerparkzonen werden neu geordnet; Sensoren sind daher vorerst nicht geplant.",
    ),
    (
        "Repair-Café im OecherLab",
        "Einmal im Monat Elektrogeräte gemeinsam reparieren statt wegwerfen – mit Unterstützung "
        "von Studierenden der RWTH.",
        WIRTSCHAFT,
        None,
        "published",
        None,
    ),
    (
        "Solaranlagen auf Schuldächern",
        "Die Dächer städtischer Schulen bieten viel Fläche für Photovoltaik. Schülerinnen und "
        "Schüler könnten die Erträge live verfolgen.",
        KLIMA,
        None,
        "published",
        None,
    ),
    (
        "Offene Daten zum Busverkehr",
        "Echtzeitdaten der ASEAG als Open Data, damit Entwicklerinnen und Entwickler eigene "
        "Anwendungen bauen können.",
        DIGITAL,
        None,
        "published",
        None,
    ),
    (
        "Startup-Sprechstunde für Gründerinnen",
        "Eine feste Anlaufstelle in der Innenstadt, die Gründerinnen bei Förderanträgen und "
        "Netzwerken unterstützt.",
        WIRTSCHAFT,
        None,
        "published",
        None,
    ),
    (
        "Trinkbrunnen in der Innenstadt",
        "An heißen Tagen fehlen öffentliche Trinkbrunnen, zum Beispiel am Markt und am "
        "Kaiserplatz.",
        KLIMA,
        (50.7760, 6.0838),
        "submitted",
        None,
    ),
    (
        "Digitale Lernwerkstatt für Seniorinnen und Senioren",
        "Ehrenamtliche erklären Smartphones und Online-Dienste der Stadt in kleinen Gruppen.",
        DIGITAL,
        None,
        "submitted",
        None,
    ),
    (
        "Lastenräder zum Ausleihen in jedem Stadtteil",
        "Lastenräder, die man per App ausleihen kann, ersetzen viele kurze Autofahrten.",
        KLIMA,
        None,
        "submitted",
        None,
    ),
]


async def seed_ideas(public: str, moderator_password: str) -> int:
    """Submit and moderate the demo ideas through the API, unless ideas exist already."""
    async with aiohttp.ClientSession(raise_for_status=True) as http:
        async with http.post(
            f"{public}/api/auth/login",
            json={"username": "moderator", "password": moderator_password},
        ) as r:
            staff = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
        async with http.get(f"{public}/api/ideas", headers=staff) as r:
            if (await r.json())["total"] > 0:
                return 0
        supporters = []
        for _ in range(6):
            supporters.append(await participant_headers(http, public))
        for i, (title, body, field, loc, status, answer) in enumerate(DEMO_IDEAS):
            author = supporters[i % len(supporters)]
            idea_in = {"title": title, "body": body, "field": field}
            if loc:
                idea_in["location"] = {"lat": loc[0], "lon": loc[1]}
            async with http.post(f"{public}/api/ideas", json=idea_in, headers=author) as r:
                idea_id = (await r.json())["id"]
            if status == "submitted":
                continue
            steps = [("published", None)] if status != "published" else []
            steps.append((status, answer))
            if status == "rejected":
                steps = [("rejected", answer)]
            for step, text in steps:
                body_in = {"status": step, **({"answer": text} if text else {})}
                await http.post(f"{public}/api/ideas/{idea_id}/status", json=body_in, headers=staff)
            if status != "rejected":
                for supporter in supporters[: (len(DEMO_IDEAS) - i) % 6 + 1]:
                    await http.put(f"{public}/api/ideas/{idea_id}/support", headers=supporter)
        return len(DEMO_IDEAS)
