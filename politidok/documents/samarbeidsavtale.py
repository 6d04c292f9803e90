"""The cooperation agreement (samarbeidsavtale): signature-ready, one empty signature field per signatory.

Written in the council's målform (språklova § 15): politirad.malform, else nynorsk when every municipality
writes nynorsk (as the evaluation report, context.evaluation.malform), else bokmål.
"""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, Planner

SUBJECT = {
    "nb": "Samarbeidsavtale for politiråd og politiets tjenestetilbud",
    "nn": "Samarbeidsavtale for politiråd og tenestetilbodet til politiet",
}


def plan(p: Planner) -> None:
    from politidok.context import agreement_context, evaluation, signatories
    from politidok.core.docinfo import SignatureField

    avtale = p.region.avtale
    sprak = evaluation.malform(avtale)
    p.add(
        Document(
            kind=KIND.name,
            stem="samarbeidsavtale",
            template=p.template(sprak, KIND.template),
            context=agreement_context(avtale, sprak),
            info=DocumentInfo(
                title=f"Samarbeidsavtale – {avtale.politirad.navn}",
                subject=SUBJECT[sprak],
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
    languages=("nb", "nn"),
    files="samarbeidsavtale.docx og samarbeidsavtale.pdf (PDF/A med ett tomt signaturfelt per signatar)",
    guide="Avtalen mellom kommunene og politiet, fra avtale.yaml. Signaturblokkene og signaturfeltene lages "
    "av signatarlisten; skriv ikke navn eller streker for hånd i malen. Avtalen lages på politirådets målform: "
    "nynorsk (templates/nn/) når politirad.malform er nynorsk, eller (uten den) når alle kommunene har nynorsk.",
    make_target="agreement",
    plan=plan,
    sample=sample,
)
