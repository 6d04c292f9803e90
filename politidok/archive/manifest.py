"""manifest.json: every file a build wrote, with kind, title, language and checksum."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from politidok import __version__

NAME = "manifest.json"
FORMATS = {".pdf": "PDF/A-2b", ".docx": "DOCX", ".xml": "XML", ".ics": "iCalendar"}


@dataclass(frozen=True)
class Entry:
    path: str  # relative to output/<region>/
    kind: str  # e.g. "samarbeidsavtale"
    title: str
    language: str  # "nb" or "nn"
    format: str
    bytes: int
    sha256: str
    signature_fields: list[str] = field(default_factory=list)  # empty fields the PDF must have


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(root: Path, path: Path, kind: str, title: str, language: str, signature_fields: Sequence[str] = ()) -> Entry:
    fmt = FORMATS.get(path.suffix, path.suffix.lstrip("."))
    if path.suffix == ".pdf":  # what the PDF claims: PDF/A-2a when tagged, else PDF/A-2b
        fmt = claimed_format(path.read_bytes()) or fmt
    return Entry(
        path=path.relative_to(root).as_posix(),
        kind=kind,
        title=title,
        language=language,
        format=fmt,
        bytes=path.stat().st_size,
        sha256=sha256(path),
        signature_fields=list(signature_fields) if path.suffix == ".pdf" else [],
    )


def read(root: Path) -> list[Entry]:
    path = root / NAME
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Entry(**item) for item in data.get("files", [])]
    except (ValueError, TypeError):
        return []


def find(pdf: Path) -> Entry | None:
    """The manifest entry of `pdf`, from the manifest.json in its folder (if any)."""
    for e in read(pdf.parent):
        if e.path == pdf.name:
            return e
    return None


def write(root: Path, region: str, entries: list[Entry]) -> Path:
    data = {
        "region": region,
        "generator": f"politidok {__version__}",
        "files": [asdict(e) for e in sorted(entries, key=lambda e: (e.kind, e.path))],
    }
    path = root / NAME
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


_CLAIM = re.compile(rb"<pdfaid:part>(\d)</pdfaid:part>\s*<pdfaid:conformance>([ABU])</pdfaid:conformance>")


def claimed_format(data: bytes) -> str | None:
    """The PDF/A level a PDF written by politidok claims in its XMP, e.g. "PDF/A-2a"."""
    match = _CLAIM.search(data)
    return f"PDF/A-{match.group(1).decode()}{match.group(2).decode().lower()}" if match else None


def claims_ua(data: bytes) -> bool:
    """Whether a PDF's XMP says it is PDF/UA-1 (pdfuaid:part)."""
    return b"<pdfuaid:part>1</pdfuaid:part>" in data
