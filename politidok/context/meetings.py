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
from politidok.load.models import Avtale, Deltaker, Mote, Motesak

MALFORM = {"bokmal": "nb", "nynorsk": "nn"}
NEUTRAL_TITLE = {"nb": "Unntatt offentlighet", "nn": "Unnateke offentlegheit"}
CLOSED_LINE = {"nb": "Unntatt offentlighet, jf. {}", "nn": "Unnateke offentlegheit, jf. {}"}
STATUS = {
    "nb": {"gjennomført": "gjennomført", "pågår": "pågår", "ikke startet": "ikke startet", "utgått": "utgått"},
    "nn": {"gjennomført": "gjennomført", "pågår": "pågår", "ikke startet": "ikkje starta", "utgått": "utgått"},
}
FELLES = {"nb": "fellesmøte", "nn": "fellesmøte"}


def language_of(avtale: Avtale, kommune: str) -> str:
    malform = avtale.kommune(kommune).malform
    return MALFORM.get(malform) or MALFORM[avtale.politirad.noytral_malform]


def languages(avtale: Avtale, mote: Mote) -> list[str]:
    """The målformer a meeting's documents are needed in ('nb' first)."""
    if mote.kommune:
        return [language_of(avtale, mote.kommune)]
    return sorted({language_of(avtale, k.navn) for k in avtale.kommuner})


def council(avtale: Avtale, mote: Mote, sprak: str) -> str:
    """'Politirådet i Gol' or 'Politirådet i Hallingdal – fellesmøte'."""
    if mote.kommune:
        return f"Politirådet i {avtale.kommune(mote.kommune).visningsnavn}"
    names = " / ".join(dict.fromkeys([avtale.politirad.navn] + [n.navn for n in avtale.politirad.andre_navn]))
    return f"{names} – {FELLES[sprak]}"


def weekday_date(d: date, sprak: str) -> str:
    """date(2025, 3, 11), 'nn' -> 'tysdag 11. mars 2025'."""
    return format_date(d, "EEEE d. MMMM y", locale=LOCALE[sprak])


def time_span(mote: Mote) -> str:
    if not mote.fra:
        return ""
    return f"kl. {mote.fra}–{mote.til}" if mote.til else f"kl. {mote.fra}"


def _introducers(mote: Mote, invited: list[str]) -> list[str]:
    """Introducers of agenda items who are not already among the invited (e.g. a guest speaker).

    Not those of closed items: who introduces one tells what it is about (the recipients are public).
    """
    out: list[str] = []
    for sak in mote.saker:
        who = sak.innleder
        if not who or who in out or sak.unntatt_offentlighet:
            continue
        key = who.casefold()
        if not any(r.casefold().startswith(key) or key in r.casefold() for r in invited):
            out.append(who)
    return out


def recipients(avtale: Avtale, mote: Mote) -> list[str]:
    """The agreement's members invited to this meeting (all fixed members for the joint one)."""
    kommuner = [mote.kommune] if mote.kommune else [k.navn for k in avtale.kommuner]
    wanted = ("fast",) if mote.felles else ("fast", "tillegg")
    out: list[str] = []
    for m in avtale.medlemmer:
        if m.deltakelse not in wanted:
            continue
        suffix = f" ({m.navn})" if m.navn else ""
        if m.kommune == "alle":
            out += [f"{m.tittel} i {avtale.kommune(k).visningsnavn}" for k in kommuner]
        elif m.kommune:
            if m.kommune in kommuner:
                out.append(f"{m.tittel} i {avtale.kommune(m.kommune).visningsnavn}{suffix}")
        else:
            out.append(m.tittel + (f", {m.organisasjon}" if m.organisasjon else "") + suffix)
    return out + _introducers(mote, out)


def person(avtale: Avtale, p: Deltaker) -> str:
    where = (
        f" i {avtale.kommune(p.kommune).visningsnavn}"
        if p.kommune
        else (f", {p.organisasjon}" if p.organisasjon else "")
    )
    name = (
        f" ({p.navn}, {p.parti})"
        if p.navn and p.parti
        else (f" ({p.navn})" if p.navn else (f" ({p.parti})" if p.parti else ""))
    )
    part = f" ({p.delvis})" if p.delvis else ""
    return f"{p.tittel}{where}{name}{part}"


def _title(sak: Motesak, sprak: str, public: bool) -> str:
    if sak.unntatt_offentlighet and public:
        return sak.offentlig_tittel or NEUTRAL_TITLE[sprak]
    return sak.tittel


def public_attachments(mote: Mote) -> dict[int, list]:
    """The attachments that may travel with the invitation (index of the item -> its attachments).

    A closed item's attachments are left out: their titles and pages would show what the item is about.
    """
    return {i: list(sak.vedlegg) for i, sak in enumerate(mote.saker) if sak.vedlegg and not sak.unntatt_offentlighet}


def agenda(mote: Mote, sprak: str, attachment_titles: dict[int, list[str]]) -> list[dict]:
    """The saksliste of the invitation: closed items under their neutral title, without introducer or attachments."""
    return [
        {
            "nummer": sak.nummer,
            "tittel": _title(sak, sprak, public=True),
            "innleder": "" if sak.unntatt_offentlighet else sak.innleder or "",
            "vedlegg": [] if sak.unntatt_offentlighet else attachment_titles.get(i, []),
        }
        for i, sak in enumerate(mote.saker)
    ]


def invitation_context(avtale: Avtale, mote: Mote, sprak: str, attachment_titles: dict[int, list[str]]) -> dict:
    return {
        "mote": {
            "rad": council(avtale, mote, sprak),
            "dato": weekday_date(mote.dato, sprak),
            "tid": time_span(mote),
            "sted": mote.sted or "",
            "svarfrist": weekday_date(mote.svarfrist, sprak) if mote.svarfrist else "",
            "sekretar": avtale.politirad.sekretar,
            "praktisk": avsnitt(mote.praktisk),
        },
        "mottakere": recipients(avtale, mote),
        "saker": agenda(mote, sprak, attachment_titles),
        "vedlegg": [
            {"sak": s["nummer"], "tittel": t} for s in agenda(mote, sprak, attachment_titles) for t in s["vedlegg"]
        ],
    }


def _plan_rows(
    mote: Mote, name: str, sak: Motesak, plans: dict, sprak: str, moter: dict[str, Mote], internal: bool
) -> list[dict]:
    """The action plan as it stood at this meeting: statuses reported here, and measures adopted here.

    A measure adopted in a closed sak (of any meeting) appears in full only in internal minutes."""
    from politidok.context import handlingsplan

    known = {**handlingsplan.measures(plans), **handlingsplan.measures(plans, mote.dato.year)}  # as of that year
    rows = []

    def row(t, status: str, kommentar: str = "") -> dict:
        t = handlingsplan.shown(t, moter, sprak, public=not internal)
        return {
            "sak": sak.nummer,
            "tiltak": f"{t.id} {t.tiltak}",
            "ansvarlig": t.ansvarlig,
            "frist": t.frist.strftime("%d.%m.%Y") if t.frist else "–",
            "status": status,
            "kommentar": kommentar,
        }

    reported = {r.tiltak for r in sak.rapportert}
    for t in handlingsplan.adopted_at(plans, name, sak.nummer):
        if t.id not in reported:
            rows.append(row(known.get(t.id, t), NEW_MEASURE[sprak], ADOPTED[sprak]))
    for r in sak.rapportert:
        rows.append(row(known[r.tiltak], handlingsplan.status_text(r.status, sprak), r.kommentar or ""))
    return rows


NEW_MEASURE = {"nb": "nytt tiltak", "nn": "nytt tiltak"}
ADOPTED = {"nb": "Vedtatt i møtet.", "nn": "Vedteke i møtet."}


def minutes_context(
    avtale: Avtale,
    mote: Mote,
    sprak: str,
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
    saker, oppfolging = [], []
    hjemler = []
    for sak in mote.saker:
        closed = bool(sak.unntatt_offentlighet)
        hidden = closed and public
        if closed and sak.unntatt_offentlighet not in hjemler:
            hjemler.append(sak.unntatt_offentlighet)
        saker.append(
            {
                "nummer": sak.nummer,
                "tittel": _title(sak, sprak, public),
                "unntatt": CLOSED_LINE[sprak].format(sak.unntatt_offentlighet) if closed else "",
                "referat": [] if hidden else avsnitt(sak.referat),
                "vedtak": [] if hidden else avsnitt(sak.vedtak),
            }
        )
        if not hidden:
            oppfolging += [
                {
                    "sak": sak.nummer,
                    "tiltak": t.tiltak,
                    "ansvarlig": t.ansvarlig or "–",
                    "frist": t.frist.strftime("%d.%m.%Y") if t.frist else "–",
                    "status": STATUS[sprak][t.status],
                    "kommentar": "",
                }
                for t in sak.tiltak
            ]
            if plans:
                oppfolging += _plan_rows(mote, name, sak, plans, sprak, moter, internal)
    marking = "" if public or not hjemler else CLOSED_LINE[sprak].format(liste(hjemler))
    return {
        "merking": marking,
        "mote": {
            "rad": council(avtale, mote, sprak),
            "dato": weekday_date(mote.dato, sprak),
            "tid": time_span(mote),
            "sted": mote.sted or "",
        },
        "til_stede": [person(avtale, p) for p in ref.til_stede],
        "forfall": [person(avtale, p) for p in ref.forfall],
        "referent": ref.referent,
        "saker": saker,
        "oppfolging": oppfolging,
        "neste_mote": ref.neste_mote or "",
    }
