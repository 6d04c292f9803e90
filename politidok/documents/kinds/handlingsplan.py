"""The council's action plan (handlingsplan): a table per priority area with each measure's status at the
plan's date, in every målform of the member municipalities; with a saksframlegg and a package when the plan
goes to the council for adoption (`saksframlegg:` in handlingsplan/<år>.yaml)."""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, PartRef, Planner
from politidok.documents.shared import REPORTS, package, saksframlegg, sample_plan

# title, målformer (from the municipalities'), the priority areas
SHOWS = ("politirad.navn", "politirad.noytral_malform", "kommuner[*].navn", "kommuner[*].malform", "satsingsomrader")
NAMES = ("politirad.navn",)  # the case names the council only


def plan(p: Planner) -> None:
    from politidok.context import handlingsplan as hp
    from politidok.context.meetings import language_of, politirad_malform

    region, avtale = p.region, p.region.avtale
    malformer = sorted({language_of(avtale, k.navn) for k in avtale.kommuner})  # as for the joint meeting
    for ar, handlingsplan in region.handlingsplaner.items():
        when = hp.plan_date(handlingsplan, region.moter)
        # the statuses reported at the meetings up to the plan's date
        meetings = tuple(Input(layout.meeting_file(n), REPORTS) for n, m in region.moter.items() if m.dato <= when)
        made = {}
        for malform in malformer:
            view = p.view(malform)
            title = f"{hp.title(ar, malform)} – {view.avtale.politirad.navn}"
            made[malform] = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"handlingsplan-{ar}" + (f"-{malform}" if len(malformer) > 1 else ""),
                    template=p.template(malform, KIND.template or ""),
                    context=hp.plan_context(view.avtale, view.handlingsplaner[ar], view.moter, malform),
                    info=DocumentInfo(
                        title=title,
                        subject=f"Handlingsplan for {view.avtale.politirad.navn}",
                        language=LANGUAGE_TAG[malform],
                        date=when,
                    ),
                    malform=malform,
                    inputs=(Input(layout.plan_file(ar)), Input(layout.agreement_file(), SHOWS), *meetings),
                    arkiv=avtale.arkiv,
                )
            )
        if not handlingsplan.saksframlegg:
            continue
        # to the council for adoption, in the council's målform, with the plan's edition in that målform
        malform = politirad_malform(avtale)
        view = p.view(malform)
        evaluated = ar - 1 in region.evalueringer
        sak = hp.sak(view.avtale, view.handlingsplaner[ar], view.moter, malform, evaluated)
        attached = made.get(malform) or next(iter(made.values()))
        on = hp.proposal_date(view.handlingsplaner[ar], view.moter)
        if on is not None:  # the plan as proposed on the case's date, not as reported later
            # the statuses reported by then, and the meetings that adopted measures after it (which of
            # them the case adopts)
            proposed = tuple(
                Input(layout.meeting_file(n), REPORTS if m.dato <= on else ("dato", "saker[*].unntatt_offentlighet"))
                for n, m in region.moter.items()
            )
            attached = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"handlingsplan-{ar}-forslag",
                    template=p.template(malform, KIND.template or ""),
                    context=hp.plan_context(
                        view.avtale,
                        view.handlingsplaner[ar],
                        view.moter,
                        malform,
                        as_of=on,
                        sak=handlingsplan.saksframlegg.saksnummer,
                    ),
                    info=DocumentInfo(
                        title=f"{hp.title(ar, malform, proposal=True)} – {view.avtale.politirad.navn}",
                        subject=f"Handlingsplan for {view.avtale.politirad.navn}",
                        language=LANGUAGE_TAG[malform],
                        date=sak.dato,
                    ),
                    malform=malform,
                    inputs=(Input(layout.plan_file(ar)), Input(layout.agreement_file(), SHOWS), *proposed),
                    arkiv=avtale.arkiv,
                )
            )
        dated = () if handlingsplan.saksframlegg.dato else meetings  # no date of its own: the plan's date
        case = saksframlegg(
            p,
            f"saksframlegg-handlingsplan-{ar}",
            sak,
            [attached.info.title],
            malform,
            avtale.arkiv,
            (
                Input(layout.plan_file(ar)),
                Input(layout.agreement_file(), NAMES),
                *dated,
                *([Input(layout.evaluation_file(ar - 1))] if evaluated else []),
            ),
            with_kind=KIND.name,
        )
        p.add(
            package(
                f"pakke-handlingsplan-{ar}",
                f"Saksframlegg med vedlegg – {sak.tittel}",  # the same words in nynorsk
                malform,
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


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import handlingsplan as hp

    return hp.plan_context(s.avtale, sample_plan(s), {"mote": s.mote}, "nb")


KIND = Kind(
    name="handlingsplan",
    title="Handlingsplan",
    reads=(layout.AGREEMENT, f"{layout.PLANS}/*", f"{layout.MEETINGS}/*"),
    dokumenttype="DOKUMENT",
    journalposttype="X",
    template="handlingsplan",
    malformer=("nb", "nn"),
    files="handlingsplan-<år>.docx og .pdf (-nb/-nn når kommunene har begge målformer), "
    "saksframlegg-handlingsplan-<år> og pakke-handlingsplan-<år>.pdf",
    guide="Tiltakene i handlingsplan/<år>.yaml i en tabell per satsingsområde (id, tiltak, ansvarlig, frist) med "
    "status slik den sist ble rapportert i et møte per planens dato, og effektindikatorene. Med "
    "«saksframlegg:» i planfilen kommer et saksframlegg og en pakke når planen legges fram til vedtak. "
    "I forslaget (handlingsplan-<år>-forslag) er «forslag» sann og «tittel» «Forslag til handlingsplan <år>» "
    "(nynorsk «Framlegg til …»); skriv {{ tittel }} i overskriften. Bygg bare planen med make build-handlingsplan REGION=….",
    plan=plan,
    sample=sample,
)
