"""The council's action plan (handlingsplan): a table per priority area with each measure's status at the
plan's date, in every målform of the member municipalities; with a saksframlegg and a package when the plan
goes to the council for adoption (`saksframlegg:` in handlingsplan/<år>.yaml)."""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, PartRef, Planner


def sample_plan(s):
    """A synthetic plan whose first measure is reported on in the synthetic meeting, the second never."""
    from politidok.load.planmodels import Handlingsplan

    plan = s.synthetic(Handlingsplan)  # its measures' id and the reports' id are the same placeholder
    unreported = plan.tiltak[0].model_copy(update={"id": "T-2025-99"})
    return plan.model_copy(update={"tiltak": [plan.tiltak[0], unreported]})


def plan(p: Planner) -> None:
    from politidok.context import handlingsplan as hp
    from politidok.context.meetings import language_of
    from politidok.documents.pakke import package
    from politidok.documents.saksframlegg import case_document

    region, avtale = p.region, p.region.avtale
    langs = sorted({language_of(avtale, k.navn) for k in avtale.kommuner})  # as for the joint meeting
    for ar, handlingsplan in region.handlingsplaner.items():
        when = hp.plan_date(handlingsplan, region.moter)
        title = f"Handlingsplan {ar} – {avtale.politirad.navn}"
        made = {}
        for sprak in langs:
            made[sprak] = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"handlingsplan-{ar}" + (f"-{sprak}" if len(langs) > 1 else ""),
                    template=p.template(sprak, KIND.template),
                    context=hp.plan_context(avtale, handlingsplan, region.moter, sprak),
                    info=DocumentInfo(
                        title=title,
                        subject=f"Handlingsplan for {avtale.politirad.navn}",
                        language=LANGUAGE_TAG[sprak],
                        date=when,
                    ),
                    language=sprak,
                    arkiv=avtale.arkiv,
                )
            )
        if not handlingsplan.saksframlegg:
            continue
        sak = hp.case(avtale, handlingsplan, region.moter)  # to the council for adoption (bokmål, as cases are)
        attached = made.get("nb") or next(iter(made.values()))
        if sak.dato and sak.dato != when:  # the plan as proposed on the case's date, not as reported later
            attached = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"handlingsplan-{ar}-forslag",
                    template=p.template("nb", KIND.template),
                    context=hp.plan_context(avtale, handlingsplan, region.moter, "nb", as_of=sak.dato),
                    info=DocumentInfo(
                        title=f"{title} (forslag)",
                        subject=f"Handlingsplan for {avtale.politirad.navn}",
                        language=LANGUAGE_TAG["nb"],
                        date=sak.dato,
                    ),
                    language="nb",
                    arkiv=avtale.arkiv,
                )
            )
        case = case_document(
            p, f"saksframlegg-handlingsplan-{ar}", sak, [title], "nb", avtale.arkiv, with_kind=KIND.name
        )
        p.add(
            package(
                f"pakke-handlingsplan-{ar}",
                f"Saksframlegg med vedlegg – {sak.tittel}",
                "nb",
                sak.dato,
                [
                    PartRef(f"Saksframlegg: {sak.tittel}", case.stem),
                    PartRef(f"Vedlegg 1: {attached.info.title}", attached.stem),
                ],
                arkiv=avtale.arkiv,
                subject=sak.organ,
                with_kind=KIND.name,
            )
        )


def sample(s) -> dict:
    from politidok.context import handlingsplan as hp

    return hp.plan_context(s.avtale, sample_plan(s), {"mote": s.mote}, "nb")


KIND = Kind(
    name="handlingsplan",
    title="Handlingsplan",
    order=55,
    dokumenttype="DOKUMENT",
    journalposttype="X",
    template="handlingsplan",
    languages=("nb", "nn"),
    files="handlingsplan-<år>.docx og .pdf (-nb/-nn når kommunene har begge målformer), "
    "saksframlegg-handlingsplan-<år> og pakke-handlingsplan-<år>.pdf",
    guide="Tiltakene i handlingsplan/<år>.yaml i en tabell per satsingsområde (id, tiltak, ansvarlig, frist) med "
    "status slik den sist ble rapportert i et møte per planens dato, og effektindikatorene. Med "
    "«saksframlegg:» i planfilen kommer et saksframlegg og en pakke når planen legges fram til vedtak. "
    "Bygg bare planen med make build-handlingsplan REGION=….",
    plan=plan,
    sample=sample,
)
