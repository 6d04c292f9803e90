"""Packages (pakke): a document and its attachments merged into one PDF/A, a bookmark per part.

A package presents a document of another kind (a saksframlegg, an invitation): that kind plans
it with `documents.shared.package()`; this module declares what a package is for the archive and
the guide.
"""

from __future__ import annotations

from politidok.documents import Kind

KIND = Kind(
    name="pakke",
    title="Pakke (dokument med vedlegg)",
    reads=("*",),  # the attachment files among its parts, wherever in the region folder
    dokumenttype="SAKSFRAMLEGG",
    journalposttype="S",
    files="pakke-<sak>.pdf og pakke-<møte>.pdf",
    guide="Et saksframlegg eller en innkalling med vedleggene slått sammen til én PDF/A, med et bokmerke per "
    "del. Pakken har ingen egen mal.",
    make_target="invitations",
)
