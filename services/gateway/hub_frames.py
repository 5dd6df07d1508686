"""Frames of the hub protocol: client frames parsed within bounds, server frames encoded once.

A channel state goes to every subscriber as the same bytes: it is encoded when it arrives (once,
not once per subscriber) and each of its envelopes is built at most once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from services.gateway.hub_channels import shown

# The longest legitimate client frame is an auth message with a JWT of well under 4 KiB; aiohttp
# closes the connection with 1009 (message too big) for longer ones before they are buffered.
MAX_FRAME_BYTES = 4096
# Legitimate client frames are one flat object; anything deeper is an attack on the parser.
MAX_JSON_DEPTH = 4

Envelope = Literal["update", "snapshot", "resumed"]


class BadFrame(ValueError):
    """A client frame the hub refuses; the message goes back on the socket as an error."""


def encode(message: Any) -> bytes:
    """UTF-8 JSON of a message; never raises for text a JSON parser produced.

    JSON may carry lone surrogates (an escaped "\\ud800"), which UTF-8 cannot encode; such text is
    sent \\u-escaped instead of killing the writer of every subscriber.
    """
    try:
        return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:
        return json.dumps(message, separators=(",", ":")).encode()


def error_frame(message: str, channel: object = None) -> bytes:
    """An {"type": "error"} frame, echoing the channel name it is about (made safe to echo)."""
    error: dict[str, Any] = {"type": "error", "message": message}
    name = shown(channel)
    if name is not None:
        error["channel"] = name
    return encode(error)


def parse_client_frame(text: str) -> dict[str, Any]:
    """The message of one client text frame; raises BadFrame with a message for the client."""
    if len(text) > MAX_FRAME_BYTES:
        raise BadFrame(f"Frames may be at most {MAX_FRAME_BYTES} bytes.")
    if _too_deep(text):
        raise BadFrame("That frame nests JSON too deeply; send one flat JSON object.")
    try:
        msg = json.loads(text)
    except (ValueError, RecursionError):
        raise BadFrame('That frame is not JSON; send {"type": "subscribe", ...}.') from None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        raise BadFrame("Each message must be a JSON object with a 'type'.")
    return msg


def _too_deep(text: str) -> bool:
    """Whether arrays and objects nest deeper than MAX_JSON_DEPTH outside strings."""
    # Counting in C settles every legitimate frame; only frames with many brackets get scanned.
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


@dataclass
class ChannelState:
    """A channel's newest state, kept encoded; its envelopes are built once and shared."""

    channel: str
    seq: int
    data: bytes
    _frames: dict[Envelope, bytes] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, channel: str, seq: int, data: dict[str, Any]) -> ChannelState:
        """Encode a state as it arrives: the one json.dumps of it, however many watch it."""
        return cls(channel, seq, encode(data))

    def frame(self, kind: Envelope) -> bytes:
        """The update, snapshot or resumed-snapshot frame of this state (seq is per channel, so
        the whole frame is the same for every subscriber)."""
        cached = self._frames.get(kind)
        if cached is None:
            head: dict[str, Any] = {
                "type": "update" if kind == "update" else "snapshot",
                "channel": self.channel,
                "seq": self.seq,
            }
            if kind != "update":
                head["resumed"] = kind == "resumed"
            # The state is spliced in as bytes: the envelope never re-encodes it.
            cached = encode(head)[:-1] + b',"data":' + self.data + b"}"
            if kind != "update":
                # Snapshots are asked for again by every (re)connecting screen; an update goes
                # out once, so caching it would only double the memory per channel.
                self._frames[kind] = cached
        return cached
