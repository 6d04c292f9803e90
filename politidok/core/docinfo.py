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


@dataclass(frozen=True)
class Supersedes:
    """A corrected version of an archived document points back to the document it replaces."""

    dokument: str  # the archived document's file stem
    pdf: str  # its PDF's file name
    sha256: str  # the PDF's SHA-256 as archived
    arkivert: Date
    original_title: str  # the title before «(versjon n)»
    version: int  # 2, 3 …
    gone_out: str = (
        "arkivert"  # how the original went out: "arkivert", or "sendt" (an invitation); `arkivert` is that day
    )


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting as a calendar event (the archive stage writes it as .ics)."""

    uid: str
    summary: str
    location: str | None
    description: str
    day: Date
    start: str | None  # "HH.MM" (Norwegian style), None: the whole day
    end: str | None
