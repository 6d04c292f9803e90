"""Convert stage: .docx -> PDF/A-2b (tagged) with LibreOffice, headless.

Each run gets its own LibreOffice user profile (two processes sharing one fail silently),
a timeout, and a check that every expected PDF exists and is not empty. All documents of
a build go through one LibreOffice start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from politidok.errors import ToolError

INSTALL_HINT = (
    "Installer LibreOffice og fontene malene bruker, f.eks.:\n"
    "  sudo apt-get install libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2"
)

# writer_pdf_Export options: PDF/A-2b, tagged PDF (structure for screen readers and archives)
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "SelectPdfVersion": {"type": "long", "value": "2"},
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "ExportFormFields": {"type": "boolean", "value": "false"},
    },
    separators=(",", ":"),
)


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolError(f"Fant ikke LibreOffice (soffice) på maskinen.\n{INSTALL_HINT}")


def to_pdf(
    docx_files: list[Path],
    outdir: Path,
    timeout: float | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Convert every file into `outdir`, one LibreOffice per core; return the PDFs in the same order.

    A batch whose LibreOffice hangs (timeout) or crashes is stopped; each document it did not
    deliver is retried once in a fresh LibreOffice, and what still fails is a clear error.
    """
    if not docx_files:
        return []
    soffice = find_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    workers = workers or int(os.environ.get("POLITIDOK_LO_WORKERS", 0)) or os.cpu_count() or 1
    workers = max(1, min(workers, len(docx_files)))
    batches = [docx_files[i::workers] for i in range(workers)]
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_files]
    done = threading.Event()

    def watch() -> None:
        last = -1
        while not done.wait(0.2):
            count = sum(1 for p in pdfs if p.exists() and p.stat().st_size > 0)
            if progress and count != last:
                progress(count, len(pdfs))
                last = count

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            reports = list(pool.map(lambda batch: _run(soffice, batch, outdir, timeout), batches))
            missing = [p for p in docx_files if not _ok(outdir / (p.stem + ".pdf"))]
            retried = list(pool.map(lambda doc: _run(soffice, [doc], outdir, timeout), missing))
    finally:
        done.set()
        watcher.join()
    failed = [p.name for p in docx_files if not _ok(outdir / (p.stem + ".pdf"))]
    if failed:
        detail = "\n".join(r for r in [*reports, *retried] if r)[-800:]
        raise ToolError(f"LibreOffice laget ikke PDF for: {', '.join(failed)} (også etter et nytt forsøk).\n{detail}")
    if progress:
        progress(len(pdfs), len(pdfs))
    return pdfs


def _ok(pdf: Path) -> bool:
    return pdf.exists() and pdf.stat().st_size > 0


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
