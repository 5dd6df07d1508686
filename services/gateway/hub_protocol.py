"""What a connected client may ask of the hub: auth, subscribe, unsubscribe (CONTRACT, "WebSocket").

Every frame is answered, bad ones with an error frame; none of them can end the connection or
leave anything in the hub's bookkeeping that the client is not entitled to.
"""

from __future__ import annotations

import re

from services.gateway.hub_channels import UNKNOWN_CHANNEL, Access, channel_access
from services.gateway.hub_connection import MAX_CHANNELS_PER_CONNECTION, Connection
from services.gateway.hub_frames import BadFrame, ChannelState, encode, error_frame
from services.gateway.hub_frames import parse_client_frame as parse
from shared.auth import TokenVerifier
from shared.problems import Problem

# A JWT is base64url parts joined by dots; anything else cannot be one (and a lone surrogate in
# it would break the token library's UTF-8 encoding).
_TOKEN = re.compile(r"[A-Za-z0-9_\-.]{1,4000}")
NEEDS_MODERATOR = "This channel needs a moderator token (send auth first)."


class ClientProtocol:
    """The client side of the hub; the Hub provides the states and the bookkeeping."""

    verifier: TokenVerifier
    states: dict[str, ChannelState]
    subscribers: dict[str, set[Connection]]
    connections: set[Connection]

    async def _handle(self, conn: Connection, text: str) -> None:
        try:
            msg = parse(text)
        except BadFrame as exc:
            conn.error(error_frame(str(exc)))
            return
        kind = msg["type"]
        if kind == "auth":
            await self._auth(conn, msg.get("token"))
        elif kind == "subscribe":
            self._subscribe(conn, msg.get("channel"), msg.get("since"))
        elif kind == "unsubscribe":
            channel = msg.get("channel")
            if channel_access(channel) is None:
                conn.error(error_frame(UNKNOWN_CHANNEL, channel))
            elif channel in conn.channels:
                self._drop(conn, channel)
        elif kind != "pong":
            conn.error(error_frame(f"Unknown message type {kind[:40]!r}."))

    def _forget(self, conn: Connection) -> None:
        """Remove every trace of a connection that has ended."""
        for channel in list(conn.channels):
            self._drop(conn, channel)
        conn.pending.clear()
        self.connections.discard(conn)

    def _drop(self, conn: Connection, channel: str) -> None:
        """Unsubscribe; a channel nobody watches is forgotten (names come from clients)."""
        conn.forget(channel)
        watchers = self.subscribers.get(channel)
        if watchers is not None:
            watchers.discard(conn)
            if not watchers:
                del self.subscribers[channel]

    async def _auth(self, conn: Connection, token: object) -> None:
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            conn.error(error_frame("auth needs a token (a JWT)."))
            return
        try:
            conn.principal = await self.verifier.verify(token)
        except Problem as p:
            conn.error(error_frame(p.detail))
            return
        if not conn.principal.is_staff:
            # A connection that changes to a non-staff token loses the moderator channels.
            for channel in [c for c in conn.channels if channel_access(c) is Access.STAFF]:
                self._drop(conn, channel)
        conn.reply("authenticated", encode({"type": "authenticated", "role": conn.principal.role}))

    def _subscribe(self, conn: Connection, channel: object, since: object) -> None:
        access = channel_access(channel)
        if access is None or not isinstance(channel, str):
            conn.error(error_frame(UNKNOWN_CHANNEL, channel))
            return
        if access is Access.STAFF and not (conn.principal and conn.principal.is_staff):
            conn.error(error_frame(NEEDS_MODERATOR, channel))
            return
        if channel not in conn.channels and len(conn.channels) >= MAX_CHANNELS_PER_CONNECTION:
            conn.error(error_frame("Too many subscriptions on one connection.", channel))
            return
        conn.channels.add(channel)
        self.subscribers.setdefault(channel, set()).add(conn)
        state = self.states.get(channel)
        if state is None:
            frame = encode({"type": "subscribed", "channel": channel, "seq": 0})
            conn.offer(channel, "subscribed", frame)
            return
        # A resuming client gets the current state whatever it missed: states are full snapshots.
        resumed = isinstance(since, int) and not isinstance(since, bool) and since > 0
        conn.offer(channel, "snapshot", state.frame("resumed" if resumed else "snapshot"))
