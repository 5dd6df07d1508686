"""Browser fixtures: the system's Chromium driven by Playwright, and axe-core for accessibility.

Tests here are plain `def` tests (Playwright's sync API must not run inside an asyncio loop).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, call


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """new_page(viewport=PHONE, local={...}, session={...}) → a page in a fresh context (a device
    of its own), with localStorage / sessionStorage entries planted before the first page load.

    Uncaught JavaScript errors fail the test.
    """
    contexts: list[Any] = []
    errors: list[str] = []

    def make(
        viewport: dict[str, int] = PHONE,
        local: dict[str, str] | None = None,
        session: dict[str, str] | None = None,
        **options: Any,
    ) -> Any:
        context = browser.new_context(viewport=viewport, locale="de-DE", **options)
        contexts.append(context)
        if local or session:
            context.add_init_script(
                "(([local, session]) => { try {"
                # Only once: what the page itself stores later (a logout) must survive a reload.
                " for (const [k, v] of Object.entries(local))"
                "   if (localStorage.getItem(k) === null) localStorage.setItem(k, v);"
                " if (sessionStorage.getItem('planted') === null) {"
                "   sessionStorage.setItem('planted', '1');"
                "   for (const [k, v] of Object.entries(session)) sessionStorage.setItem(k, v);"
                " }"
                " } catch { /* about:blank has no storage */ }"
                f"}})({json.dumps([local or {}, session or {}])});"
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the page:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def moderator_token(running_stack: Any) -> str:
    """One login for the whole run (logins are rate limited per user name)."""
    status, answer = call(
        running_stack.url,
        "POST",
        "/api/auth/login",
        {"username": "moderator", "password": running_stack.moderator_password},
    )
    assert status == 200, answer
    return answer["access_token"]
