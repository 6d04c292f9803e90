"""Convert stage: .docx -> PDF/A-2b (tagged) with LibreOffice, headless, behind one interface.

`Converter` takes documents as they are rendered (`submit()` returns a Future for the PDF) and
hands them to a back-end:
- convert.uno_backend: warm LibreOffices driven over UNO (Debian's python3-uno), preferred;
- convert.cli_backend: `soffice --convert-to` batches, when python3-uno is missing;
- convert.unoserver_backend: unoserver instances elsewhere, when configured
  (POLITIDOK_CONVERTER=unoserver:HOST:PORT[,HOST:PORT…]; see docs/konvertering.md).
Either way each LibreOffice has its own user profile (convert.profiles), a document that takes
longer than the timeout is stopped (the whole LibreOffice is killed), a LibreOffice that crashes
is restarted, the document is retried once, and what still fails is a clear error. Every PDF
must exist and be non-empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Self

from politidok.convert.base import DEFAULT_TIMEOUT, PDF_FILTER, PDF_OPTIONS  # noqa: F401  (the interface's)
from politidok.core.errors import ToolError

if TYPE_CHECKING:
    from politidok.convert.cli_backend import CliBackend
    from politidok.convert.uno_backend import UnoBackend
    from politidok.convert.unoserver_backend import UnoserverBackend

INSTALL_HINT = (
    "Installer LibreOffice og fontene malene bruker, f.eks.:\n"
    "  sudo apt-get install libreoffice-writer-nogui python3-uno fonts-crosextra-carlito fonts-crosextra-caladea"
    " fonts-liberation2"
)


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolError(f"Fant ikke LibreOffice (soffice) på maskinen.\n{INSTALL_HINT}")


_UNO_PYTHON: dict[str, str | None] = {}


def uno_python() -> str | None:
    """The Python that can import LibreOffice's `uno`, or None (then the command-line converter is used).

    POLITIDOK_UNO_PYTHON names it; set it to "none" to force the command-line converter.
    """
    wanted = os.environ.get("POLITIDOK_UNO_PYTHON", "")
    if wanted not in _UNO_PYTHON:
        found = None
        if wanted.lower() != "none":
            for candidate in [wanted] if wanted else ["/usr/bin/python3", "/usr/lib/libreoffice/program/python"]:
                if candidate and os.access(candidate, os.X_OK):
                    try:
                        ok = (
                            subprocess.run(
                                [candidate, "-c", "import uno"], capture_output=True, timeout=30, check=False
                            ).returncode
                            == 0
                        )
                    except (OSError, subprocess.SubprocessError):
                        ok = False
                    if ok:
                        found = candidate
                        break
        _UNO_PYTHON[wanted] = found
    return _UNO_PYTHON[wanted]


def configured() -> str:
    """The converter POLITIDOK_CONVERTER selects ("" or "embedded": LibreOffice on this machine)."""
    setting = os.environ.get("POLITIDOK_CONVERTER", "").strip()
    return "" if setting.lower() in ("", "embedded", "lokal") else setting


def worker_count(jobs: int | None = None, kept: bool = False) -> int:
    """How many LibreOffices to run (POLITIDOK_LO_WORKERS overrides).

    For one build, half the cores: the other core renders, assembles and checks (Python), and a
    second office only competes with that for CPU. Offices kept running between builds (the warm
    server) have no start to pay: one per core. (The measurements: docs/architecture.md, «Speed».)
    """
    cores = os.cpu_count() or 1
    workers = int(os.environ.get("POLITIDOK_LO_WORKERS", "0")) or (cores if kept else max(1, cores // 2))
    return max(1, min(workers, jobs)) if jobs else max(1, workers)


class Converter:
    """Converts documents as they are handed in: `submit()` returns a Future for the PDF.

    With python3-uno: one warm LibreOffice per worker, started at once. Without it, documents
    are collected and converted by `soffice --convert-to` batches when `finish()` is called.
    Use as a context manager, or keep it for many builds (the warm server) and `close()` it.
    `timeout` is per document (None: DEFAULT_TIMEOUT warm, the batch's own limit on the command line).
    `most`: the UNO back-end may start offices up to this many when `finish()` finds many documents waiting.
    """

    def __init__(
        self,
        workers: int | None = None,
        timeout: float | None = None,
        progress: Callable[[int, int], None] | None = None,
        total: int = 0,
        most: int | None = None,
    ) -> None:
        self.workers = workers or worker_count()
        self.progress = progress
        self.total = total
        self.done = 0
        self.count_lock = threading.Lock()
        self.closed = False
        self.backend: UnoserverBackend | UnoBackend | CliBackend  # the first that can run, below
        setting = configured()
        if setting:
            from politidok.convert.unoserver_backend import UnoserverBackend

            self.backend = UnoserverBackend(setting, timeout, self._tick)
            self.workers = self.backend.workers
            return
        soffice = find_soffice()
        python = uno_python()
        if python:
            from politidok.convert.uno_backend import UnoBackend

            self.backend = UnoBackend(python, soffice, self.workers, timeout, self._tick, most)
        else:
            from politidok.convert.cli_backend import CliBackend

            self.backend = CliBackend(soffice, self.workers, timeout, self._tick)

    @property
    def offices(self) -> list:
        """The running LibreOffices of the UNO back-end ([] on the command line)."""
        return getattr(self.backend, "offices", [])

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def reset_count(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        with self.count_lock:
            self.total, self.done, self.progress = total, 0, progress

    def submit(self, docx: Path, pdf: Path) -> Future:
        future: Future = Future()
        pdf.parent.mkdir(parents=True, exist_ok=True)
        self.backend.submit(docx, pdf, future)
        return future

    def finish(self) -> None:
        """Convert everything handed in so far (the command line's batches; UNO converts as it goes)."""
        self.backend.finish()

    def _tick(self, count: int = 1) -> None:
        with self.count_lock:
            self.done += count
            if self.progress:
                self.progress(self.done, max(self.total, self.done))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.backend.close()


def to_pdf(
    docx_files: list[Path],
    outdir: Path,
    timeout: float | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Convert every file into `outdir`; return the PDFs in the same order (errors: ToolError)."""
    if not docx_files:
        return []
    with Converter(workers or worker_count(len(docx_files)), timeout, progress, total=len(docx_files)) as conv:
        futures = [conv.submit(p, outdir / (p.stem + ".pdf")) for p in docx_files]
        conv.finish()
        return [f.result() for f in futures]
