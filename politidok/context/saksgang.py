"""The saksgang of a saksframlegg: one row per body that treats the case (utvalg, møtedato, saksnummer).

A row without a meeting date gets the date of the council's meeting that treats the case, when the
meetings' YAML says which: a meeting (moter/*.yaml) with the row's saksnummer on its agenda, held on
or after the case's date, for a body that is the council («Politirådet i Sogn», the municipality's
«Politirådet i Gol», or any body whose name says «politiråd»). A row for another body
(«Kommunestyret») is never dated from the council's meetings.
"""

from __future__ import annotations

from collections.abc import Mapping

from politidok.load.models import Avtale, Mote, Sak

# what the saksgang reads of each meeting file (core.fieldpath): which sak numbers, the date, whose council
MEETING_FIELDS = ("dato", "kommune", "felles", "saker[*].nummer")


def _rows(sak: Sak) -> list[tuple[str, str, str]]:
    """(utvalg, møtedato, saksnummer) as the case gives them; the default is its organ and saksnummer."""
    given = [
        (g.utvalg, g.motedato.strftime("%d.%m.%Y") if g.motedato else "", g.saksnummer or "") for g in sak.saksgang
    ]
    return given or [(sak.organ, "", sak.saksnummer or "")]


def needs_meetings(sak: Sak) -> bool:
    """Does a row of the case's saksgang look for its date in the meetings (a number and no date)?"""
    return any(number and not day for _utvalg, day, number in _rows(sak))


def _names(avtale: Avtale, mote: Mote) -> set[str]:
    """What the council of `mote` is called (lower case)."""
    if mote.kommune:
        own = next((k for k in avtale.kommuner if k.navn == mote.kommune), None)
        shown = own.visningsnavn if own is not None else mote.kommune
        return {f"politirådet i {mote.kommune}".casefold(), f"politirådet i {shown}".casefold()}
    return {avtale.politirad.navn.casefold(), *(n.navn.casefold() for n in avtale.politirad.andre_navn)}


def treating(utvalg: str, number: str, sak: Sak, avtale: Avtale, moter: Mapping[str, Mote]) -> Mote | None:
    """The council's meeting that treats case `number` for `utvalg` (module doc), or None."""
    body = " ".join(utvalg.split()).casefold()
    found = [
        m
        for m in moter.values()
        if any(s.nummer == number for s in m.saker)
        and (sak.dato is None or m.dato >= sak.dato)
        and (body in _names(avtale, m) or "politiråd" in body)
    ]
    found.sort(key=lambda m: (body not in _names(avtale, m), m.dato))  # the named council first, then the earliest
    return found[0] if found else None


def saksgang(sak: Sak, avtale: Avtale | None = None, moter: Mapping[str, Mote] | None = None) -> list[dict]:
    """The saksgang table's rows; with the council's meetings, a row without a date gets its meeting's."""
    rows = []
    for utvalg, day, number in _rows(sak):
        if number and not day and avtale is not None and moter:
            meeting = treating(utvalg, number, sak, avtale, moter)
            day = meeting.dato.strftime("%d.%m.%Y") if meeting else ""
        rows.append({"utvalg": utvalg, "motedato": day, "saksnummer": number})
    return rows
