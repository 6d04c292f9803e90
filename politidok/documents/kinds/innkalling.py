"""Invitations (innkalling) to the council's meetings, per målform of the recipients, and the
meeting pack: the invitation with the items' attachments merged into one PDF/A."""

from __future__ import annotations

from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, PartRef, Planner
from politidok.documents.shared import package, suffix

# what an invitation shows of avtale.yaml: the council's names, its municipalities (names, målform),
# the members it invites and the secretary who takes replies
SHOWS = ("politirad", "kommuner", "medlemmer")


def plan(p: Planner) -> None:
    from politidok.context import dato, meetings
    from politidok.load import attachment_path

    for name, mote in p.region.moter.items():
        malformer = meetings.languages(p.region.avtale, mote)
        for malform in malformer:
            view = p.view(malform)
            avtale, mote = view.avtale, view.moter[name]
            rad, when = meetings.council(avtale, mote, malform), dato(mote.dato, malform)
            refs: dict[int, list[PartRef]] = {}
            files: list[Input] = []
            for i, vedlegg in meetings.public_attachments(mote).items():  # none of a closed item
                for v in vedlegg:
                    if v.dokument:
                        doc = p.planned(v.dokument, malform)
                        if doc is None:
                            raise RuntimeError(f"{v.dokument} is attachable but has no planned document")
                        refs.setdefault(i, []).append(PartRef(v.tittel or doc.info.title, stem=doc.stem))
                    elif v.fil:
                        path = attachment_path(p.region.folder, v.fil)  # inside the region, a PDF
                        refs.setdefault(i, []).append(PartRef(v.tittel or "", path=path))
                        files.append(Input(p.layout.relative(path)))
            titles = {i: [r.title for r in rs] for i, rs in refs.items()}
            invitation = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"innkalling-{name}{suffix(malformer, malform)}",
                    template=p.template(malform, KIND.template or ""),
                    context=meetings.invitation_context(avtale, mote, malform, titles),
                    info=DocumentInfo(
                        title=f"Innkalling – {rad}, {when}", language=LANGUAGE_TAG[malform], date=mote.sendt
                    ),
                    malform=malform,
                    inputs=(Input(layout.meeting_file(name)), Input(layout.agreement_file(), SHOWS)),
                    arkiv=avtale.arkiv,
                    attachments=sum(len(t) for t in titles.values()),
                )
            )
            if refs:
                p.add(
                    package(
                        f"pakke-{name}{suffix(malformer, malform)}",
                        f"Møtepakke – {rad}, {when}",
                        malform,
                        mote.sendt,
                        [PartRef(f"Innkalling: {rad}, {when}", stem=invitation.stem)]
                        + [
                            PartRef(f"{mote.saker[i].nummer}: {r.title}", stem=r.stem, path=r.path)
                            for i in sorted(refs)
                            for r in refs[i]
                        ],
                        arkiv=avtale.arkiv,
                        codes=KIND.codes,
                        inputs=tuple(files),
                    )
                )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import meetings

    return meetings.invitation_context(s.avtale, s.mote, "nb", {0: [s.text]})


KIND = Kind(
    name="innkalling",
    title="Innkalling til møte",
    attaches=True,
    reads=(layout.AGREEMENT, f"{layout.MEETINGS}/*"),
    dokumenttype="MELDING",
    journalposttype="U",
    template="innkalling",
    malformer=("nb", "nn"),
    files="innkalling-<møte>.docx og .pdf (med -nb/-nn når mottakerne har ulik målform), "
    "pakke-<møte>.pdf med sakenes vedlegg",
    guide="Mottakerne hentes fra avtalens medlemmer; saksliste, svarfrist og praktisk informasjon fra møtefilen "
    "i moter/. Hver mottaker får innkallingen på sin kommunes målform.",
    make_target="invitations",
    plan=plan,
    sample=sample,
)
