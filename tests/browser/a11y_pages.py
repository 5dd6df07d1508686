"""Every page a person uses, as the reflow, keyboard and live-region tests open it: its path
(with {placeholders} the scene fills in, a11y_scene.py), viewport, the element that shows its
data has arrived, its main controls (which must stay in reach when it reflows), its kind and the
sign-in it needs. Picked from the registry's page routes and the gateway's own pages (as
test_legal_pages.py lists them), some in more than one state."""

from __future__ import annotations

from dataclasses import dataclass

from tests.browser.helpers import LAPTOP, PHONE, SCREEN


@dataclass(frozen=True)
class Page:
    """A page as a person reaches it. `kind`: "phone" (a citizen's or visitor's page, also the
    kiosk tablet and the legal pages), "console" (staff) or "screen" (the lab's large displays);
    `sign_in`: "moderator", "jury", "phone" (a device that took part) or "kiosk"."""

    path: str
    viewport: dict[str, int]
    ready: str
    controls: tuple[str, ...] = ()
    kind: str = "phone"
    sign_in: str | None = None


PAGES = {
    "citizen-browse": Page("/", PHONE, "#ideas-list > li", ("#ideas-list a",)),
    "citizen-submit": Page("/#/submit", PHONE, "#idea-form", ("#idea-form .btn",)),
    "citizen-detail": Page("/#/ideas/{idea}", PHONE, "#support-toggle", ("#support-toggle",)),
    "citizen-mine": Page("/#/mine", PHONE, "#mine-count:not(:empty)", sign_in="phone"),
    "me": Page("/me", PHONE, "#me-data:not([hidden]), #me-none:not([hidden])", sign_in="phone"),
    "join": Page("/join", PHONE, "#join-form", ("#join-code", "#join-submit")),
    "join-poll": Page("/join?code={code}", PHONE, "#poll-q", ("#poll-area .btn",)),
    "exhibit": Page("/exhibit/{exhibit_code}", PHONE, "#x-title", ("#x-options label", "#x-send")),
    "hackathon": Page("/hackathon/{hackathon}", PHONE, "#hk-board tbody tr"),
    "kiosk": Page(
        "/kiosk/exhibit/{exhibit}", LAPTOP, "#k-title:not(:empty)", (".k-rate",), sign_in="kiosk"
    ),
    "moderate": Page(
        "/moderate",
        LAPTOP,
        "#all-list > li",
        ("#queue-refresh", "#all-list .btn"),
        "console",
        "moderator",
    ),
    "workshop": Page(
        "/workshop?session={session}",
        LAPTOP,
        "#poll-list .v-poll-item",
        ("#next-poll", "#poll-list .btn"),
        "console",
        "moderator",
    ),
    "exhibitions": Page(
        "/exhibitions?exhibition={exhibition}",
        LAPTOP,
        "#exhibit-list > li",
        ("#exhibition-close", "#exhibit-list .btn"),
        "console",
        "moderator",
    ),
    "hackathons": Page(
        "/hackathons?hackathon={hackathon}",
        LAPTOP,
        "#h-hackathon:not(:empty)",
        ("#link-screen", "#audience-start"),
        "console",
        "moderator",
    ),
    "jury": Page(
        "/jury",
        LAPTOP,
        "#jury-form fieldset",
        ("#jury-list button", "#jury-form .btn"),
        "console",
        "jury",
    ),
    "screen-ideas": Page("/screen/ideas", SCREEN, "#wall-list > li", ("#wall-qr",), "screen"),
    "screen-session": Page(
        "/screen/session/{session}", SCREEN, "#s-chart .v-bar-row", ("#s-qr", "#s-code"), "screen"
    ),
    "screen-exhibition": Page(
        "/screen/exhibition/{exhibition}", SCREEN, ".xs-card", (".xs-qr",), "screen"
    ),
    "screen-hackathon": Page(
        "/screen/hackathon/{hackathon}", SCREEN, "#hs-board tbody tr", kind="screen"
    ),
    "privacy": Page("/privacy", PHONE, "main h2"),
    "accessibility": Page("/accessibility", PHONE, "#barrier-form", ("#barrier-form .btn",)),
    "imprint": Page("/imprint", PHONE, "main h2"),
}
PAGE_NAMES = list(PAGES)
