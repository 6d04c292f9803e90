"""Progress for builds: a live «n/total» line on a terminal, quiet lines elsewhere (CI, logs).

On a terminal, a build that runs longer than a second shows how many documents are converted;
when the output is not a terminal, only the ordinary log lines are written, one per line.

How much is shown is the command line's -q/-v (`set_verbosity`): quiet shows only what asks for
attention («Merk: …»); the default leaves out the lines of detail (`Detail`: «Skrev FIL», one per
file) and says how many there were; verbose shows everything.
"""

from __future__ import annotations

import sys
import time
from typing import Self

import click

QUIET, NORMAL, VERBOSE = 0, 1, 2
_verbosity = NORMAL
ATTENTION = ("Merk", "Advarsel")  # what -q still shows


def set_verbosity(level: int) -> None:
    global _verbosity
    _verbosity = level


def verbosity() -> int:
    return _verbosity


class Detail(str):
    """A log line of detail (a file written): shown with -v, counted otherwise."""


def shown(message: str) -> bool:
    if _verbosity >= VERBOSE:
        return True
    if _verbosity == QUIET:
        return message.startswith(ATTENTION)
    return not isinstance(message, Detail)


class Progress:
    def __init__(self, stream=None, delay: float = 1.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self.details = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self._clear()
        if self.details and exc[0] is None and _verbosity == NORMAL:
            click.echo(f"Skrev {self.details} filer (-v viser hvilke).")

    def log(self, message: str) -> None:
        if not shown(message):
            self.details += isinstance(message, Detail)
            return
        self._clear()
        click.echo(message)

    def detail(self, message: str) -> None:
        self.log(Detail(message))

    def update(self, done: int, total: int) -> None:
        if _verbosity == QUIET or not self.tty or time.monotonic() - self.start < self.delay:
            return
        width = 24
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r  Konverterer [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
            self.shown = False
