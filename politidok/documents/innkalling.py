"""Invitations (innkalling) to the council's meetings, per målform of the recipients, and the
meeting pack: the invitation with the items' attachments merged into one PDF/A."""

from __future__ import annotations

from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Kind, PartRef, Planner


def suffix(langs: list[str], sprak: str) -> str:
    """A meeting's documents get -nb/-nn when the meeting has recipients in both målformer."""
    return f"-{sprak}" if len(langs) > 1 else ""


def plan(p: Planner) -> None:
    from politidok.context import dato, meetings
    from politidok.documents.pakke import package
    from politidok.load import attachment_path

    avtale = p.region.avtale
    for name, mote in p.region.moter.items():
        langs = meetings.languages(avtale, mote)
        for sprak in langs:
            rad, when = meetings.council(avtale, mote, sprak), dato(mote.dato, sprak)
            refs: dict[int, list[PartRef]] = {}
            for i, vedlegg in meetings.public_attachments(mote).items():  # none of a closed item
                for v in vedlegg:
                    if v.dokument:
                        doc = p.by_kind[v.dokument]
                        refs.setdefault(i, []).append(PartRef(v.tittel or doc.info.title, stem=doc.stem))
                    else:
                        path = attachment_path(p.region.folder, v.fil)  # inside the region, a PDF
                        refs.setdefault(i, []).append(PartRef(v.tittel, path=path))
            titles = {i: [r.title for r in rs] for i, rs in refs.items()}
            invitation = p.add(
                Document(
                    kind=KIND.name,
                    stem=f"innkalling-{name}{suffix(langs, sprak)}",
                    template=p.template(sprak, KIND.template),
                    context=meetings.invitation_context(avtale, mote, sprak, titles),
                    info=DocumentInfo(
                        title=f"Innkalling – {rad}, {when}", language=LANGUAGE_TAG[sprak], date=mote.sendt
                    ),
                    language=sprak,
                    arkiv=avtale.arkiv,
                    attachments=sum(len(t) for t in titles.values()),
                    kommune=mote.kommune,
                )
            )
            if refs:
                p.add(
                    package(
                        f"pakke-{name}{suffix(langs, sprak)}",
                        f"Møtepakke – {rad}, {when}",
                        sprak,
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
                    )
                )


def sample(s) -> dict:
    from politidok.context import meetings

    return meetings.invitation_context(s.avtale, s.mote, "nb", {0: [s.text]})


KIND = Kind(
    name="innkalling",
    title="Innkalling til møte",
    order=30,
    dokumenttype="MELDING",
    journalposttype="U",
    template="innkalling",
    languages=("nb", "nn"),
    files="innkalling-<møte>.docx og .pdf (med -nb/-nn når mottakerne har ulik målform), "
    "pakke-<møte>.pdf med sakenes vedlegg",
    guide="Mottakerne hentes fra avtalens medlemmer; saksliste, svarfrist og praktisk informasjon fra møtefilen "
    "i moter/. Hver mottaker får innkallingen på sin kommunes målform.",
    make_target="invitations",
    plan=plan,
    sample=sample,
)
