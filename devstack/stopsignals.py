"""Ctrl-C and SIGTERM as an exception that stops the stack, at any moment of its life."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class StopRequested(Exception):
    """SIGTERM or Ctrl-C arrived: stop everything that was started, at any moment."""


class StopSignals:
    """Turns SIGINT and SIGTERM into StopRequested, except while a process is being started.

    Blocking the signals instead would be inherited by the child (a blocked SIGTERM survives
    exec), and a stop would then have to kill it.
    """

    def __init__(self) -> None:
        self._held = False
        self._pending = False

    def install(self) -> None:
        """Raise StopRequested from now on when either signal arrives."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)

    def ignore(self) -> None:
        """While stopping: a second Ctrl-C must not leave half the stack running."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)

    def _on_signal(self, _signum: int, _frame: object) -> None:
        if self._held:
            self._pending = True
            return
        raise StopRequested

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Deliver a stop only after the block, so nothing is started without being recorded."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if self._pending:
            self._pending = False
            raise StopRequested


stop_signals = StopSignals()
