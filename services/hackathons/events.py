"""The events of the hackathons context as CloudEvents on hackathons.events.

Every event is keyed by its hackathon, so one hackathon's events stay in order. The types
(de.oecherlab.hackathons.<kind>) are a public contract (README "Events"); the data carries the
hackathon id and the changed thing as the API shows it (views.py), never a participant id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.events import CloudEvent

SOURCE = "/oecherlab/hackathons"
EVENT_PREFIX = "de.oecherlab.hackathons."
KINDS = (
    "hackathon.created",
    "hackathon.phase_changed",
    "challenge.added",
    "team.created",
    "team.joined",
    "team.left",
    "team.removed",
    "project.updated",
    "juror.assigned",
    "juror.removed",
    "score.given",
    "conflict.declared",
    "audience_vote.started",
    "results.revealed",
)


@dataclass(frozen=True)
class HackathonEvent:
    """Something that happened in one hackathon: `kind` (one of KINDS), about `subject` (a
    part of the hackathon, else the hackathon itself)."""

    kind: str
    hackathon_id: str
    data: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")

    def to_cloud_event(self) -> CloudEvent:
        """The CloudEvent as it goes out on hackathons.events."""
        return CloudEvent(
            source=SOURCE,
            type=EVENT_PREFIX + self.kind,
            subject=self.subject or self.hackathon_id,
            data={"hackathon_id": self.hackathon_id, **self.data},
        )
