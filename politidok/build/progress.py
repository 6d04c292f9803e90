"""Progress for builds: a live «n/total» line on a terminal, quiet lines elsewhere (CI, logs).

On a terminal, a build that runs longer than a second shows how many documents are converted;
when the output is not a terminal, only the ordinary log lines are written, one per line.
"""

from __future__ import annotations

import sys
import time
from typing import Self

import click


class Progress:
    def __init__(self, stream=None, delay: float = 1.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self._clear()

    def log(self, message: str) -> None:
        self._clear()
        click.echo(message)

    def update(self, done: int, total: int) -> None:
        if not self.tty or time.monotonic() - self.start < self.delay:
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
