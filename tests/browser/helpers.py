"""Helpers of the browser tests: axe-core, the HTTP API for setting the scene, stored sessions."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from devstack.pow import mint_participant_sync

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 900}
SCREEN = {"width": 1920, "height": 1080}


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its serious and critical violations, shortened."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids
        # inline scripts (add_script_tag), and it stays on, so the tests see what users get.
        page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def format_violations(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False)


def assert_no_serious_violations(page: Any) -> None:
    """axe finds nothing serious or critical on the page as it is now."""
    violations = serious_violations(page)
    assert not violations, format_violations(violations)


def assert_no_sideways_overflow(page: Any) -> None:
    """Nothing on the page sticks out to the right (a phone would have to scroll sideways)."""
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > innerWidth + 1 && e.offsetParent)"
        ".map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))"
    )
    assert wide == [], wide
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


# ---- the HTTP API, for setting the scene ----------------------------------------------------


def scroll_into_view(locator: Any, attempts: int = 20) -> None:
    """Scroll ``locator`` into the viewport and keep it there while the page settles.

    A page that redraws after its data arrives (the kiosk swaps views when its exhibit is
    unknown) can push an element back out after one scroll; scrolling again until it stays
    is what a person does too.
    """
    for _ in range(attempts - 1):
        locator.scroll_into_view_if_needed()
        try:
            expect(locator).to_be_in_viewport(timeout=250)
            return
        except AssertionError:
            continue
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_in_viewport()


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else None


def moderator_session(token: str) -> dict[str, str]:
    """sessionStorage contents of a tab signed in to the staff consoles (/moderate, /workshop)."""
    value = {"token": token, "username": "moderator", "role": "moderator", "expires_at": 9e12}
    return {"oecherlab.staff": json.dumps(value)}


def staff_session(token: str, username: str, role: str) -> dict[str, str]:
    """sessionStorage contents of a tab signed in with any staff account (admin, jury)."""
    value = {"token": token, "username": username, "role": role, "expires_at": 9e12}
    return {"oecherlab.staff": json.dumps(value)}


def participant(base: str) -> tuple[str, dict[str, str]]:
    """A fresh participant token (with the proof of work a phone does) and the localStorage that
    makes a phone use it."""
    token = mint_participant_sync(base)["access_token"]
    stored = {"token": token, "expires_at": 9e12}
    return token, {"oecherlab.participant": json.dumps(stored)}


def fields_of_action(base: str) -> list[str]:
    status, config = call(base, "GET", "/api/config")
    assert status == 200
    return config["fields_of_action"]


# ---- exhibitions: setting the scene for the exhibition pages --------------------------------


def exhibition(
    base: str, token: str, title: str, *exhibits: str, open_: bool = True
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An exhibition with exhibits of these titles (fields of action taken in turn), opened
    unless `open_` is false; returns it and its exhibits."""
    status, made = call(base, "POST", "/api/exhibitions", {"title": title}, token)
    assert status == 201, made
    fields = fields_of_action(base)
    items = []
    for i, name in enumerate(exhibits):
        body = {"title": name, "field": fields[i % len(fields)]}
        status, item = call(base, "POST", f"/api/exhibitions/{made['id']}/exhibits", body, token)
        assert status == 201, item
        items.append(item)
    if open_:
        status, made = call(base, "POST", f"/api/exhibitions/{made['id']}/open", None, token)
        assert status == 200, made
    return made, items


def kiosk_storage(base: str, staff_token: str, exhibit_id: str) -> tuple[str, dict[str, str]]:
    """A kiosk token for the exhibit, set up as staff would, and the localStorage entry that makes
    /kiosk/exhibit/<id> use it."""
    status, answer = call(
        base, "POST", f"/api/exhibitions/exhibits/{exhibit_id}/kiosk", None, staff_token
    )
    assert status == 201, answer
    stored = {"token": answer["access_token"], "kiosk_id": answer["kiosk_id"], "expires_at": 9e12}
    return answer["access_token"], {f"oecherlab.kiosk.{exhibit_id}": json.dumps(stored)}


def give_feedback(
    base: str,
    exhibit_id: str,
    token: str,
    rating: int,
    *,
    comment: str | None = None,
    given_at: str | None = None,
    key: str | None = None,
) -> tuple[int, Any]:
    """POST a rating as a phone (participant token) or a kiosk (kiosk token) would."""
    body: dict[str, Any] = {"rating": rating}
    if comment is not None:
        body["comment"] = comment
    if given_at is not None:
        body["given_at"] = given_at
    path = f"/api/exhibitions/exhibits/{exhibit_id}/feedback"
    return call(base, "POST", path, body, token, {"Idempotency-Key": key} if key else None)


def exhibit_summary(base: str, exhibit_id: str) -> dict[str, Any]:
    status, summary = call(base, "GET", f"/api/exhibitions/exhibits/{exhibit_id}/summary")
    assert status == 200, summary
    return summary
