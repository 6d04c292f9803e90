"""Signals that stop a command: SIGTERM and SIGHUP stop it as Ctrl-C (SIGINT) does, and a clean-up
that must not stop half-way holds them back until it is done.

By default SIGTERM and SIGHUP end the process at once: a build killed so left its work folder
(output/.REGION-XXXX) and its LibreOffices behind. `stoppable()` turns them into an exception in
the main thread (Interrupted, a KeyboardInterrupt), so that every `finally` runs; the CLI exits
with 128 + the signal's number. The warm server sets its own handlers.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread as Ctrl-C is."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def stoppable() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Interrupted (where they are not ignored, as under nohup)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM, signal.SIGHUP]
    previous = {s: signal.getsignal(s) for s in wanted}
    for s in wanted:
        if previous[s] == signal.SIG_DFL:
            signal.signal(s, _stop)
    try:
        yield
    finally:
        for s, handler in previous.items():
            if handler is not None:
                signal.signal(s, handler)


def exit_code(stop: BaseException | None) -> int:
    """128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + (stop.signum if isinstance(stop, Interrupted) else signal.SIGINT)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done; one that came meanwhile is raised after it.

    Python runs signal handlers in the main thread only (whichever thread the kernel interrupted), so
    the handlers are swapped for a recorder there for the length of the block; in any other thread
    (the warm server's builds) this changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = {s: signal.getsignal(s) for s in STOPS}
    handlers = {s: h for s, h in previous.items() if callable(h)}  # not SIG_DFL, SIG_IGN: those stay
    for s in handlers:
        signal.signal(s, lambda signum, _frame: came.append(signum))
    try:
        yield
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
        if came:
            handlers[signal.Signals(came[0])](came[0], None)
