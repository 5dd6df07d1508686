"""The legal pages (/privacy, /accessibility, /imprint) in German and English without serious
axe-core violations or untranslated keys; the footer links to them on every page; a barrier
reported with the statement's form reaches the moderator console and is marked done there."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from services.gateway.pages import GATEWAY_PAGES
from shared import registry
from tests.browser.helpers import (
    LAPTOP,
    PHONE,
    SCREEN,
    format_violations,
    moderator_session,
    scroll_into_view,
    serious_violations,
)

TITLES = {
    "/privacy": ("Datenschutzerklärung", "Privacy notice"),
    "/accessibility": ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
    "/imprint": ("Impressum", "Imprint"),
}
PLACEHOLDER = {"de": "wird vom Betreiber eingetragen", "en": "to be filled in by the operator"}
# A text that is a bare catalogue key ("legal.privacy.title") was not translated.
KEY_SHAPED = re.compile(r"^(?:legal|barrier)\.[\w.]+$")


def _untranslated(page: Any) -> list[str]:
    texts = page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.children.length === 0).map(e => e.textContent.trim())"
    )
    return [t for t in texts if KEY_SHAPED.match(t)]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", list(TITLES))
def test_legal_pages_read_in_both_languages_without_serious_violations(
    path: str, lang: str, running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"{running_stack.url}{path}?lang={lang}")
    title = TITLES[path][0 if lang == "de" else 1]
    expect(page.locator("main h2").first).to_have_text(title)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    # The operator's details have arrived: the unconfigured ones say so, in the page's language.
    expect(page.locator(".legal-missing").first).to_contain_text(PLACEHOLDER[lang])
    expect(page.locator(".skip-link")).to_have_count(1)
    assert _untranslated(page) == []
    name = path.strip("/")
    page.screenshot(path=artifacts / f"legal-{name}-{lang}.png", full_page=True)
    violations = serious_violations(page)
    assert not violations, format_violations(violations)


def _page_routes() -> list[str]:
    """Every page route of the registry (placeholders filled with an id nobody has) and the
    gateway's own pages."""
    routes = [re.sub(r"\{\w+\}", "nicht-da", route) for route in registry.pages()]
    return routes + list(GATEWAY_PAGES)


@pytest.mark.parametrize("path", _page_routes())
def test_every_page_links_to_the_legal_pages(path: str, running_stack: Any, new_page: Any) -> None:
    screen = path.startswith("/screen/")
    page = new_page(viewport=SCREEN if screen else PHONE)
    page.goto(running_stack.url + path)
    footer = page.locator("footer .legal-links")
    expect(footer).to_have_count(1)
    for target in ("/privacy", "/accessibility", "/imprint"):
        link = footer.locator(f"a[href^='{target}']").first
        expect(link).to_be_visible()
        scroll_into_view(link)
        href = link.get_attribute("href") or ""
        if path not in GATEWAY_PAGES:
            assert f"from={path.replace('/', '%2F')}" in href, href
    if screen:
        # Small, out of the way: one line in a corner of the big screen.
        box = page.locator("footer.legal-footer").bounding_box()
        assert box and box["height"] <= SCREEN["height"] * 0.05, box
    else:
        # Reachable with the keyboard as well: tabbing forward arrives at the links.
        page.locator("footer a").last.focus()
        expect(page.locator("footer a").last).to_be_focused()


def test_a_kiosk_tablet_finds_its_way_back_from_a_legal_page(
    running_stack: Any, new_page: Any
) -> None:
    page = new_page(viewport=LAPTOP)
    page.goto(running_stack.url + "/kiosk/exhibit/nicht-da")
    page.locator("footer").get_by_role("link", name="Impressum").click()
    expect(page).to_have_url(re.compile(r"/imprint\?from=%2Fkiosk%2Fexhibit%2Fnicht-da$"))
    back = page.get_by_role("link", name="← Zurück zur vorherigen Seite")
    expect(back).to_have_attribute("href", "/kiosk/exhibit/nicht-da")
    # The footer of the legal page keeps the way back for the next legal page.
    privacy = page.locator("footer").get_by_role("link", name="Datenschutz")
    expect(privacy).to_have_attribute("href", "/privacy?from=%2Fkiosk%2Fexhibit%2Fnicht-da")
    back.click()
    expect(page).to_have_url(re.compile(r"/kiosk/exhibit/nicht-da$"))


def test_a_reported_barrier_reaches_the_moderators(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    phone = new_page(viewport=PHONE)
    phone.goto(base + "/join")
    phone.locator("footer").get_by_role("link", name="Barriere melden").click()
    expect(phone).to_have_url(re.compile(r"/accessibility\?from=%2Fjoin#report$"))
    expect(phone.get_by_label("Seite, auf der die Barriere auftrat")).to_have_value("/join")

    # Empty, it is refused at the field, without a request.
    phone.get_by_role("button", name="Meldung senden").click()
    description = phone.get_by_label("Was hat nicht funktioniert?")
    expect(description).to_be_focused()
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#barrier-description-error")).to_have_text(
        "Bitte beschreiben Sie die Barriere."
    )
    phone.screenshot(path=artifacts / "legal-report-error.png", full_page=True)
    violations = serious_violations(phone)
    assert not violations, format_violations(violations)

    text = f"Der Beitreten-Knopf ist mit dem Screenreader nicht zu finden ({time.time_ns()})."
    description.fill(text)
    phone.get_by_label("Kontakt (optional)").fill("leser@example.org")
    phone.get_by_role("button", name="Meldung senden").click()
    thanks = phone.locator("#barrier-result")
    expect(thanks).to_contain_text("Danke! Ihre Meldung ist eingegangen.")
    expect(thanks).to_be_focused()
    expect(description).to_have_value("")
    phone.screenshot(path=artifacts / "legal-report-sent.png", full_page=True)

    console = new_page(viewport=LAPTOP, session=moderator_session(moderator_token))
    console.goto(base + "/moderate#barriers")
    item = console.locator("#barriers-list > li").filter(has_text=text)
    expect(item).to_be_visible()
    expect(item).to_contain_text("/join")
    expect(item).to_contain_text("Kontakt: leser@example.org")
    item.scroll_into_view_if_needed()
    console.screenshot(path=artifacts / "legal-moderate-barriers.png", full_page=True)
    violations = serious_violations(console)
    assert not violations, format_violations(violations)
    item.get_by_role("button", name="Erledigt").click()
    expect(console.locator("#feedback-text")).to_have_text("Die Meldung ist als erledigt markiert.")
    expect(item).to_have_count(0)
