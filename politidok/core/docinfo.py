"""What a document says about itself: title, language, date (DOCX properties, PDF Info and XMP),
and who signs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    language: str  # BCP 47, e.g. "nb-NO" or "nn-NO"
    date: Date | None  # the document's own date, also its creation date (reproducible bytes); None: unknown
    subject: str = ""
    author: str = ""
    # names in another language the text may contain, as (name, BCP 47 tag), e.g. ("Gáivuotna", "se-NO"):
    # render gives them their language, so a screen reader does not read them as Norwegian
    other_languages: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SignatureField:
    """An empty signature field the assemble stage puts over a signatory's line."""

    name: str  # e.g. "ordforer_hol"
    title: str  # the text under the line, e.g. "Ordfører i Hol"
