"""Meetings: which languages, who is invited, and the template context of invitations and minutes.

Language (språklova § 15): a document addressed to a municipality is written in its målform;
to a neutral municipality in the region's choice (politirad.noytral_malform, bokmål by default).
The joint meeting addresses every municipality, so its documents come in every målform needed.

Closed items (unntatt offentlighet): the public minutes keep the item's number, show a
neutral title and the line «Unntatt offentlighet, jf. <hjemmel>», and nothing else of it: not
its title, account, decision or follow-up actions. Invitations, meeting packs and calendar
files, which travel widely, show a closed item under its neutral title only: no introducer, no
attachments (neither their titles nor their pages).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from politidok.context import LOCALE, avsnitt
from politidok.core.tekst import liste
from politidok.core.words import rolle, word
from politidok.load.models import Avtale, Deltaker, Kommune, Medlem, Mote, Motesak
from politidok.load.values import Malform


def closed_line(hjemmel: str, malform: str) -> str:
    """«Unntatt offentlighet, jf. offl. § 13»: the marking of a closed item or document."""
    return word("Unntatt offentlighet, jf. {}", malform).format(hjemmel)


def _kommune(avtale: Avtale, navn: str) -> Kommune:
    """The agreement's municipality `navn` (load_region checks that every municipality the input names is one;
    KeyError for another, as for a region put together without those checks)."""
    found = avtale.kommune(navn)
    if found is None:
        raise KeyError(navn)
    return found


def language_of(avtale: Avtale, kommune: str) -> Malform:
    chosen = _kommune(avtale, kommune).malform
    return avtale.politirad.noytral_malform if chosen == "noytral" else chosen


def politirad_malform(avtale: Avtale) -> Malform:
    """The målform of the council's own documents ('nb' or 'nn'): politirad.malform when given, else
    nynorsk when every member municipality's målform is nynorsk (a neutral one counts as the council's
    noytral_malform), else bokmål."""
    if avtale.politirad.malform:
        return avtale.politirad.malform
    return "nn" if all(language_of(avtale, k.navn) == "nn" for k in avtale.kommuner) else "nb"


def languages(avtale: Avtale, mote: Mote) -> list[Malform]:
    """The målformer a meeting's documents are needed in ('nb' first)."""
    if mote.kommune:
        return [language_of(avtale, mote.kommune)]
    return sorted({language_of(avtale, k.navn) for k in avtale.kommuner})


def council(avtale: Avtale, mote: Mote, malform: str) -> str:
    """'Politirådet i Gol' or 'Politirådet i Hallingdal – fellesmøte'."""
    if mote.kommune:
        return f"Politirådet i {_kommune(avtale, mote.kommune).visningsnavn}"
    names = " / ".join(dict.fromkeys([avtale.politirad.navn] + [n.navn for n in avtale.politirad.andre_navn]))
    return f"{names} – fellesmøte"  # the same word in both målformer


def weekday_date(d: date, malform: str) -> str:
    """date(2025, 3, 11), 'nn' -> 'tysdag 11. mars 2025'."""
    return format_date(d, "EEEE d. MMMM y", locale=LOCALE[malform])


def time_span(mote: Mote) -> str:
    if not mote.fra:
        return ""
    return f"kl. {mote.fra}–{mote.til}" if mote.til else f"kl. {mote.fra}"


def _introducers(mote: Mote, invited: list[str], malform: str) -> list[str]:
    """Introducers of agenda items who are not already among the invited (e.g. a guest speaker).

    Not those of closed items: who introduces one tells what it is about (the recipients are public).
    """
    out: list[str] = []
    for sak in mote.saker:
        who = rolle(sak.innleder, malform) if sak.innleder else None
        if not who or who in out or sak.unntatt_offentlighet:
            continue
        key = who.casefold()
        if not any(r.casefold().startswith(key) or key in r.casefold() for r in invited):
            out.append(who)
    return out


def members(avtale: Avtale, mote: Mote) -> list[tuple[Medlem, str | None]]:
    """The agreement's members of this meeting, each with the municipality it sits for («alle» is one per
    municipality): a municipality's meeting has its own, the council's and the additional members
    (`tillegg`); the joint meeting every fixed member."""
    kommuner = [mote.kommune] if mote.kommune else [k.navn for k in avtale.kommuner]
    wanted = ("fast",) if mote.felles else ("fast", "tillegg")
    out: list[tuple[Medlem, str | None]] = []
    for m in avtale.medlemmer:
        if m.deltakelse not in wanted:
            continue
        if m.kommune == "alle":
            out += [(m, k) for k in kommuner]
        elif m.kommune:
            if m.kommune in kommuner:
                out.append((m, m.kommune))
        else:
            out.append((m, None))
    return out


def _member(avtale: Avtale, m: Medlem, kommune: str | None, malform: str) -> str:
    """«Ordfører i Gol», «Politikontakt, Hallingdal politistasjonsdistrikt (Kari Nordmann)»."""
    tittel = rolle(m.tittel, malform)
    if kommune:
        return f"{tittel} i {_kommune(avtale, kommune).visningsnavn}" + (
            f" ({m.navn})" if m.navn and m.kommune != "alle" else ""
        )
    return tittel + (f", {m.organisasjon}" if m.organisasjon else "") + (f" ({m.navn})" if m.navn else "")


def recipients(avtale: Avtale, mote: Mote, malform: str = "nb") -> list[str]:
    """The agreement's members invited to this meeting (all fixed members for the joint one), their titles
    in `malform`."""
    out = [_member(avtale, m, kommune, malform) for m, kommune in members(avtale, mote)]
    return out + _introducers(mote, out, malform)


def _is(p: Deltaker, m: Medlem, kommune: str | None) -> bool:
    """Whether the participant `p` of the minutes is the member `m` (sitting for `kommune`): the same role
    (in either målform), of the same municipality, or of no municipality and the same organisation (when
    both name one)."""
    if rolle(p.tittel, "nb").casefold() != rolle(m.tittel, "nb").casefold():
        return False
    if kommune or p.kommune:
        return p.kommune == kommune
    return not (p.organisasjon and m.organisasjon) or p.organisasjon.casefold() == m.organisasjon.casefold()


def not_present(avtale: Avtale, mote: Mote, malform: str = "nb") -> list[str]:
    """The members of a held meeting the minutes list neither present nor absent (`forfall`, who sent
    apologies): «Ikke til stede». Empty when every member is accounted for."""
    assert mote.referat is not None  # minutes are made of a held meeting
    listed = [*mote.referat.til_stede, *mote.referat.forfall]
    return [
        _member(avtale, m, kommune, malform)
        for m, kommune in members(avtale, mote)
        if not any(_is(p, m, kommune) for p in listed)
    ]


def person(avtale: Avtale, p: Deltaker, malform: str = "nb") -> str:
    where = (
        f" i {_kommune(avtale, p.kommune).visningsnavn}"
        if p.kommune
        else (f", {p.organisasjon}" if p.organisasjon else "")
    )
    name = (
        f" ({p.navn}, {p.parti})"
        if p.navn and p.parti
        else (f" ({p.navn})" if p.navn else (f" ({p.parti})" if p.parti else ""))
    )
    part = f" ({p.delvis})" if p.delvis else ""
    return f"{rolle(p.tittel, malform)}{where}{name}{part}"


def _title(sak: Motesak, malform: str, public: bool) -> str:
    if sak.unntatt_offentlighet and public:
        return sak.offentlig_tittel or word("Unntatt offentlighet", malform)
    return sak.tittel


def public_attachments(mote: Mote) -> dict[int, list]:
    """The attachments that may travel with the invitation (index of the item -> its attachments).

    A closed item's attachments are left out: their titles and pages would show what the item is about.
    """
    return {i: list(sak.vedlegg) for i, sak in enumerate(mote.saker) if sak.vedlegg and not sak.unntatt_offentlighet}


def agenda(mote: Mote, malform: str, attachment_titles: dict[int, list[str]]) -> list[dict]:
    """The saksliste of the invitation: closed items under their neutral title, without introducer or attachments."""
    return [
        {
            "nummer": sak.nummer,
            "tittel": _title(sak, malform, public=True),
            "innleder": "" if sak.unntatt_offentlighet or not sak.innleder else rolle(sak.innleder, malform),
            "vedlegg": [] if sak.unntatt_offentlighet else attachment_titles.get(i, []),
        }
        for i, sak in enumerate(mote.saker)
    ]


def is_draft(mote: Mote) -> bool:
    """An invitation not sent (no `sendt:`) to a meeting not held (no minutes): a draft. The invitation of a
    held meeting went out, on a day the input does not give: undated, but not a draft."""
    return mote.sendt is None and mote.referat is None


def invitation_context(avtale: Avtale, mote: Mote, malform: str, attachment_titles: dict[int, list[str]]) -> dict:
    """The invitation's values. It is dated the day it is sent (`sendt:`, also a day still to come: it goes
    out unchanged that day, and the build records it then); without `sendt:` it is undated and never recorded
    as sent, and a draft (`utkast`) unless the meeting is held (is_draft). A build never dates it by the clock."""
    return {
        "utkast": is_draft(mote),
        "mote": {
            "rad": council(avtale, mote, malform),
            "dato": weekday_date(mote.dato, malform),
            "tid": time_span(mote),
            "sted": mote.sted or "",
            "svarfrist": weekday_date(mote.svarfrist, malform) if mote.svarfrist else "",
            "sekretar": rolle(avtale.politirad.sekretar, malform),
            "praktisk": avsnitt(mote.praktisk),
        },
        "mottakere": recipients(avtale, mote, malform),
        "saker": agenda(mote, malform, attachment_titles),
        "vedlegg": [
            {"sak": s["nummer"], "tittel": t} for s in agenda(mote, malform, attachment_titles) for t in s["vedlegg"]
        ],
    }


def _plan_rows(
    mote: Mote, name: str, sak: Motesak, plans: dict, malform: str, moter: dict[str, Mote], internal: bool
) -> list[dict]:
    """The action plan as it stood at this meeting: statuses reported here, and measures adopted here.

    A measure adopted in a closed sak (of any meeting) appears in full only in internal minutes."""
    from politidok.context import handlingsplan

    known = {**handlingsplan.measures(plans), **handlingsplan.measures(plans, mote.dato.year)}  # as of that year
    rows = []

    def row(t, status: str, kommentar: str = "") -> dict:
        t = handlingsplan.shown(t, moter, malform, public=not internal)
        return {
            "sak": sak.nummer,
            "tiltak": f"{t.id} {t.tiltak}",
            "ansvarlig": rolle(t.ansvarlig, malform),
            "frist": t.frist.strftime("%d.%m.%Y") if t.frist else "–",
            "status": status,
            "kommentar": kommentar,
        }

    reported = {r.tiltak for r in sak.rapportert}
    for t in handlingsplan.adopted_at(plans, name, sak.nummer):
        if t.id not in reported:
            rows.append(row(known.get(t.id, t), "nytt tiltak", word("Vedtatt i møtet.", malform)))
    for r in sak.rapportert:
        rows.append(row(known[r.tiltak], r.status.label(malform), r.kommentar or ""))
    return rows


def minutes_context(
    avtale: Avtale,
    mote: Mote,
    malform: str,
    public: bool,
    plans: dict | None = None,
    name: str = "",
    moter: dict[str, Mote] | None = None,
) -> dict:
    """Minutes; `public` drops everything of closed items but their number and hjemmel.

    With the region's action plans (`plans`, year -> Handlingsplan) and the meeting's file stem
    (`name`), the follow-up lists the measures adopted at and reported on at this meeting, with
    the status reported here: never a later one. Only the internal minutes (not `public`, of a
    meeting with a closed item) show measures adopted in a closed sak of any of the region's
    meetings (`moter`) in full; every other minutes is public and shows their public view."""
    moter = {**(moter or {}), name: mote}
    internal = not public and any(s.unntatt_offentlighet for s in mote.saker)
    ref = mote.referat
    assert ref is not None  # minutes are made of a held meeting, one with a referat
    saker, oppfolging = [], []
    hjemler = []
    for sak in mote.saker:
        closed = bool(sak.unntatt_offentlighet)
        hidden = closed and public
        if sak.unntatt_offentlighet and sak.unntatt_offentlighet not in hjemler:  # closed
            hjemler.append(sak.unntatt_offentlighet)
        saker.append(
            {
                "nummer": sak.nummer,
                "tittel": _title(sak, malform, public),
                "unntatt": closed_line(sak.unntatt_offentlighet, malform) if sak.unntatt_offentlighet else "",
                "referat": [] if hidden else avsnitt(sak.referat),
                "vedtak": [] if hidden else avsnitt(sak.vedtak),
            }
        )
        if not hidden:
            oppfolging += [
                {
                    "sak": sak.nummer,
                    "tiltak": t.tiltak,
                    "ansvarlig": rolle(t.ansvarlig, malform) if t.ansvarlig else "–",
                    "frist": t.frist.strftime("%d.%m.%Y") if t.frist else "–",
                    "status": t.status.label(malform),
                    "kommentar": "",
                }
                for t in sak.tiltak
            ]
            if plans:
                oppfolging += _plan_rows(mote, name, sak, plans, malform, moter, internal)
    marking = "" if public or not hjemler else closed_line(liste(hjemler), malform)
    return {
        "merking": marking,
        "mote": {
            "rad": council(avtale, mote, malform),
            "dato": weekday_date(mote.dato, malform),
            "tid": time_span(mote),
            "sted": mote.sted or "",
        },
        "til_stede": [person(avtale, p, malform) for p in ref.til_stede],
        "forfall": [person(avtale, p, malform) for p in ref.forfall],
        # members neither present nor with apologies: «Ikke til stede»; «Forfall: Ingen» only when it is empty
        "ikke_til_stede": not_present(avtale, mote, malform),
        "referent": rolle(ref.referent, malform),
        "saker": saker,
        "oppfolging": oppfolging,
        "neste_mote": ref.neste_mote or "",
    }
