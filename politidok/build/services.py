"""The external programs a build talks to: LibreOffice (convert) and, when asked for, Java (PDFBox).

A build checks PDF/A and PDF/UA with page-validation in its own process; PDFBox preflight is
`politidok verify`'s (and the archivist's `arkiver`). POLITIDOK_PDFBOX=1 runs it during builds too.
Light to import, so that the CLI can start LibreOffice before it loads the rest of politidok:
LibreOffice boots while Python imports and renders.
"""

from __future__ import annotations

import os
from typing import Self

from politidok import convert
from politidok.archive import preflight


def pdfbox_asked() -> bool:
    """POLITIDOK_PDFBOX=1: PDFBox preflight (a JVM) in the build as well."""
    return os.environ.get("POLITIDOK_PDFBOX", "").strip().lower() in ("1", "ja", "on", "true")


class Services:
    """The external programs a build talks to: warm LibreOffice (convert) and, if asked for, Java (preflight).

    Started on first use, or at once with `start()`, so that they boot while Python renders.
    """

    def __init__(self, keep: bool = False, workers: int | None = None) -> None:
        self.keep = keep  # the warm server keeps them between builds
        # the warm server never runs PDFBox: a build that asks for it is built without the server
        self.pdfbox_wanted = not keep and pdfbox_asked()
        self.workers = workers  # LibreOffices (None: convert.worker_count)
        self._converter: convert.Converter | None = None
        self._checker: preflight.Preflighter | None = None

    def start(self) -> Services:
        self.converter()
        self.checker()
        return self

    def converter(self) -> convert.Converter:
        if self._converter is None or self._converter.closed:
            workers = self.workers or convert.worker_count(kept=self.keep)
            grow = os.environ.get("POLITIDOK_LO_GROW", "1") != "0"  # one more office for a long queue
            self._converter = convert.Converter(workers, most=convert.worker_count(kept=True) if grow else workers)
        return self._converter

    def checker(self):
        """The running preflight JVM; None when not asked for (POLITIDOK_PDFBOX) or Java/PDFBox is missing."""
        if self._checker is None and self.pdfbox_wanted and preflight.available():
            self._checker = preflight.Preflighter()
        return self._checker

    def close(self) -> None:
        if self._converter is not None:
            self._converter.close()
            self._converter = None
        if self._checker is not None:
            self._checker.close()
            self._checker = None

    def kill(self) -> None:
        """At once, without waiting for anything (the warm server on SIGTERM): every LibreOffice and the JVM."""
        converter, checker = self._converter, self._checker
        self._converter = self._checker = None
        if converter is not None:
            converter.closed = True
            for office in converter.offices:
                if office is not None:
                    office.kill()
                    office.profile.release()
        if checker is not None and checker.proc is not None:
            checker.proc.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if not self.keep:
            self.close()
