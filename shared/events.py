"""The CloudEvents 1.0 envelope every event travels in."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.context import correlation_id


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 JSON document (structured mode).

    `correlationid` is an extension attribute: it lets one follow a request into its events.
    """

    model_config = ConfigDict(extra="allow")

    specversion: str = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    time: str = Field(default_factory=_now)
    subject: str | None = None
    datacontenttype: str = "application/json"
    correlationid: str | None = Field(default_factory=correlation_id.get)
    data: dict[str, Any] = Field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Serialise for a Kafka message value."""
        envelope = self.model_dump(mode="json", exclude={"data"}, exclude_none=True)
        envelope["data"] = self.model_dump(mode="json", include={"data"})["data"]
        return json.dumps(envelope, ensure_ascii=False).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> CloudEvent:
        """Parse a Kafka message value; raises ValueError for anything that is not an event."""
        return cls.model_validate_json(raw)
