"""Invitations (innkalling) to the council's meetings, per målform of the recipients, and the
meeting pack: the invitation with the items' attachments merged into one PDF/A."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Correction, Document, Input, Kind, PartRef, Planner
from politidok.documents.shared import INVITATION_FIELDS, council_fields, package, suffix


def shows(mote: Any, named: bool) -> tuple[str, ...]:
    """What an invitation shows of avtale.yaml: its council's name and målform, the members it invites
    (of its municipality, of all, and those of no municipality; every member for the joint meeting),
    the secretary who takes replies, and (`named`: a document attached by kind) the council's name."""
    members = f"medlemmer[kommune={mote.kommune}|alle|]" if mote.kommune else "medlemmer"
    return (*council_fields(mote), members, "politirad.sekretar", *(("politirad.navn",) if named else ()))


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
                    inputs=(
                        Input(layout.meeting_file(name), INVITATION_FIELDS),
                        Input(layout.agreement_file(), shows(mote, any(r.stem for rs in refs.values() for r in rs))),
                    ),
                    arkiv=avtale.arkiv,
                    attachments=sum(len(t) for t in titles.values()),
                    kommune=mote.kommune,
                    sent=mote.sendt,
                    draft=meetings.is_draft(mote),
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
                            PartRef(f"Vedlegg {n} (sak {nummer}): {r.title}", stem=r.stem, path=r.path)
                            for n, (nummer, r) in enumerate(
                                ((mote.saker[i].nummer, r) for i in sorted(refs) for r in refs[i]), 1
                            )
                        ],
                        arkiv=avtale.arkiv,
                        codes=KIND.codes,
                        inputs=tuple(files),
                        sent=mote.sendt,
                        draft=meetings.is_draft(mote),
                    )
                )


def sample(s: Any) -> dict[str, Any]:
    from politidok.context import meetings

    context = meetings.invitation_context(s.avtale, s.mote, "nb", {0: [s.text]})
    return {**context, "rettelse": {"sendt": s.text, "endringer": [s.text]}}


def correct(version: Document, old: Document | None, correction: Correction) -> Document:
    """A corrected invitation: «Rettet innkalling» («Retta innkalling») in its title and at its top, the
    day it was sent, and what changed since (`rettelse`, only in a corrected invitation: the template
    asks `rettelse is defined`); dated the day the correction is made."""
    from politidok.context import dato
    from politidok.context.corrections import invitation_changes
    from politidok.core.words import word

    malform = version.malform
    changes = invitation_changes(old.context, version.context, malform) if old is not None else []
    rettelse = {
        "sendt": dato(correction.sent, malform) if correction.sent else "",
        "endringer": changes or [word("Innkallingen er rettet.", malform)],
    }
    base = version.base_title.removeprefix("Innkalling")
    n = version.supersedes.version if version.supersedes else 2
    title = word("Rettet innkalling", malform) + base + (f" (versjon {n})" if n > 2 else "")
    return replace(
        version,
        context={**version.context, "rettelse": rettelse},
        info=replace(version.info, title=title, date=correction.made),
    )


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
    "i moter/. Hver mottaker får innkallingen på sin kommunes målform. Den er datert «sendt:» i møtefilen; uten "
    "den har brevhodet ingen dato, og så lenge møtet ikke har referat, er den et utkast («utkast» er sann). "
    "Uten klokkeslett eller sted sier den at "
    "det kommer senere, og uten svarfrist ber den om forfall så snart som mulig.",
    make_target="invitations",
    plan=plan,
    sample=sample,
    correct=correct,
)
