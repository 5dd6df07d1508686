"""What clients see of sessions, polls and tallies: API answers and live channel states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.voting import session_rules
from services.voting.domain import PollType, effective_status, results_visible

MAX_WORDS_SHOWN = 100


def join_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/join?code={code}"


def poll_view(poll: dict[str, Any], now: datetime, *, moderator: bool = False) -> dict[str, Any]:
    """A poll as phones and screens see it: question, options, settings, status."""
    view = {
        "id": poll["_id"],
        "session_id": poll["session_id"],
        "question": poll["question"],
        "type": poll["type"],
        "options": [{"id": o["id"], "label": o["label"]} for o in poll["options"]],
        "settings": dict(poll["settings"]),
        "status": effective_status(poll, now),
        "revealed": poll["revealed"],
        "results_visible": results_visible(poll),
        "round": poll["round"],
        "opened_at": poll.get("opened_at"),
        "closes_at": poll.get("closes_at"),
    }
    if moderator:
        view["order"] = poll.get("order", 0)
        view["approved_words"] = list(poll.get("approved_words", []))
    return view


def session_view(
    session: dict[str, Any], poll: dict[str, Any] | None, public_url: str, now: datetime
) -> dict[str, Any]:
    """A session with its current poll and whether it takes new members (the session:<id>
    channel carries this, with the counts `joined` and `voted` beside)."""
    return {
        "id": session["_id"],
        "session_id": session["_id"],
        "title": session["title"],
        "join_code": session["join_code"],
        "join_url": join_url(public_url, session["join_code"]),
        "status": session_rules.status(session),
        "locked": session_rules.is_locked(session),
        "ended_at": session.get("ended_at"),
        "current_poll_id": session.get("current_poll"),
        "poll": poll_view(poll, now) if poll else None,
    }


def participant_view(
    members: list[dict[str, Any]],
    votes: list[dict[str, Any]],
    sessions: dict[str, dict[str, Any] | None],
    polls: dict[str, dict[str, Any] | None],
) -> dict[str, Any]:
    """GET /api/voting/me: one participant's memberships and votes (every round, so a vote
    given before a reset is listed too), with their sessions' titles and polls' questions by
    id (None when one is gone). `at` is when the vote's current choice was stored."""
    no_doc: dict[str, Any] = {}
    return {
        "service": "voting",
        "memberships": [
            {
                "session_id": m["session_id"],
                "session_title": (sessions.get(m["session_id"]) or no_doc).get("title"),
                "joined_at": m["joined_at"],
            }
            for m in members
        ],
        "votes": [
            {
                "poll_id": v["poll_id"],
                "question": (polls.get(v["poll_id"]) or no_doc).get("question"),
                "type": (polls.get(v["poll_id"]) or no_doc).get("type"),
                "round": v["round"],
                "choice": v["choice"],
                "at": v["updated_at"],
            }
            for v in votes
        ],
    }


def results(
    poll: dict[str, Any], tally: dict[str, Any] | None, now: datetime, *, moderator: bool
) -> dict[str, Any]:
    """The contract's results document; counts only for moderators or when results are visible."""
    counts: dict[str, int] = (tally or {}).get("counts", {})
    voters = (tally or {}).get("voters", 0)
    kind = PollType(poll["type"])
    out: dict[str, Any] = {
        "poll_id": poll["_id"],
        "session_id": poll["session_id"],
        "question": poll["question"],
        "type": kind.value,
        "status": effective_status(poll, now),
        "revealed": poll["revealed"],
        "results_visible": results_visible(poll),
        "round": poll["round"],
        "voters": voters,
        "closes_at": poll.get("closes_at"),
    }
    show = moderator or results_visible(poll)
    out["counts_shown"] = show
    if kind == PollType.SCALE:
        s = poll["settings"]
        out.update(min=s["min"], max=s["max"], min_label=s["min_label"], max_label=s["max_label"])
        values = range(s["min"], s["max"] + 1)
        out["options"] = [
            {"id": str(v), "label": str(v), **({"count": counts.get(f"v:{v}", 0)} if show else {})}
            for v in values
        ]
        if show:
            out["mean"] = round(counts.get("sum", 0) / voters, 2) if voters else None
            out["distribution"] = {str(v): counts.get(f"v:{v}", 0) for v in values}
        return out
    if kind == PollType.WORDCLOUD:
        out["options"] = []
        if show:
            out.update(_words(poll, counts, moderator))
        return out
    options = []
    for o in poll["options"]:
        item: dict[str, Any] = {"id": o["id"], "label": o["label"]}
        if show:
            item["count"] = counts.get(f"c:{o['id']}", 0)
            if kind == PollType.POINTS:
                item["points"] = counts.get(f"p:{o['id']}", 0)
            elif kind == PollType.RANKING:
                item["borda"] = counts.get(f"p:{o['id']}", 0)
                item["first"] = item["count"]
        options.append(item)
    out["options"] = options
    if show and kind == PollType.POINTS:
        out["budget"] = poll["settings"]["budget"]
    if show and kind == PollType.RANKING:
        ranked = sorted(options, key=lambda i: (-i["borda"], i["id"]))
        out["ranking"] = [i["id"] for i in ranked]
    return out


def _words(poll: dict[str, Any], counts: dict[str, int], moderator: bool) -> dict[str, Any]:
    approved = set(poll.get("approved_words", []))
    words = sorted(
        ((k[2:], v) for k, v in counts.items() if k.startswith("w:") and v > 0),
        key=lambda kv: (-kv[1], kv[0]),
    )
    if moderator:
        shown = [{"word": w, "count": c, "approved": w in approved} for w, c in words]
        return {
            "words": shown[:MAX_WORDS_SHOWN],
            "pending": sum(1 for w, _ in words if w not in approved),
        }
    return {"words": [{"word": w, "count": c} for w, c in words if w in approved][:MAX_WORDS_SHOWN]}


def poll_channel_state(
    poll: dict[str, Any], tally: dict[str, Any] | None, now: datetime, *, moderator: bool
) -> dict[str, Any]:
    """poll:<id> (public) and poll:<id>:moderator: a full state, enough to draw the screen."""
    return results(poll, tally, now, moderator=moderator)
