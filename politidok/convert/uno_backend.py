"""The UNO back-end: warm LibreOffices driven over UNO by uno_bridge.py (run by python3-uno).

One LibreOffice per worker, started at once and kept for many documents; documents are handed
in as they are rendered. A document that runs past the timeout gets its whole LibreOffice killed
(process group); a LibreOffice that died is replaced and the document retried once.
"""

from __future__ import annotations

import json
import os
import queue
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from politidok.convert.base import DEFAULT_TIMEOUT, MAX_JOBS_PER_OFFICE, PDF_OPTIONS, Failed, serve
from politidok.convert.profiles import Profile, seed

BRIDGE = Path(__file__).resolve().parent / "uno_bridge.py"
GROW_AT = 32  # documents waiting per running office at finish() before one more is started


class Office:
    """One LibreOffice behind uno_bridge.py, in a process group of its own (killed as a whole)."""

    def __init__(self, python: str, soffice: str, profile: Profile) -> None:
        self.profile = profile
        env = {**os.environ, "POLITIDOK_PDF_OPTIONS": json.dumps(PDF_OPTIONS), "HOME": str(profile.path)}
        profile.path.mkdir(parents=True, exist_ok=True)
        seed(profile.path, soffice)
        # the bridge inherits the profile's lock: it is held until LibreOffice has closed it,
        # even when politidok itself has already finished
        self.proc = subprocess.Popen(
            [python, str(BRIDGE), soffice, profile.path.as_uri()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            pass_fds=(profile.lock.fileno(),) if profile.lock else (),
        )
        self.buffer = b""
        self.ready = False
        self.jobs = 0

    def _answer(self, deadline: float, limit: float) -> dict:
        assert self.proc.stdout is not None  # a pipe (__init__)
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise Failed(f"LibreOffice svarte ikke innen {limit:.0f} sekunder og ble stoppet.")
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    code = self.proc.wait()
                    raise Failed(f"LibreOffice stoppet uventet (kode {code}).")
                self.buffer += chunk
        finally:
            selector.close()
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def convert(self, docx: Path, pdf: Path, limit: float) -> None:
        deadline = time.monotonic() + limit
        if not self.ready:
            answer = self._answer(deadline, limit)
            if not answer.get("ready"):
                raise Failed(answer.get("error") or "LibreOffice startet ikke.")
            self.ready = True
        assert self.proc.stdin is not None  # a pipe (__init__)
        try:
            self.proc.stdin.write((json.dumps({"in": str(docx.resolve()), "out": str(pdf.resolve())}) + "\n").encode())
            self.proc.stdin.flush()
        except OSError as exc:
            raise Failed(f"LibreOffice stoppet uventet ({exc}).") from None
        answer = self._answer(deadline, limit)
        self.jobs += 1
        if not answer.get("ok"):
            raise Failed(answer.get("error") or "ukjent feil")

    def stop(self) -> None:
        """Ask it to close (LibreOffice saves its profile cleanly); nobody waits for it."""
        assert self.proc.stdin is not None  # a pipe (__init__)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        threading.Thread(target=self._reap, daemon=True).start()

    def _reap(self) -> None:
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        self.profile.release()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()


class UnoBackend:
    """Warm offices, one thread each, taking documents from one queue."""

    def __init__(
        self,
        python: str,
        soffice: str,
        workers: int,
        timeout: float | None,
        tick: Callable[[], None],
        most: int | None = None,
    ) -> None:
        self.python, self.soffice, self.timeout, self.tick = python, soffice, timeout, tick
        self.most = max(workers, most or workers)  # offices finish() may add
        self.jobs: queue.Queue = queue.Queue()
        self.offices: list[Office | None] = []
        self.threads: list[threading.Thread] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        slot = len(self.offices)
        self.offices.append(self._start())
        thread = threading.Thread(target=self._serve, args=(slot,), daemon=True)
        thread.start()
        self.threads.append(thread)

    def _start(self) -> Office:
        return Office(self.python, self.soffice, Profile())

    def submit(self, docx: Path, pdf: Path, future: Future) -> None:
        self.jobs.put((docx, pdf, future))

    def finish(self) -> None:
        """Everything is handed in (documents are converted as they come). With many documents
        still waiting, one more LibreOffice is started, up to `most`: rendering is over, so a
        core is free for it. Measured on two cores: with 24 or 33 documents a second office
        gains nothing (the build is bound by CPU: Python assembles and checks on the other core),
        hence GROW_AT documents waiting per office."""
        if len(self.offices) < self.most and self.jobs.qsize() >= GROW_AT * len(self.offices):
            self._add()

    def _serve(self, slot: int) -> None:
        serve(
            self.jobs,
            lambda docx, pdf, _n: self._attempt(slot, docx, pdf),
            self.tick,
            "LibreOffice",
            failed=lambda _n: self._discard(slot),
        )

    def _attempt(self, slot: int, docx: Path, pdf: Path) -> None:
        """One try in this slot's office: (re)started when it is gone, has crashed or has done its share."""
        office = self.offices[slot]
        if office is None or office.proc.poll() is not None or office.jobs >= MAX_JOBS_PER_OFFICE:
            if office is not None:
                office.stop()
            self.offices[slot] = None
            try:
                office = self.offices[slot] = self._start()
            except (OSError, ValueError) as exc:
                raise Failed(f"LibreOffice kunne ikke startes ({exc}).") from None
        office.convert(docx, pdf, self.timeout or DEFAULT_TIMEOUT)

    def _discard(self, slot: int) -> None:
        """After a failed try: this slot's LibreOffice is killed and its profile reset."""
        office, self.offices[slot] = self.offices[slot], None
        if office is not None:
            office.kill()
            office.profile.reset()
            office.profile.release()

    def close(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        for office in self.offices:
            if office is not None:
                office.stop()
