"""What both back-ends share: LibreOffice's export options, limits, and the checks of a result."""

from __future__ import annotations

import json
from pathlib import Path

# writer_pdf_Export options: PDF/A-2b, tagged PDF (structure for screen readers and archives)
PDF_OPTIONS = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportFormFields": False}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {k: {"type": "boolean" if isinstance(v, bool) else "long", "value": str(v).lower()} for k, v in PDF_OPTIONS.items()},
    separators=(",", ":"),
)
DEFAULT_TIMEOUT = 120.0  # seconds for one document, LibreOffice's start included
MAX_JOBS_PER_OFFICE = 300  # a long-lived LibreOffice is restarted now and then (memory)


class Failed(Exception):
    """One attempt at a document failed; the message says how (Norwegian, for the user)."""


def ok(pdf: Path) -> bool:
    """A conversion's result must exist and be non-empty."""
    return pdf.exists() and pdf.stat().st_size > 0
