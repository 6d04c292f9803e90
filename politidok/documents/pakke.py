"""Packages (pakke): a document and its attachments merged into one PDF/A, a bookmark per part.

A package presents a document of another kind (a saksframlegg, an invitation): that kind plans
it with `package()`; this module declares what a package is for the archive and the guide.
"""

from __future__ import annotations

from datetime import date

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Kind, Package, PartRef


def package(
    stem: str,
    title: str,
    language: str,
    day: date | None,
    parts: list[PartRef],
    arkiv=None,
    subject: str = "",
    codes: tuple[str, str] | None = None,
    with_kind: str | None = None,
) -> Package:
    return Package(
        stem=stem,
        info=DocumentInfo(title=title, subject=subject, language=LANGUAGE_TAG[language], date=day),
        language=language,
        parts=parts,
        arkiv=arkiv,
        codes=codes,
        with_kind=with_kind,
    )


KIND = Kind(
    name="pakke",
    title="Pakke (dokument med vedlegg)",
    order=90,
    dokumenttype="SAKSFRAMLEGG",
    journalposttype="S",
    files="pakke-<sak>.pdf og pakke-<møte>.pdf",
    guide="Et saksframlegg eller en innkalling med vedleggene slått sammen til én PDF/A, med et bokmerke per "
    "del. Pakken har ingen egen mal.",
    make_target="invitations",
)
