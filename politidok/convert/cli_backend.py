"""The command-line back-end: `soffice --convert-to` in batches, one LibreOffice per worker.

Used when python3-uno is missing. Each LibreOffice gets a temporary profile of its own; a batch
that runs past its limit is killed (process group); documents a batch did not deliver are retried
once, one by one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from politidok.convert.base import PDF_FILTER
from politidok.convert.base import ok as _ok
from politidok.convert.profiles import seed
from politidok.core.errors import ToolError


class CliBackend:
    """Collects documents; `finish()` converts what was handed in so far."""

    def __init__(self, soffice: str, workers: int, timeout: float | None, tick: Callable[[int], None]) -> None:
        self.soffice, self.workers, self.timeout, self.tick = soffice, workers, timeout, tick
        self.pending: list[tuple[Path, Path, Future]] = []

    def submit(self, docx: Path, pdf: Path, future: Future) -> None:
        self.pending.append((docx, pdf, future))

    def finish(self) -> None:
        pending, self.pending = [job for job in self.pending if job[2].set_running_or_notify_cancel()], []
        if pending:
            convert(self.soffice, pending, self.timeout, self.workers, self.tick)

    def close(self) -> None:
        self.finish()


def convert(
    soffice: str,
    jobs: list[tuple[Path, Path, Future]],
    timeout: float | None,
    workers: int,
    tick: Callable[[int], None],
) -> None:
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
                future.set_exception(
                    ToolError(
                        f"LibreOffice laget ikke PDF for: {', '.join(failed)} (også etter et nytt forsøk).\n{detail}"
                    )
                )
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
        seed(Path(profile), soffice)
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return f"LibreOffice svarte ikke innen {limit:.0f} sekunder og ble stoppet."
    return "" if proc.returncode == 0 else (out or "").strip()[-400:]
