"""The poll commands: prepare a poll, open / close / reveal / reset it, moderate a word cloud's
words, show the next poll, and close polls whose timer ran out."""

from __future__ import annotations

import contextlib

from services.voting import domain, session_rules
from services.voting.commands import (
    CloseExpiredPolls,
    ControlPoll,
    CreatePoll,
    ModerateWords,
    NextPoll,
    SessionShown,
)
from services.voting.events import CONTROLLED, PollClosed, PollCreated, WordsModerated
from services.voting.handlers_base import Handlers
from services.voting.poll_control import PollAction
from services.voting.ports import Doc
from shared.errors import DomainError
from shared.unit_of_work import Transaction


class PollHandlers(Handlers):
    """Commands on polls; each is one unit of work with its events on voting.events."""

    async def create_poll(self, cmd: CreatePoll) -> Doc:
        """A draft poll at the end of the session's list; the session's first poll is shown."""

        async def work(tx: Transaction) -> Doc:
            session = await self._session(cmd.session_id, tx)
            session_rules.refuse_if_ended(session)
            existing = await self.deps.polls.of_session(cmd.session_id, tx)
            poll = domain.new_poll(
                session_id=cmd.session_id,
                question=cmd.question,
                kind=cmd.kind,
                labels=cmd.labels,
                settings=cmd.settings,
                order=len(existing),
                now=self.now(),
            )
            await self.deps.polls.add(poll, tx)
            self._record(tx, PollCreated(poll))
            if session.get("current_poll") is None:
                session = await self._set_current(tx, session, poll["_id"])
                self._show(tx, session, poll)
            return poll

        return await self.deps.uow.run(work)

    async def control_poll(self, cmd: ControlPoll) -> Doc:
        """Open, close, reveal or reset a poll; opening also makes it the session's current
        poll. An ended workshop's polls neither open nor reset (their results stay)."""

        async def work(tx: Transaction) -> Doc:
            poll = await self._poll(cmd.poll_id, tx)
            session = await self._session(poll["session_id"], tx)
            if cmd.action in (PollAction.OPEN, PollAction.RESET):
                session_rules.refuse_if_ended(session)
            changes = domain.control(poll, cmd.action, self.now())
            updated = await self._change_poll(tx, poll, changes)
            self._record(tx, CONTROLLED[cmd.action](updated))
            if cmd.action == PollAction.OPEN and session.get("current_poll") != poll["_id"]:
                session = await self._set_current(tx, session, poll["_id"])
            if cmd.action == PollAction.RESET:
                # Its votes no longer count: `voted` may shrink.
                tx.after_commit(lambda: self.deps.live.attendance_changed(poll["session_id"]))
            self._show_if_current(tx, session, updated)
            return updated

        return await self.deps.uow.run(work)

    async def moderate_words(self, cmd: ModerateWords) -> Doc:
        """Approve or reject words of a word cloud (only approved ones are shown to all)."""

        async def work(tx: Transaction) -> Doc:
            poll = await self._poll(cmd.poll_id, tx)
            changes = domain.moderate_words(poll, cmd.words, cmd.approve)
            updated = await self._change_poll(tx, poll, changes)
            self._record(tx, WordsModerated(updated))
            self._show_if_current(tx, await self._session(poll["session_id"], tx), updated)
            return updated

        return await self.deps.uow.run(work)

    async def next_poll(self, cmd: NextPoll) -> SessionShown:
        """Close every open poll of the session (a room answers one question at a time), show
        the chosen poll or the one after the current poll, and open it if asked."""

        async def work(tx: Transaction) -> SessionShown:
            session = await self._session(cmd.session_id, tx)
            session_rules.refuse_if_ended(session)
            polls = await self.deps.polls.of_session(cmd.session_id, tx)
            poll_id = domain.next_poll_id(polls, session.get("current_poll"), cmd.poll_id)
            for open_poll in [p for p in polls if p["status"] == "open" and p["_id"] != poll_id]:
                closed = await self._change_poll(
                    tx, open_poll, domain.closing(open_poll, self.now())
                )
                self._record(tx, PollClosed(closed))
            poll = next(p for p in polls if p["_id"] == poll_id)
            if cmd.open and poll["status"] != "open":
                opening = domain.control(poll, PollAction.OPEN, self.now())
                poll = await self._change_poll(tx, poll, opening)
                self._record(tx, CONTROLLED[PollAction.OPEN](poll))
            session = await self._set_current(tx, session, poll_id)
            self._show(tx, session, poll)
            return SessionShown(session, poll)

        return await self.deps.uow.run(work)

    async def close_expired(self, _cmd: CloseExpiredPolls) -> int:
        """Close open polls whose timer ran out (votes are refused from the deadline on anyway);
        returns how many were due."""
        due = await self.deps.polls.due(self.now())
        for poll in due:
            # A moderator may have changed it meanwhile: then leave it as they left it.
            with contextlib.suppress(DomainError):
                await self.deps.uow.run(lambda tx, pid=poll["_id"]: self._close_if_due(tx, pid))
        return len(due)

    async def _close_if_due(self, tx: Transaction, poll_id: str) -> None:
        poll = await self._poll(poll_id, tx)
        if not domain.is_due(poll, self.now()):
            return
        updated = await self._change_poll(tx, poll, domain.closing(poll, self.now()))
        self._record(tx, PollClosed(updated))
        self._show_if_current(tx, await self._session(poll["session_id"], tx), updated)

    def _show_if_current(self, tx: Transaction, session: Doc, poll: Doc) -> None:
        if session.get("current_poll") == poll["_id"]:
            self._show(tx, session, poll)
