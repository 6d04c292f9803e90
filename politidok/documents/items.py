"""What a plan holds: documents, packages and calendar files, each a frozen value with every field declared.

Nothing adds attributes to a planned item or changes it after planning: a corrected version of an
archived document is a new item (`Document.as_version`), and a plan with renamed items is a new
plan (`Plan.replacing`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, final

from politidok.core.docinfo import CalendarEvent, DocumentInfo, SignatureField, Supersedes

if TYPE_CHECKING:  # kept light: the CLI reads the registry for its options before anything heavy
    from politidok.archive.arkivmelding import Skjerming
    from politidok.load.models import Arkiv

Malform = Literal["nb", "nn"]
LANGUAGE_TAG: dict[str, str] = {"nb": "nb-NO", "nn": "nn-NO"}


@dataclass(frozen=True)
class Input:
    """A region input a document is made from: a file named relative to the region folder
    (`moter/2025-03-11-al.yaml`, see core.layout) and, where the kind can say it, the YAML fields
    within it that the document shows, as core.fieldpath paths (`politirad.navn`, `saker[*].tittel`,
    `medlemmer[kommune=Gol|alle|]`, `referat?`); no fields: the whole file. Attachment PDFs are
    inputs too (`moter/vedlegg/x.pdf`, no fields)."""

    file: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A corrected version of a document that has gone out (sent or archived): the one it replaces,
    when that went out, and the day the correction is made (recorded in the ledger)."""

    replaces: str  # the stem of the document it replaces
    sent: date | None  # when that one was sent (else archived)
    made: date


@dataclass(frozen=True)
class Document:
    """One document rendered from a Word template."""

    kind: str
    stem: str  # file name without suffix, e.g. "samarbeidsavtale"
    template: Path
    context: Mapping[str, Any]
    info: DocumentInfo
    malform: Malform
    inputs: tuple[Input, ...]
    signature_fields: tuple[SignatureField, ...] = ()
    arkiv: Arkiv | None = None
    attachments: int = 0
    skjerming: Skjerming | None = None
    codes: tuple[str, str] | None = None  # (dokumenttype, journalposttype) other than the kind's
    with_kind: str | None = None  # also built when this kind is asked for (--only)
    supersedes: Supersedes | None = None
    sent: date | None = None  # the day it goes out (an invitation's `sendt:`): from then on kept as sent
    draft: bool = False  # not finished (an invitation not sent, its meeting not held): archived as under editing
    kommune: str | None = None  # the municipality whose meeting it is (its logo in the letterhead)

    @property
    def base_title(self) -> str:
        """The title without its version: what the document says, whatever its version."""
        return self.supersedes.original_title if self.supersedes else self.info.title

    def as_version(self, stem: str, supersedes: Supersedes) -> Document:
        return replace(self, stem=stem, supersedes=supersedes, info=_versioned(self.info, supersedes))


@dataclass(frozen=True)
class PartRef:
    """A part of a package: a document of this build (stem) or a PDF/A file of the region (path)."""

    title: str
    stem: str | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Package:
    """One PDF merged from documents of the same build, a bookmark per part."""

    stem: str
    info: DocumentInfo
    malform: Malform
    parts: tuple[PartRef, ...]
    inputs: tuple[Input, ...] = ()  # the files among its parts (its documents' inputs are theirs)
    kind: str = "pakke"
    arkiv: Arkiv | None = None
    codes: tuple[str, str] | None = None
    skjerming: Skjerming | None = None
    with_kind: str | None = None
    supersedes: Supersedes | None = None
    sent: date | None = None  # the day it goes out with its document (a meeting pack)
    draft: bool = False  # its document is a draft (Document.draft)

    @property
    def attachments(self) -> int:
        return len(self.parts) - 1

    @property
    def base_title(self) -> str:
        return self.supersedes.original_title if self.supersedes else self.info.title

    def as_version(self, stem: str, supersedes: Supersedes) -> Package:
        return replace(self, stem=stem, supersedes=supersedes, info=_versioned(self.info, supersedes))

    def renaming_parts(self, renamed: Mapping[str, str]) -> Package:
        parts = tuple(replace(r, stem=renamed.get(r.stem, r.stem)) if r.stem else r for r in self.parts)
        return replace(self, parts=parts)


@final  # no subclass is also a Document or Package (Planner.add tells them apart)
@dataclass(frozen=True)
class Calendar:
    """A calendar file (.ics) of one event; the archive stage writes its bytes."""

    stem: str
    title: str
    malform: Malform
    event: CalendarEvent
    inputs: tuple[Input, ...] = ()
    kind: str = "kalender"


Item = Document | Package


def _versioned(info: DocumentInfo, supersedes: Supersedes) -> DocumentInfo:
    return replace(info, title=f"{supersedes.original_title} (versjon {supersedes.version})")


@dataclass(frozen=True)
class Plan:
    """Everything a build of a region makes, in planning order."""

    documents: tuple[Document, ...]
    packages: tuple[Package, ...]
    calendars: tuple[Calendar, ...] = ()

    def items(self) -> Iterator[Item]:
        yield from self.documents
        yield from self.packages

    def by_stem(self) -> dict[str, Item]:
        return {item.stem: item for item in self.items()}

    def replacing(self, versions: Mapping[str, Item]) -> Plan:
        """This plan with items replaced by their new versions (old stem -> new item); packages'
        parts follow their documents' new names."""
        renamed = {old: new.stem for old, new in versions.items()}
        documents = tuple(_of(versions, d, Document) for d in self.documents)
        packages = tuple(_of(versions, p, Package).renaming_parts(renamed) for p in self.packages)
        return Plan(documents, packages, self.calendars)


def _of(versions: Mapping[str, Item], item: Any, kind: type) -> Any:
    new = versions.get(item.stem, item)
    if not isinstance(new, kind):
        raise TypeError(f"{item.stem}: a new version must be a {kind.__name__}")
    return new
