"""The cooperation agreement (samarbeidsavtale): signature-ready, one empty signature field per signatory."""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, Planner

# what the agreement shows of avtale.yaml (not `arkiv`: archive references go to the arkivmelding only;
# of the members, how each is named, by participation: not their persons, municipalities or organisations)
SHOWS = (
    "politirad",
    "kommuner",
    "politi",
    "regionrad",
    "medlemmer[*].tittel",
    "medlemmer[*].omtale",
    "medlemmer[*].deltakelse",
    "satsingsomrader",
    "tjenestetilbud",
    "moter",
    "gyldighet",
    "signering",
)


def plan(p: Planner) -> None:
    from politidok.context import agreement_context, signatories
    from politidok.core.docinfo import SignatureField

    avtale, malform = p.region.avtale, "nb"
    p.add(
        Document(
            kind=KIND.name,
            stem="samarbeidsavtale",
            template=p.template(malform, KIND.template or ""),
            context=agreement_context(avtale, malform),
            info=DocumentInfo(
                title=f"Samarbeidsavtale – {avtale.politirad.navn}",
                subject="Samarbeidsavtale for politiråd og politiets tjenestetilbud",
                language=LANGUAGE_TAG[malform],
                date=avtale.dato,
            ),
            malform=malform,
            inputs=(Input(layout.agreement_file(), SHOWS),),
            signature_fields=tuple(SignatureField(s["felt"], s["tittel"]) for s in signatories(avtale)),
            arkiv=avtale.arkiv,
        )
    )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import agreement_context

    return agreement_context(s.avtale)


KIND = Kind(
    name="samarbeidsavtale",
    title="Samarbeidsavtalen",
    reads=(layout.AGREEMENT,),
    attachable=True,
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
