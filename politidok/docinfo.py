"""What a document says about itself: title, language, date (DOCX properties, PDF Info and XMP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    language: str  # BCP 47, e.g. "nb-NO" or "nn-NO"
    date: Date  # the document's own date: also its creation date, for reproducible bytes
    subject: str = ""
    author: str = ""
