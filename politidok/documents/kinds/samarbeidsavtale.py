"""The cooperation agreement (samarbeidsavtale): signature-ready, one empty signature field per signatory.

Written in the council's målform (språklova § 15): politirad.malform, else nynorsk when every municipality
writes nynorsk, else bokmål; or in both, as two editions, when politirad.avtaleutgaver asks for them.
"""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, Malform, Planner

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


SUBJECT = {
    "nb": "Samarbeidsavtale for politiråd og politiets tjenestetilbud",
    "nn": "Samarbeidsavtale for politiråd og tenestetilbodet til politiet",
}
EDITION = {"nb": "bokmål", "nn": "nynorsk"}


def editions(avtale: Any) -> list[Malform]:
    """The agreement's målformer: `politirad.avtaleutgaver` (both, for a council whose municipalities
    differ), else the council's målform (nynorsk when every municipality writes nynorsk)."""
    from politidok.context.meetings import politirad_malform

    return sorted(set(avtale.politirad.avtaleutgaver or [politirad_malform(avtale)]))


def plan(p: Planner) -> None:
    from politidok.context import agreement_context, signatories
    from politidok.core.docinfo import SignatureField

    malformer = editions(p.region.avtale)
    for malform in malformer:
        avtale = p.view(malform).avtale
        title = f"Samarbeidsavtale – {avtale.politirad.navn}"
        p.add(
            Document(
                kind=KIND.name,
                stem="samarbeidsavtale" + (f"-{malform}" if len(malformer) > 1 else ""),
                template=p.template(malform, KIND.template or ""),
                context=agreement_context(avtale, malform),
                info=DocumentInfo(
                    # an edition says which it is (title, manifest and arkivmelding)
                    title=title + (f" ({EDITION[malform]})" if len(malformer) > 1 else ""),
                    subject=SUBJECT[malform],
                    language=LANGUAGE_TAG[malform],
                    date=avtale.dato,
                ),
                malform=malform,
                inputs=(Input(layout.agreement_file(), SHOWS),),
                signature_fields=tuple(SignatureField(s["felt"], s["tittel"]) for s in signatories(avtale, malform)),
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
    malformer=("nb", "nn"),
    files="samarbeidsavtale.docx og samarbeidsavtale.pdf (PDF/A med ett tomt signaturfelt per signatar); "
    "med begge utgavene samarbeidsavtale-nb og samarbeidsavtale-nn",
    guide="Avtalen mellom kommunene og politiet, fra avtale.yaml, på politirådets målform (nynorsk når alle "
    "kommunene har nynorsk). Et politiråd med kommuner på begge målformer kan be om begge utgavene med "
    "«avtaleutgaver: [nb, nn]» under politirad: hver er en fullstendig avtale med egne signaturfelt, og en "
    "nynorsk kommunes sak får den nynorske utgaven som vedlegg. Signaturblokkene og signaturfeltene lages "
    "av signatarlisten; skriv ikke navn eller streker for hånd i malen.",
    make_target="agreement",
    plan=plan,
    sample=sample,
)
