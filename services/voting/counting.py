"""Tally arithmetic, free of I/O: what one vote contributes, deltas keyed by version, recounts.

A tally is a map of counters plus the number of voters. Counter keys:
  c:<option>  voters who chose the option (ranking: first places; points: voters giving points)
  p:<option>  points (points) or Borda score (ranking)
  v:<value>   voters who chose a scale value; `sum` the sum of scale values
  w:<term>    voters who gave a word-cloud term
Keys never contain "." or "$", so they are safe MongoDB field names under `counts.`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from services.voting.domain import PollType

Contribution = dict[str, int]


def borda(ranking: list[str]) -> dict[str, int]:
    """Borda points of a full ranking of n options: n-1 for the first, …, 0 for the last."""
    n = len(ranking)
    return {option: n - 1 - i for i, option in enumerate(ranking)}


def contribution(kind: str, choice: Any) -> Contribution:
    """The counters one vote adds to its poll's tally."""
    kind = PollType(kind)
    if choice is None:
        return {}
    if kind == PollType.SINGLE:
        return {f"c:{choice}": 1}
    if kind == PollType.MULTIPLE:
        return {f"c:{c}": 1 for c in choice}
    if kind == PollType.SCALE:
        return {f"v:{choice}": 1, "sum": int(choice)}
    if kind == PollType.WORDCLOUD:
        return {f"w:{choice}": 1}
    if kind == PollType.POINTS:
        out: Contribution = {}
        for option, pts in choice.items():
            if pts:
                out[f"c:{option}"] = 1
                out[f"p:{option}"] = int(pts)
        return out
    out = {f"p:{option}": pts for option, pts in borda(choice).items()}
    out[f"c:{choice[0]}"] = 1
    return out


def delta(old: Contribution, new: Contribution) -> Contribution:
    """new - old, without zero entries."""
    keys = set(old) | set(new)
    diff = {k: new.get(k, 0) - old.get(k, 0) for k in keys}
    return {k: v for k, v in diff.items() if v}


@dataclass(frozen=True)
class VoteChange:
    """A stored vote's new state as the tally sees it: which vote, which version, what it adds."""

    event_id: str
    vote_id: str
    tally_id: str
    version: int
    contribution: Contribution
    # The vote was deleted (its participant's data erased): what it counted is dropped.
    withdrawn: bool = False


@dataclass
class TallyDelta:
    counts: Counter = field(default_factory=Counter)
    voters: int = 0

    @property
    def empty(self) -> bool:
        return self.voters == 0 and not any(self.counts.values())


Applied = dict[str, tuple[int, Contribution]]  # vote id -> (version, contribution counted)
# What `applied` holds for a withdrawn vote until the batch is written (then it is deleted).
WITHDRAWN: Contribution = {}


def fold(applied: Applied, changes: Iterable[VoteChange]) -> dict[str, TallyDelta]:
    """Apply vote changes to `applied` (in place) and return the tally deltas they cause.

    A change counts only when its version is newer than the one already counted for its vote,
    and it replaces what was counted for that vote: a replayed, duplicated or overtaken change
    adds nothing, and the order in which changes arrive does not matter.

    A withdrawal takes back what was counted for its vote, the voter included; `applied` then
    holds the vote at the withdrawal's version with nothing counted, and VotingStore.count
    deletes that record.
    """
    deltas: dict[str, TallyDelta] = {}
    for ch in changes:
        seen = applied.get(ch.vote_id)
        if seen is not None and seen[0] >= ch.version:
            continue
        d = deltas.setdefault(ch.tally_id, TallyDelta())
        d.counts.update(delta(seen[1] if seen else {}, ch.contribution))
        if ch.withdrawn:
            d.voters -= 1 if seen is not None and seen[1] is not WITHDRAWN else 0
            applied[ch.vote_id] = (ch.version, WITHDRAWN)
            continue
        if seen is None or seen[1] is WITHDRAWN:
            d.voters += 1
        applied[ch.vote_id] = (ch.version, ch.contribution)
    return deltas


def recount(kind: str, choices: Iterable[Any]) -> tuple[dict[str, int], int]:
    """Counters and voters computed from scratch from the stored votes' choices."""
    counts: Counter = Counter()
    voters = 0
    for choice in choices:
        counts.update(contribution(kind, choice))
        voters += 1
    return {k: v for k, v in counts.items() if v}, voters
