"""The cooperation agreement (samarbeidsavtale): signature-ready, one empty signature field per signatory."""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, Planner


def plan(p: Planner) -> None:
    from politidok.context import agreement_context, signatories
    from politidok.core.docinfo import SignatureField

    avtale, sprak = p.region.avtale, "nb"
    p.add(
        Document(
            kind=KIND.name,
            stem="samarbeidsavtale",
            template=p.template(sprak, KIND.template),
            context=agreement_context(avtale, sprak),
            info=DocumentInfo(
                title=f"Samarbeidsavtale – {avtale.politirad.navn}",
                subject="Samarbeidsavtale for politiråd og politiets tjenestetilbud",
                language=LANGUAGE_TAG[sprak],
                date=avtale.dato,
            ),
            language=sprak,
            signature_fields=[SignatureField(s["felt"], s["tittel"]) for s in signatories(avtale)],
            arkiv=avtale.arkiv,
        )
    )


def sample(s) -> dict:
    from politidok.context import agreement_context

    return agreement_context(s.avtale)


KIND = Kind(
    name="samarbeidsavtale",
    title="Samarbeidsavtalen",
    order=10,
    dokumenttype="AVTALE",
    journalposttype="U",
    template="samarbeidsavtale",
    files="samarbeidsavtale.docx og samarbeidsavtale.pdf (PDF/A med ett tomt signaturfelt per signatar)",
    guide="Avtalen mellom kommunene og politiet, fra avtale.yaml. Signaturblokkene og signaturfeltene lages "
    "av signatarlisten; skriv ikke navn eller streker for hånd i malen.",
    make_target="agreement",
    plan=plan,
    sample=sample,
)
