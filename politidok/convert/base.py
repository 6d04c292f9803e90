"""What both back-ends share: LibreOffice's export options, limits, and the checks of a result."""

from __future__ import annotations

import json
import os
from pathlib import Path

# writer_pdf_Export options: PDF/A-2b, tagged PDF (structure for screen readers and archives)
PDF_OPTIONS = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportFormFields": False}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {k: {"type": "boolean" if isinstance(v, bool) else "long", "value": str(v).lower()} for k, v in PDF_OPTIONS.items()},
    separators=(",", ":"),
)
DEFAULT_TIMEOUT = 120.0  # seconds for one document, LibreOffice's start included
MAX_JOBS_PER_OFFICE = 300  # a long-lived LibreOffice is restarted now and then (memory)


# glibc's malloc in LibreOffice. While it starts, LibreOffice allocates, zeroes and frees a
# 64 MiB buffer some sixteen times; above glibc's mmap threshold every round is a fresh mapping
# whose 16,384 pages all fault in again (perf: 60 % of the start's CPU in page faults and memset).
# With 256 MiB of top pad the buffer comes from the heap and is reused: the start drops from
# about 0.63 s to 0.23 s of CPU and wall time (LibreOffice 7.4, Debian 12), for some 70 MiB more
# resident memory per office. Measured in benchmarks/lo_start.py.
OFFICE_MALLOC = {"MALLOC_TOP_PAD_": str(256 * 1024 * 1024)}


def office_env(**extra: str) -> dict[str, str]:
    """The environment a LibreOffice is started with: ours, the malloc setting above (unless the
    user set glibc's own), and `extra`."""
    env = dict(os.environ)
    for key, value in OFFICE_MALLOC.items():
        env.setdefault(key, value)
    env.update(extra)
    return env


class Failed(Exception):
    """One attempt at a document failed; the message says how (Norwegian, for the user)."""


def ok(pdf: Path) -> bool:
    """A conversion's result must exist and be non-empty."""
    return pdf.exists() and pdf.stat().st_size > 0
