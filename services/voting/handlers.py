"""One method per moderator command: load, apply the domain rules, save with the event, project.

Votes go through the group commit (groupcommit.py); everything here is rare and written singly.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession

from services.voting import domain, session_rules, views
from services.voting.domain import DomainError, PollType
from services.voting.groupcommit import SOURCE
from services.voting.storage import VotingStore
from shared.events import CloudEvent
from shared.mongo import in_transaction
from shared.outbox import Outbox

EVENT_PREFIX = "de.oecherlab.voting."
POLL_CACHE_S = 1.0


def now_ms() -> datetime:
    # Millisecond precision: what MongoDB stores, so memory and the database agree.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def not_found(what: str) -> DomainError:
    de = {"session": "Diesen Workshop gibt es nicht.", "poll": "Diese Umfrage gibt es nicht."}
    return DomainError(f"There is no {what} with this id.", de[what], "not-found")


class VotingService:
    """Sessions and polls. Each change is stored with its event on voting.events."""

    def __init__(
        self,
        *,
        client: AsyncMongoClient,
        store: VotingStore,
        outbox: Outbox,
        topic: str,
        public_url: str,
        on_session_change: Callable[[dict[str, Any], dict[str, Any] | None], None] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.outbox = outbox
        self.topic = topic
        self.public_url = public_url
        self.on_session_change = on_session_change or (lambda _s, _p: None)
        self._poll_cache: dict[str, tuple[float, dict[str, Any]]] = {}

    async def record(self, s: AsyncClientSession, kind: str, key: str, **data: Any) -> None:
        """Add the event `kind` about `key` to the outbox, in the caller's transaction."""
        event = CloudEvent(source=SOURCE, type=EVENT_PREFIX + kind, subject=key, data=data)
        await self.outbox.add(s, self.topic, key, event)

    async def session(self, session_id: str) -> dict[str, Any]:
        session = await self.store.session(session_id)
        if session is None:
            raise not_found("session")
        return session

    async def poll(self, poll_id: str) -> dict[str, Any]:
        poll = await self.store.poll(poll_id)
        if poll is None:
            raise not_found("poll")
        return poll

    async def poll_for_vote(self, poll_id: str) -> dict[str, Any]:
        """The poll, from a cache of about a second: a vote only needs its session, type and
        options here, which never change; status, deadline and round are checked again inside
        the group commit's transaction."""
        now = time.monotonic()
        cached = self._poll_cache.get(poll_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        poll = await self.poll(poll_id)
        if len(self._poll_cache) > 10_000:
            self._poll_cache.clear()
        self._poll_cache[poll_id] = (now + POLL_CACHE_S, poll)
        return poll

    async def current_poll(self, session: dict[str, Any]) -> dict[str, Any] | None:
        pid = session.get("current_poll")
        return await self.store.poll(pid) if pid else None

    async def publish_session(self, session: dict[str, Any]) -> None:
        self.on_session_change(session, await self.current_poll(session))

    async def create_poll(
        self,
        session_id: str,
        question: str,
        kind: PollType,
        labels: list[str] | None,
        settings: dict[str, Any],
    ) -> dict[str, Any]:
        session = await self.session(session_id)
        session_rules.refuse_if_ended(session)
        existing = await self.store.polls_of(session_id)
        poll = domain.new_poll(
            session_id=session_id,
            question=question,
            kind=kind,
            labels=labels,
            settings=settings,
            order=len(existing),
            now=now_ms(),
        )

        async def work(s: AsyncClientSession) -> dict[str, Any]:
            await self.store.polls.insert_one(poll, session=s)
            await self.record(s, "poll.created", poll["_id"], poll=plain_doc(poll))
            if session.get("current_poll") is None:
                return await self._set_current(s, session_id, poll["_id"])
            return session

        updated = await in_transaction(self.client, work)
        self.outbox.committed()
        if updated.get("current_poll") == poll["_id"]:
            self.on_session_change(updated, poll)
        return poll

    async def _set_current(self, s: AsyncClientSession, session_id: str, poll_id: str) -> dict:
        updated = await self.store.sessions.find_one_and_update(
            {"_id": session_id},
            {"$set": {"current_poll": poll_id, "updated_at": now_ms()}, "$inc": {"version": 1}},
            session=s,
            return_document=ReturnDocument.AFTER,
        )
        await self.record(
            s, "session.current_poll_changed", session_id, session_id=session_id, poll_id=poll_id
        )
        return updated

    async def control(self, poll_id: str, action: str) -> dict[str, Any]:
        """open, close, reveal or reset a poll; opening also makes it the session's current poll."""
        poll = await self.poll(poll_id)
        if action in ("open", "reset"):  # an ended workshop's results stay as they are
            session_rules.refuse_if_ended(await self.session(poll["session_id"]))
        changes = domain.control(poll, action, now_ms())
        changes["updated_at"] = now_ms()
        return await self._change_poll(
            poll, changes, f"poll.{_past(action)}", current=action == "open"
        )

    async def _change_poll(
        self, poll: dict[str, Any], changes: dict[str, Any], kind: str, *, current: bool = False
    ) -> dict[str, Any]:
        async def work(s: AsyncClientSession) -> tuple[dict | None, dict | None]:
            updated = await self.store.polls.find_one_and_update(
                {"_id": poll["_id"], "version": poll["version"]},
                {"$set": changes, "$inc": {"version": 1}},
                session=s,
                return_document=ReturnDocument.AFTER,
            )
            if updated is None:
                return None, None
            await self.record(s, kind, poll["_id"], poll=plain_doc(updated))
            session = await self.store.session(poll["session_id"], s)
            if current and session and session.get("current_poll") != poll["_id"]:
                session = await self._set_current(s, poll["session_id"], poll["_id"])
            return updated, session

        updated, session = await in_transaction(self.client, work)
        if updated is None:
            raise DomainError(
                "The poll was changed meanwhile; please try again.",
                "Die Umfrage wurde gerade geändert; bitte noch einmal.",
                "conflict",
            )
        self.outbox.committed()
        self._poll_cache.pop(poll["_id"], None)
        if session is not None and session.get("current_poll") == poll["_id"]:
            self.on_session_change(session, updated)
        return updated

    async def moderate_words(self, poll_id: str, words: list[str], approve: bool) -> dict:
        poll = await self.poll(poll_id)
        if poll["type"] != PollType.WORDCLOUD:
            raise DomainError(
                "Only word-cloud polls have words to approve.",
                "Nur Wortwolken haben Wörter zum Freigeben.",
                "not-wordcloud",
            )
        approved = set(poll.get("approved_words", []))
        approved = approved | set(words) if approve else approved - set(words)
        changes = {"approved_words": sorted(approved), "updated_at": now_ms()}
        return await self._change_poll(poll, changes, "poll.words_moderated")

    async def next_poll(self, session_id: str, poll_id: str | None) -> dict[str, Any]:
        """Make `poll_id` (or the poll after the current one) the session's current poll."""
        session = await self.session(session_id)
        session_rules.refuse_if_ended(session)
        polls = await self.store.polls_of(session_id)
        if poll_id is None:
            ids = [p["_id"] for p in polls]
            cur = session.get("current_poll")
            later = ids[ids.index(cur) + 1 :] if cur in ids else ids
            if not later:
                raise DomainError(
                    "There is no next poll.", "Es gibt keine weitere Umfrage.", "no-next-poll"
                )
            poll_id = later[0]
        poll = next((p for p in polls if p["_id"] == poll_id), None)
        if poll is None:
            raise not_found("poll")

        async def work(s: AsyncClientSession) -> dict[str, Any]:
            return await self._set_current(s, session_id, poll_id)

        updated = await in_transaction(self.client, work)
        self.outbox.committed()
        self.on_session_change(updated, poll)
        return updated

    async def close_expired(self) -> int:
        """Close open polls whose timer ran out (votes are refused from the deadline on anyway)."""
        now = now_ms()
        due = await self.store.polls.find({"status": "open", "closes_at": {"$lte": now}}).to_list()
        for poll in due:
            # A moderator may have changed it meanwhile (DomainError 409): then leave it.
            with contextlib.suppress(DomainError):
                await self._change_poll(
                    poll, {"status": "closed", "updated_at": now}, "poll.closed"
                )
        return len(due)

    def session_state(self, session: dict, poll: dict | None) -> dict[str, Any]:
        return views.session_view(session, poll, self.public_url, now_ms())


def _past(action: str) -> str:
    return {"open": "opened", "close": "closed", "reveal": "revealed", "reset": "reset"}[action]


def plain_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as events carry it: `id` instead of `_id`."""
    out = {k: v for k, v in doc.items() if k != "_id"}
    out["id"] = doc["_id"]
    return out
