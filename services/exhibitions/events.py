"""The events of the exhibitions context and their CloudEvents on exhibitions.events.

The types (de.oecherlab.exhibitions.<kind>) and data members are a public contract (README).
Every event is keyed by its exhibition, so one exhibition's events stay in order. Feedback and
comment events are in events_feedback.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from services.exhibitions.domain import Doc, iso
from shared.events import CloudEvent

SOURCE = "/oecherlab/exhibitions"
EVENT_PREFIX = "de.oecherlab.exhibitions."


@dataclass(frozen=True)
class ExhibitionsEvent:
    """Something that happened in one exhibition."""

    KIND: ClassVar[str]
    exhibition_id: str

    def subject(self) -> str:
        """What the event is about (the exhibition unless a part of it)."""
        return self.exhibition_id

    def data(self) -> dict[str, Any]:
        """The data members."""
        return {"exhibition_id": self.exhibition_id}

    def to_cloud_event(self) -> CloudEvent:
        """The CloudEvent as it goes out on exhibitions.events."""
        return CloudEvent(
            source=SOURCE, type=EVENT_PREFIX + self.KIND, subject=self.subject(), data=self.data()
        )


@dataclass(frozen=True)
class ExhibitionChanged(ExhibitionsEvent):
    """An exhibition as it is after the change."""

    exhibition: Doc

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        e = self.exhibition
        return {
            "exhibition_id": e["_id"],
            "exhibition": {
                "id": e["_id"],
                "title": e["title"],
                "description": e["description"],
                "status": e["status"],
                "created_at": iso(e["created_at"]),
                "updated_at": iso(e["updated_at"]),
            },
        }


class ExhibitionCreated(ExhibitionChanged):
    """A new exhibition (a draft)."""

    KIND: ClassVar[str] = "exhibition.created"


class ExhibitionOpened(ExhibitionChanged):
    """The exhibition takes feedback."""

    KIND: ClassVar[str] = "exhibition.opened"


class ExhibitionClosed(ExhibitionChanged):
    """The exhibition takes no more feedback."""

    KIND: ClassVar[str] = "exhibition.closed"


@dataclass(frozen=True)
class ExhibitCreated(ExhibitionsEvent):
    """A new exhibit with its code."""

    KIND: ClassVar[str] = "exhibit.created"
    exhibit: Doc

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.exhibit["_id"]

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        x = self.exhibit
        fields = ("title", "field", "description", "code")
        exhibit = {"id": x["_id"], "exhibition_id": x["exhibition_id"], **{k: x[k] for k in fields}}
        return {"exhibition_id": self.exhibition_id, "exhibit": exhibit}


@dataclass(frozen=True)
class KioskRevoked(ExhibitionsEvent):
    """Every kiosk of an exhibit stopped working (`revoked` of them were active)."""

    KIND: ClassVar[str] = "kiosk.revoked"
    exhibit_id: str
    revoked: int

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.exhibit_id

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        return {**super().data(), "exhibit_id": self.exhibit_id, "revoked": self.revoked}


@dataclass(frozen=True)
class AlertEvent(ExhibitionsEvent):
    """An exhibit's recent ratings dropped clearly (raised) or recovered (cleared)."""

    exhibit_id: str
    figures: dict[str, Any]

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.exhibit_id

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        return {**super().data(), "exhibit_id": self.exhibit_id, **self.figures}


class AlertRaised(AlertEvent):
    """A clear drop: `figures` are the means, the exhibit's title and `raised_at`."""

    KIND: ClassVar[str] = "alert.raised"


class AlertCleared(AlertEvent):
    """The recent mean recovered: `figures` are the means now and when it was raised."""

    KIND: ClassVar[str] = "alert.cleared"
