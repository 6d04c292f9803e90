"""What both back-ends share: LibreOffice's export options, limits, and the checks of a result."""

from __future__ import annotations

import json
import queue
from collections.abc import Callable
from pathlib import Path

from politidok.core.errors import ToolError

# writer_pdf_Export options: PDF/A-2b, tagged PDF (structure for screen readers and archives)
PDF_OPTIONS = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportFormFields": False}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        k: {"type": "boolean" if isinstance(v, bool) else "long", "value": str(v).lower()}
        for k, v in PDF_OPTIONS.items()
    },
    separators=(",", ":"),
)
DEFAULT_TIMEOUT = 120.0  # seconds for one document, LibreOffice's start included
MAX_JOBS_PER_OFFICE = 300  # a long-lived LibreOffice is restarted now and then (memory)


class Failed(Exception):
    """One attempt at a document failed; the message says how (Norwegian, for the user)."""


def ok(pdf: Path) -> bool:
    """A conversion's result must exist and be non-empty."""
    return pdf.exists() and pdf.stat().st_size > 0


def serve(
    jobs: queue.Queue,
    attempt: Callable[[Path, Path, int], None],
    tick: Callable[[], None],
    converter: str,
    failed: Callable[[int], None] = lambda _n: None,
) -> None:
    """A converter thread: take (docx, pdf, future) jobs until None, each tried twice.

    `attempt(docx, pdf, n)` converts once (n = 0, 1) and raises Failed with the reason; a PDF that
    is missing or empty is a failure too. After a failed try `failed(n)` cleans up (a killed
    LibreOffice, an unoserver to check again). After two failures the future gets a ToolError
    naming the document and both reasons; `converter` names what failed («LibreOffice», …)."""
    while True:
        job = jobs.get()
        if job is None:
            return
        docx, pdf, future = job
        if not future.set_running_or_notify_cancel():
            continue  # its build has failed or was stopped: nothing more is written into its work folder
        reasons = []
        for n in range(2):
            try:
                if pdf.exists():
                    pdf.unlink()
                attempt(docx, pdf, n)
                if not ok(pdf):
                    raise Failed("PDF-en ble ikke laget eller er tom.")
                future.set_result(pdf)
                tick()
                break
            except Failed as exc:
                reasons.append(str(exc))
                failed(n)
        else:
            future.set_exception(
                ToolError(
                    f"{converter} laget ikke PDF for: {docx.name} (også etter et nytt forsøk).\n" + "\n".join(reasons)
                )
            )
