"""Minutes (referat) of held meetings, and a public version when an item is closed to the public."""

from __future__ import annotations

from dataclasses import replace

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, Planner
from politidok.documents.innkalling import suffix


def plan(p: Planner) -> None:
    from politidok.archive.arkivmelding import Skjerming
    from politidok.context import dato, meetings

    avtale = p.region.avtale
    for name, mote in p.region.moter.items():
        if not mote.referat:
            continue
        langs = meetings.languages(avtale, mote)
        hjemler = sorted({s.unntatt_offentlighet for s in mote.saker if s.unntatt_offentlighet})
        for sprak in langs:
            rad, when = meetings.council(avtale, mote, sprak), dato(mote.dato, sprak)
            public_word = "offentleg" if sprak == "nn" else "offentlig"
            versions = [(KIND, False, f"Referat – {rad}, {when}")]
            if hjemler:  # a closed item: the internal minutes, and a public version without it
                versions.append((PUBLIC, True, f"Referat ({public_word} versjon) – {rad}, {when}"))
            for kind, public, title in versions:
                p.add(
                    Document(
                        kind=kind.name,
                        stem=f"{kind.name}-{name}{suffix(langs, sprak)}",
                        template=p.template(sprak, kind.template),
                        context=meetings.minutes_context(
                            avtale,
                            mote,
                            sprak,
                            public=public,
                            plans=p.region.handlingsplaner,
                            name=name,
                            moter=p.region.moter,
                        ),
                        info=DocumentInfo(title=title, language=LANGUAGE_TAG[sprak], date=mote.dato),
                        language=sprak,
                        arkiv=avtale.arkiv,
                        skjerming=Skjerming(" og ".join(hjemler)) if hjemler and not public else None,
                    )
                )


def sample(s) -> dict:
    from politidok.context import meetings
    from politidok.documents.handlingsplan import sample_plan

    return meetings.minutes_context(
        s.avtale, s.mote, "nb", public=False, plans={s.day.year: sample_plan(s)}, name="mote"
    )


KIND = Kind(
    name="referat",
    title="Referat (også den offentlige versjonen)",
    order=40,
    dokumenttype="PROTOKOLL",
    journalposttype="X",
    template="referat",
    languages=("nb", "nn"),
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
    order=41,
    files="referat-offentlig-<møte>.docx og .pdf (bare når en sak er unntatt offentlighet)",
    guide="Samme mal som referatet; saker unntatt offentlighet står bare med nummer og «Unntatt offentlighet».",
    plan=None,
    sample=None,
)
KINDS = [KIND, PUBLIC]
