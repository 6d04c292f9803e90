"""Convert stage: .docx -> PDF/A-2b (tagged) with LibreOffice, headless.

Each run gets its own LibreOffice user profile (two processes sharing one fail silently),
a timeout, and a check that every expected PDF exists and is not empty. All documents of
a build go through one LibreOffice start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
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


def to_pdf(docx_files: list[Path], outdir: Path, timeout: float | None = None) -> list[Path]:
    """Convert every file in `docx_files` into `outdir`; return the PDFs in the same order."""
    if not docx_files:
        return []
    soffice = find_soffice()
    timeout = timeout or 60 + 20 * len(docx_files)
    outdir.mkdir(parents=True, exist_ok=True)
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
            *(str(p) for p in docx_files),
        ]
        env = {**os.environ, "HOME": profile}
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ToolError(f"LibreOffice svarte ikke innen {timeout:.0f} sekunder og ble stoppet.") from None
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_files]
    missing = [p.name for p in pdfs if not p.exists() or p.stat().st_size == 0]
    if missing:
        detail = (proc.stderr or proc.stdout).strip()[-800:]
        raise ToolError(
            f"LibreOffice laget ikke PDF for: {', '.join(missing)} (avslutningskode {proc.returncode}).\n{detail}"
        )
    return pdfs
