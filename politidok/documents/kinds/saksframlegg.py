"""Saksframlegg: a case presented to a regionråd, kommunestyre or the council, from saker/<sak>.yaml,
with a package (the saksframlegg and its attachments) when it has attachments."""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.documents import Input, Kind, PartRef, Planner
from politidok.documents.shared import package, saksframlegg


def plan(p: Planner) -> None:
    for name, sak in p.region.saker.items():
        view = p.view(sak.malform)  # the case's texts in its målform
        avtale, sak = view.avtale, view.saker[name]
        attachments = []
        for v in sak.vedlegg:
            doc = p.planned(v.dokument, sak.malform)
            if doc is None:
                raise RuntimeError(f"{v.dokument} is attachable but has no planned document")
            attachments.append((v.tittel or doc.info.title, doc))
        case = saksframlegg(
            p,
            f"saksframlegg-{name}",
            sak,
            [title for title, _doc in attachments],
            sak.malform,
            sak.arkiv or avtale.arkiv,
            # the attachments' default titles name the council
            (
                Input(layout.case_file(name)),
                *([Input(layout.agreement_file(), ("politirad.navn",))] if attachments else []),
            ),
        )
        if attachments:
            p.add(
                package(
                    f"pakke-{name}",
                    f"Saksframlegg med vedlegg – {sak.tittel}",
                    sak.malform,
                    sak.dato,
                    [PartRef(f"Saksframlegg: {sak.tittel}", case.stem)]
                    + [PartRef(f"Vedlegg {i}: {title}", doc.stem) for i, (title, doc) in enumerate(attachments, 1)],
                    arkiv=case.arkiv,
                    subject=sak.organ,
                )
            )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import sak_context

    return sak_context(s.sak, [s.text])


KIND = Kind(
    name="saksframlegg",
    title="Saksframlegg",
    attaches=True,
    # also the cases that present a plan or a report (planned by those kinds)
    reads=(
        layout.AGREEMENT,
        f"{layout.CASES}/*",
        f"{layout.PLANS}/*",
        f"{layout.EVALUATIONS}/*",
        f"{layout.MEETINGS}/*",
    ),
    dokumenttype="SAKSFRAMLEGG",
    journalposttype="S",
    template="saksframlegg",
    malformer=("nb", "nn"),
    files="saksframlegg-<sak>.docx og .pdf (fra saker/<sak>.yaml), saksframlegg-evaluering-<år>",
    guide="Ingress, saksopplysninger med sitat og kilde, vurdering, tilrådning med nummererte punkter og "
    "vedleggsliste.",
    plan=plan,
    sample=sample,
)
