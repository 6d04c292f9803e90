"""Minutes (referat) of held meetings, and a public version when an item is closed to the public."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, Planner
from politidok.documents.shared import council_fields, one_of, sample_plan, suffix

# what minutes show of their meeting file: the meeting, its items with account, decision and follow-up,
# and the minutes themselves (not the invitation's reply date, practical information, introducers or
# attachments)
MEETING = (
    "kommune",
    "felles",
    "dato",
    "fra",
    "til",
    "sted",
    "saker[*].nummer",
    "saker[*].tittel",
    "saker[*].offentlig_tittel",
    "saker[*].unntatt_offentlighet",
    "saker[*].referat",
    "saker[*].vedtak",
    "saker[*].tiltak",
    "saker[*].rapportert",
    "referat",
)


def shows(mote: Any) -> tuple[str, ...]:
    """What minutes show of avtale.yaml: their council's name and målform, the municipalities the
    participants come from, and the meeting's members (those neither present nor absent are «Ikke til
    stede»: of its municipality, of all and of none; every member for the joint meeting)."""
    people = [*mote.referat.til_stede, *mote.referat.forfall] if mote.referat else []
    kommuner = [k for k in [mote.kommune, *(p.kommune for p in people)] if k]
    fields = council_fields(mote)
    if not mote.kommune:
        return (*fields, "medlemmer")
    return (*fields[:-1], f"kommuner[navn={one_of(kommuner)}]", f"medlemmer[kommune={mote.kommune}|alle|]")


def follows_up(name: str, mote: Any) -> tuple[str, ...]:
    """What minutes show of an action plan: the measures adopted at the meeting, and those reported on."""
    reported = [r.tiltak for s in mote.saker for r in s.rapportert]
    return (f"tiltak[vedtatt.mote={name}]", *([f"tiltak[id={one_of(reported)}]"] if reported else []))


def plan(p: Planner) -> None:
    from politidok.archive.arkivmelding import Skjerming
    from politidok.context import dato, meetings

    for name, mote in p.region.moter.items():
        if not mote.referat:
            continue
        # the measures it follows up (a later year's plan may hold one adopted at this meeting)
        plans = tuple(Input(layout.plan_file(ar), follows_up(name, mote)) for ar in p.region.handlingsplaner)
        malformer = meetings.languages(p.region.avtale, mote)
        hjemler = sorted({s.unntatt_offentlighet for s in mote.saker if s.unntatt_offentlighet})
        for malform in malformer:
            view = p.view(malform)
            avtale, mote = view.avtale, view.moter[name]
            rad, when = meetings.council(avtale, mote, malform), dato(mote.dato, malform)
            public_word = "offentleg" if malform == "nn" else "offentlig"
            versions = [(KIND, False, f"Referat – {rad}, {when}")]
            if hjemler:  # a closed item: the internal minutes, and a public version without it
                versions.append((PUBLIC, True, f"Referat ({public_word} versjon) – {rad}, {when}"))
            for kind, public, title in versions:
                p.add(
                    Document(
                        kind=kind.name,
                        stem=f"{kind.name}-{name}{suffix(malformer, malform)}",
                        template=p.template(malform, kind.template or ""),
                        context=meetings.minutes_context(
                            avtale,
                            mote,
                            malform,
                            public=public,
                            plans=view.handlingsplaner,
                            name=name,
                            moter=view.moter,
                        ),
                        info=DocumentInfo(title=title, language=LANGUAGE_TAG[malform], date=mote.dato),
                        malform=malform,
                        inputs=(
                            Input(layout.meeting_file(name), MEETING),
                            Input(layout.agreement_file(), shows(mote)),
                            *plans,
                        ),
                        arkiv=avtale.arkiv,
                        skjerming=Skjerming(" og ".join(hjemler)) if hjemler and not public else None,
                        kommune=mote.kommune,
                    )
                )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import meetings

    return meetings.minutes_context(
        s.avtale, s.mote, "nb", public=False, plans={s.day.year: sample_plan(s)}, name="mote"
    )


KIND = Kind(
    name="referat",
    title="Referat (også den offentlige versjonen)",
    reads=(layout.AGREEMENT, f"{layout.MEETINGS}/*", f"{layout.PLANS}/*"),
    dokumenttype="PROTOKOLL",
    journalposttype="X",
    template="referat",
    malformer=("nb", "nn"),
    files="referat-<møte>.docx og .pdf",
    guide="Til stede, forfall (de som har meldt forfall), ikke til stede (møtets medlemmer etter avtalen som "
    "referatet verken fører som til stede eller med forfall; «Forfall: Ingen» bare når alle er gjort rede for), "
    "referent, saker med vedtak, oppfølgingstabell og neste møte, fra «referat» i "
    "møtefilen. En sak unntatt offentlighet står bare i dette referatet, som skjermes i arkivmeldingen.",
    make_target="minutes",
    plan=plan,
    sample=sample,
)
PUBLIC = replace(  # the same template and archive codes; planned with the internal minutes
    KIND,
    name="referat-offentlig",
    title="Referat, offentlig versjon",
    files="referat-offentlig-<møte>.docx og .pdf (bare når en sak er unntatt offentlighet)",
    guide="Samme mal som referatet; saker unntatt offentlighet står bare med nummer og «Unntatt offentlighet».",
    plan=None,
    sample=None,
)
KINDS = [KIND, PUBLIC]
