"""Settings read from the environment, one class shared by every service."""

from __future__ import annotations

from typing import Any

from pydantic import Field, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared import registry

DEFAULT_FIELDS_OF_ACTION = [
    "Digitale Services und Gesellschaft",
    "Klimaschutz, Energie und Mobilität",
    "Wirtschaft und Technologie",
]


def _address_fields() -> dict[str, Any]:
    """<NAME>_PORT and <NAME>_URL for every service, <WORKER>_PORT for every worker, from the
    registry: a new service needs no settings field of its own."""
    fields: dict[str, Any] = {}
    for entry in registry.SERVICES:
        key = entry.env.lower()
        fields[f"{key}_port"] = (int, entry.port)
        fields[f"{key}_url"] = (str, f"http://127.0.0.1:{entry.port}")
    for _entry, worker in registry.workers():
        fields[f"{worker.env.lower()}_port"] = (int, worker.port)
    return fields


_ServiceAddresses = create_model(  # type: ignore[call-overload]
    "_ServiceAddresses",
    __base__=BaseSettings,
    __config__=None,
    **_address_fields(),
)


class Settings(_ServiceAddresses):  # type: ignore[misc, valid-type]
    """Everything a service needs to know about its surroundings.

    Values come from environment variables of the same name (case-insensitive); lists are JSON.
    """

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu (the embedded broker) rejects InitProducerId; a real Kafka cluster should turn this on.
    kafka_idempotence: bool = False
    # Lets several test runs share one broker without seeing each other's messages.
    topic_prefix: str = ""
    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true&retryWrites=false"
    mongodb_db_prefix: str = "oecherlab_"

    host: str = "127.0.0.1"
    # The gateway's public port; each service's <NAME>_PORT and <NAME>_URL and each worker's
    # internal <WORKER>_PORT (/healthz, /readyz, /metrics) come from shared/registry.py.
    port: int = registry.GATEWAY_PORT
    # The gateway's operator port (/metrics): internal, never the public origin.
    gateway_internal_port: int = 8090
    # Where other services reach that port (empty: 127.0.0.1 and GATEWAY_INTERNAL_PORT).
    gateway_internal_url: str = ""
    public_url: str = "http://127.0.0.1:8080"
    # Comma-separated services the gateway routes to and waits for in /readyz (all by default).
    gateway_services: str = ",".join(registry.names())
    # Comma-separated staff accounts the gateway's /readyz waits for (the dev stack's demo
    # accounts); empty in production, where accounts are made by an admin.
    ready_accounts: str = ""

    jwt_issuer: str = "oecherlab-gateway"
    jwt_audience: str = "oecherlab"
    jwks_url: str = "http://127.0.0.1:8080/api/auth/jwks"
    key_dir: str = "var/keys"
    access_token_ttl_s: int = 8 * 3600
    participant_token_ttl_s: int = 30 * 24 * 3600
    # Work factor of the proof of work for a participant token (ALTCHA v2 PBKDF2 iterations per
    # attempt, about 256 attempts): 2,000 costs a mid-range phone about 0.3 s; tests use 10.
    participant_pow_cost: int = Field(default=2000, ge=1, le=1_000_000)
    # A workshop session without any activity (join, vote, moderator action) for this long ends
    # by itself, so its join code does not stay valid for ever.
    session_max_idle_s: int = Field(default=24 * 3600, ge=1)
    # Retention (DSGVO Art. 5(1)(e)): a workshop's individual votes and its list of members are
    # deleted this long after the session ended; its tallies (counts, no one's) are kept.
    retention_votes_days: float = Field(default=30, ge=0)
    # The secret key of the per-session pseudonyms of workshop votes (services/voting/
    # pseudonyms.py); the same on every voting instance. Empty: derived from config (demo only).
    pseudonym_key: str = ""

    fields_of_action: list[str] = Field(default_factory=lambda: list(DEFAULT_FIELDS_OF_ACTION))
    # Rough bounding box of the StädteRegion Aachen: south, west, north, east.
    region_bbox: tuple[float, float, float, float] = (50.55, 5.90, 50.98, 6.45)

    idea_burst: int = 5
    idea_refill_per_s: float = 1 / 60
    comment_burst: int = 10
    comment_refill_per_s: float = 1 / 20
    # Supports (and taking them back): a citizen browsing the wall supports many ideas in a row.
    support_burst: int = 20
    support_refill_per_s: float = 1.0

    # Exhibitions: one rating per kiosk tablet per this many seconds (against button mashing);
    # a kiosk token's lifetime; an alert when the last `window` ratings of an exhibit average
    # `drop` below the ones before (of which there must be `min_usual`).
    kiosk_interval_s: float = Field(default=5.0, ge=0)
    kiosk_token_ttl_s: int = Field(default=365 * 24 * 3600, ge=60, le=400 * 24 * 3600)
    exhibit_alert_window: int = Field(default=10, ge=2)
    exhibit_alert_drop: float = Field(default=1.0, gt=0)
    exhibit_alert_min_usual: int = Field(default=20, ge=1)
    feedback_burst: int = 10
    feedback_refill_per_s: float = 1 / 6

    # Who runs this installation, for /imprint, /privacy and /accessibility (GET /api/legal).
    # Empty: the page shows "to be filled in by the operator" with the variable's name, so a
    # missing entry is seen before the city signs off, never papered over with a made-up one.
    operator_name: str = ""
    operator_representative: str = ""
    operator_address: str = ""
    operator_email: str = ""
    operator_phone: str = ""
    # Responsible for the content under § 18 (2) MStV.
    content_responsible: str = ""
    dpo_contact: str = ""
    accessibility_contact: str = ""
    # Processors under Art. 28 GDPR (hosting, operations), or "keine / none".
    data_processors: str = ""
    # Defaults for a public body in North Rhine-Westphalia (the lab is Aachen's).
    supervisory_authority: str = (
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW), "
        "Kavalleriestraße 2–4, 40213 Düsseldorf, poststelle@ldi.nrw.de, https://www.ldi.nrw.de"
    )
    enforcement_body: str = (
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen "
        "bei der Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung "
        "(§§ 10d, 10e BGG NRW, §§ 9 ff. BITV NRW), https://www.lbbp.nrw.de/ombudsstelle"
    )

    log_level: str = "INFO"

    def port_of(self, name: str) -> int:
        """The port a service or worker (registry name) listens on."""
        return int(getattr(self, f"{name.replace('-', '_')}_port"))

    def url_of(self, name: str) -> str:
        """Where the gateway and the tests reach a service (registry name)."""
        return str(getattr(self, f"{name.replace('-', '_')}_url"))

    def gateway_internal(self) -> str:
        """The gateway's internal address, for services asking it (jury accounts)."""
        return self.gateway_internal_url or f"http://127.0.0.1:{self.gateway_internal_port}"

    def gateway_routes(self) -> tuple[str, ...]:
        """The services this gateway routes to (GATEWAY_SERVICES)."""
        return tuple(s.strip() for s in self.gateway_services.split(",") if s.strip())

    def topic(self, name: str) -> str:
        """The broker-side name of one of the contract's topics."""
        return f"{self.topic_prefix}{name}"

    def database(self, service: str) -> str:
        """The MongoDB database a service owns."""
        return f"{self.mongodb_db_prefix}{service}"
