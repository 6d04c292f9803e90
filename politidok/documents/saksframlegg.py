"""Saksframlegg: a case presented to a regionråd, kommunestyre or the council, from saker/<sak>.yaml,
with a package (the saksframlegg and its attachments) when it has attachments."""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, PartRef, Planner


def case_document(
    p: Planner, stem: str, sak, attachment_titles: list[str], sprak: str, arkiv, with_kind: str | None = None
) -> Document:
    """The saksframlegg document of `sak` (also used by kinds that present themselves as a case)."""
    from politidok.context import case_context

    return p.add(
        Document(
            kind=KIND.name,
            stem=stem,
            template=p.template(sprak, KIND.template),
            context=case_context(sak, attachment_titles),
            info=DocumentInfo(
                title=f"Saksframlegg – {sak.tittel}", subject=sak.organ, language=LANGUAGE_TAG[sprak], date=sak.dato
            ),
            language=sprak,
            arkiv=arkiv,
            attachments=len(attachment_titles),
            with_kind=with_kind,
        )
    )


def plan(p: Planner) -> None:
    from politidok.documents.pakke import package

    avtale = p.region.avtale
    for name, sak in p.region.saker.items():
        attachments = [(v.tittel or p.by_kind[v.dokument].info.title, p.by_kind[v.dokument]) for v in sak.vedlegg]
        case = case_document(
            p, f"saksframlegg-{name}", sak, [title for title, _doc in attachments], sak.sprak, sak.arkiv or avtale.arkiv
        )
        if attachments:
            p.add(
                package(
                    f"pakke-{name}",
                    f"Saksframlegg med vedlegg – {sak.tittel}",
                    sak.sprak,
                    sak.dato,
                    [PartRef(f"Saksframlegg: {sak.tittel}", case.stem)]
                    + [PartRef(f"Vedlegg {i}: {title}", doc.stem) for i, (title, doc) in enumerate(attachments, 1)],
                    arkiv=case.arkiv,
                    subject=sak.organ,
                )
            )


def sample(s) -> dict:
    from politidok.context import case_context

    return case_context(s.sak, [s.text])


KIND = Kind(
    name="saksframlegg",
    title="Saksframlegg",
    order=20,
    dokumenttype="SAKSFRAMLEGG",
    journalposttype="S",
    template="saksframlegg",
    languages=("nb", "nn"),
    files="saksframlegg-<sak>.docx og .pdf (fra saker/<sak>.yaml), saksframlegg-evaluering-<år>",
    guide="Ingress, saksopplysninger med sitat og kilde, vurdering, tilrådning med nummererte punkter og "
    "vedleggsliste.",
    plan=plan,
    sample=sample,
)
