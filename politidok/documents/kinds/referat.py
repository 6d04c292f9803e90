"""Minutes (referat) of held meetings, and a public version when an item is closed to the public."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, Planner
from politidok.documents.shared import sample_plan, suffix

# what minutes show of avtale.yaml: the council's and the municipalities' names (the participants
# are in the meeting file)
SHOWS = ("politirad", "kommuner")


def plan(p: Planner) -> None:
    from politidok.archive.arkivmelding import Skjerming
    from politidok.context import dato, meetings

    for name, mote in p.region.moter.items():
        if not mote.referat:
            continue
        # the measures it follows up, as the plans up to the meeting's year have them
        plans = tuple(Input(layout.plan_file(ar)) for ar in p.region.handlingsplaner if ar <= mote.dato.year)
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
                            avtale, mote, malform, public=public, plans=view.handlingsplaner, name=name
                        ),
                        info=DocumentInfo(title=title, language=LANGUAGE_TAG[malform], date=mote.dato),
                        malform=malform,
                        inputs=(Input(layout.meeting_file(name)), Input(layout.agreement_file(), SHOWS), *plans),
                        arkiv=avtale.arkiv,
                        skjerming=Skjerming(" og ".join(hjemler)) if hjemler and not public else None,
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
    guide="Til stede, forfall, referent, saker med vedtak, oppfølgingstabell og neste møte, fra «referat» i "
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
