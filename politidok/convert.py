"""Convert stage: .docx -> PDF/A-2b (tagged) with LibreOffice, headless.

Preferred: warm LibreOffices (how many: see worker_count), driven over UNO (uno_bridge.py, run by the Python
that has LibreOffice's bindings, Debian's python3-uno). Documents are handed to it as soon as
they are rendered, and LibreOffice starts while politidok is still rendering. Each LibreOffice
has its own user profile (two sharing one fail silently); profiles are kept between builds in
~/.cache/politidok/lo-profile/<slot> (locked while in use) because a fresh one costs a quarter
of a second more to start.

Without python3-uno, the same work runs through `soffice --convert-to`, one process per core.

Either way: a document that takes longer than the timeout is stopped (the whole LibreOffice is
killed), a LibreOffice that crashes is restarted, the document is retried once in a fresh
LibreOffice, and what still fails is a clear error. Every PDF must exist and be non-empty.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from politidok.errors import ToolError

INSTALL_HINT = (
    "Installer LibreOffice og fontene malene bruker, f.eks.:\n"
    "  sudo apt-get install libreoffice-writer-nogui python3-uno fonts-crosextra-carlito fonts-crosextra-caladea"
    " fonts-liberation2"
)

# writer_pdf_Export options: PDF/A-2b, tagged PDF (structure for screen readers and archives)
PDF_OPTIONS = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportFormFields": False}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {k: {"type": "boolean" if isinstance(v, bool) else "long", "value": str(v).lower()} for k, v in PDF_OPTIONS.items()},
    separators=(",", ":"),
)
BRIDGE = Path(__file__).resolve().parent / "uno_bridge.py"
DEFAULT_TIMEOUT = 120.0  # seconds for one document, LibreOffice's start included
MAX_JOBS_PER_OFFICE = 300  # a long-lived LibreOffice is restarted now and then (memory)


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
                        ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
                    except (OSError, subprocess.SubprocessError):
                        ok = False
                    if ok:
                        found = candidate
                        break
        _UNO_PYTHON[wanted] = found
    return _UNO_PYTHON[wanted]


def worker_count(jobs: int | None = None, kept: bool = False) -> int:
    """How many LibreOffices to run (POLITIDOK_LO_WORKERS overrides).

    For one build, half the cores: a LibreOffice that has to start first costs more CPU than it
    saves, and one warm office keeps up with Python rendering; the other core is Java's.
    Measured on two cores, Hallingdal from a clean output/: one office 5.5 s, two 6.3 s.
    Offices kept running between builds (the warm server) have no start to pay: one per core
    (two cores: 2.2 s against 2.8 s with one).
    """
    cores = os.cpu_count() or 1
    workers = int(os.environ.get("POLITIDOK_LO_WORKERS", 0)) or (cores if kept else max(1, cores // 2))
    return max(1, min(workers, jobs)) if jobs else max(1, workers)


class _Failed(Exception):
    """One attempt at a document failed; the message says how (Norwegian, for the user)."""


def _profile_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "politidok" / "lo-profile"


class _Profile:
    """A LibreOffice user profile of its own: a kept slot if one is free, else a temporary folder."""

    def __init__(self) -> None:
        self.lock = None
        self.temporary = False
        root = _profile_root()
        try:
            root.mkdir(parents=True, exist_ok=True)
            for slot in range(16):
                handle = open(root / f"{slot}.lock", "w")  # noqa: SIM115 - held while the office runs
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    handle.close()
                    continue
                self.lock, self.path = handle, root / str(slot)
                return
        except OSError:
            pass
        self.path = Path(tempfile.mkdtemp(prefix="politidok-lo-"))
        self.temporary = True

    def reset(self) -> None:
        """After a failure: start the next LibreOffice with a clean profile."""
        shutil.rmtree(self.path, ignore_errors=True)

    def release(self) -> None:
        if self.temporary:
            shutil.rmtree(self.path, ignore_errors=True)
        if self.lock:
            self.lock.close()
            self.lock = None


class _Office:
    """One LibreOffice behind uno_bridge.py, in a process group of its own (killed as a whole)."""

    def __init__(self, python: str, soffice: str, profile: _Profile) -> None:
        self.profile = profile
        env = {**os.environ, "POLITIDOK_PDF_OPTIONS": json.dumps(PDF_OPTIONS), "HOME": str(profile.path)}
        profile.path.mkdir(parents=True, exist_ok=True)
        # the bridge inherits the profile's lock: it is held until LibreOffice has closed it,
        # even when politidok itself has already finished
        self.proc = subprocess.Popen(
            [python, str(BRIDGE), soffice, profile.path.as_uri()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True, pass_fds=(profile.lock.fileno(),) if profile.lock else (),
        )
        self.buffer = b""
        self.ready = False
        self.jobs = 0

    def _answer(self, deadline: float, limit: float) -> dict:
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise _Failed(f"LibreOffice svarte ikke innen {limit:.0f} sekunder og ble stoppet.")
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    code = self.proc.wait()
                    raise _Failed(f"LibreOffice stoppet uventet (kode {code}).")
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
                raise _Failed(answer.get("error") or "LibreOffice startet ikke.")
            self.ready = True
        try:
            self.proc.stdin.write((json.dumps({"in": str(docx.resolve()), "out": str(pdf.resolve())}) + "\n").encode())
            self.proc.stdin.flush()
        except OSError as exc:
            raise _Failed(f"LibreOffice stoppet uventet ({exc}).") from None
        answer = self._answer(deadline, limit)
        self.jobs += 1
        if not answer.get("ok"):
            raise _Failed(answer.get("error") or "ukjent feil")

    def stop(self) -> None:
        """Ask it to close (LibreOffice saves its profile cleanly); nobody waits for it."""
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


class Converter:
    """Converts documents as they are handed in: `submit()` returns a Future for the PDF.

    With python3-uno: one warm LibreOffice per worker, started at once. Without it, documents
    are collected and converted by `soffice --convert-to` batches when `finish()` is called.
    Use as a context manager, or keep it for many builds (the warm server) and `close()` it.
    `timeout` is per document (None: DEFAULT_TIMEOUT warm, the batch's own limit on the command line).
    """

    def __init__(self, workers: int | None = None, timeout: float | None = None,
                 progress: Callable[[int, int], None] | None = None, total: int = 0) -> None:
        self.soffice = find_soffice()
        self.python = uno_python()
        self.workers = workers or worker_count()
        self.timeout = timeout
        self.progress = progress
        self.total = total
        self.done = 0
        self.count_lock = threading.Lock()
        self.jobs: queue.Queue = queue.Queue()
        self.pending: list[tuple[Path, Path, Future]] = []
        self.threads: list[threading.Thread] = []
        self.offices: list[_Office | None] = [None] * self.workers
        self.closed = False
        if self.python:
            for slot in range(self.workers):
                self.offices[slot] = self._start()
                thread = threading.Thread(target=self._serve, args=(slot,), daemon=True)
                thread.start()
                self.threads.append(thread)

    def _start(self) -> _Office:
        return _Office(self.python, self.soffice, _Profile())

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def reset_count(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        with self.count_lock:
            self.total, self.done, self.progress = total, 0, progress

    def submit(self, docx: Path, pdf: Path) -> Future:
        future: Future = Future()
        pdf.parent.mkdir(parents=True, exist_ok=True)
        if self.python:
            self.jobs.put((docx, pdf, future))
        else:
            self.pending.append((docx, pdf, future))
        return future

    def finish(self) -> None:
        """Command-line mode: convert everything handed in so far (UNO mode: nothing to do)."""
        pending, self.pending = self.pending, []
        if pending:
            _cli_convert(self.soffice, pending, self.timeout, self.workers, self._tick)

    def _tick(self, count: int = 1) -> None:
        with self.count_lock:
            self.done += count
            if self.progress:
                self.progress(self.done, max(self.total, self.done))

    def _serve(self, slot: int) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            docx, pdf, future = job
            reasons = []
            for _attempt in range(2):
                office = self.offices[slot]
                if office is None or office.proc.poll() is not None or office.jobs >= MAX_JOBS_PER_OFFICE:
                    if office is not None:
                        office.stop()
                    office = self.offices[slot] = self._start()
                try:
                    if pdf.exists():
                        pdf.unlink()
                    office.convert(docx, pdf, self.timeout or DEFAULT_TIMEOUT)
                    if not _ok(pdf):
                        raise _Failed("PDF-en ble ikke laget eller er tom.")
                    future.set_result(pdf)
                    self._tick()
                    break
                except _Failed as exc:
                    reasons.append(str(exc))
                    office.kill()
                    office.profile.reset()
                    office.profile.release()
                    self.offices[slot] = None
            else:
                future.set_exception(ToolError(
                    f"LibreOffice laget ikke PDF for: {docx.name} (også etter et nytt forsøk).\n" + "\n".join(reasons)))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.finish()
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        for office in self.offices:
            if office is not None:
                office.stop()


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


def _ok(pdf: Path) -> bool:
    return pdf.exists() and pdf.stat().st_size > 0


def _cli_convert(soffice: str, jobs: list[tuple[Path, Path, Future]], timeout: float | None, workers: int,
                 tick: Callable[[int], None]) -> None:
    """`soffice --convert-to` in batches, one per core; documents a batch did not deliver are retried once."""
    outdir = Path(tempfile.mkdtemp(prefix="politidok-cli-"))
    try:
        docs = [docx for docx, _pdf, _f in jobs]
        workers = max(1, min(workers, len(docs)))
        batches = [docs[i::workers] for i in range(workers)]
        made = {docx: outdir / (docx.stem + ".pdf") for docx in docs}
        stop = threading.Event()

        def watch() -> None:
            seen = 0
            while not stop.wait(0.2):
                count = sum(1 for p in made.values() if _ok(p))
                if count > seen:
                    tick(count - seen)
                    seen = count

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                reports = list(pool.map(lambda batch: _run(soffice, batch, outdir, timeout), batches))
                missing = [d for d in docs if not _ok(made[d])]
                retried = list(pool.map(lambda doc: _run(soffice, [doc], outdir, timeout), missing))
        finally:
            stop.set()
            watcher.join()
        failed = [d.name for d in docs if not _ok(made[d])]
        detail = "\n".join(r for r in [*reports, *retried] if r)[-800:]
        for docx, pdf, future in jobs:
            if _ok(made[docx]):
                shutil.move(made[docx], pdf)
                future.set_result(pdf)
            else:
                future.set_exception(ToolError(
                    f"LibreOffice laget ikke PDF for: {', '.join(failed)} (også etter et nytt forsøk).\n{detail}"))
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


def _run(soffice: str, batch: list[Path], outdir: Path, timeout: float | None) -> str:
    """One LibreOffice, its own profile, one batch; returns what it said when something went wrong."""
    limit = timeout or 60 + 20 * len(batch)
    with tempfile.TemporaryDirectory(prefix="politidok-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(outdir),
            *(str(p) for p in batch),
        ]
        env = {**os.environ, "HOME": profile}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, text=True, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return f"LibreOffice svarte ikke innen {limit:.0f} sekunder og ble stoppet."
    return "" if proc.returncode == 0 else (out or "").strip()[-400:]
