"""The year's meetings in the evaluation report: held (with minutes) against the agreement's plan, and
those called but without minutes yet.

A meeting counts as held when its minutes are registered (`referat:` in its file). A meeting of the year
with a file, dated by the report's date, but without minutes was called and has no minutes: the report
and its saksframlegg say so, the same for a council that meets as needed (Kåfjord) as for a planned
meeting (Flå in Hallingdal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from politidok.load.models import Avtale, Mote


@dataclass(frozen=True)
class MeetingRow:
    rad: str
    planlagt: int
    holdt: int
    datoer: list[date]
    uten_referat: list[date] = field(default_factory=list)  # called (a file), no minutes by the report's date


def held_meetings(moter: dict[str, Mote], year: int) -> dict[str, Mote]:
    return {k: m for k, m in moter.items() if m.dato.year == year and m.referat is not None}


def without_minutes(moter: dict[str, Mote], year: int, when: date) -> dict[str, Mote]:
    """The meetings of the year, by the report's date `when`, that were called but have no minutes."""
    return {k: m for k, m in moter.items() if m.dato.year == year and m.dato <= when and m.referat is None}


def meeting_rows(avtale: Avtale, moter: dict[str, Mote], year: int, when: date) -> list[MeetingRow]:
    """A row per municipality (those with a fixed plan, or with a meeting) and one for the joint meeting."""
    held = list(held_meetings(moter, year).values())
    called = list(without_minutes(moter, year, when).values())

    def row(rad: str, planlagt: int, of: str | None) -> MeetingRow:
        def mine(m: Mote) -> bool:
            return m.kommune == of if of else m.felles

        return MeetingRow(
            rad,
            planlagt,
            sum(1 for m in held if mine(m)),
            [m.dato for m in held if mine(m)],
            sorted(m.dato for m in called if mine(m)),
        )

    rows = [
        row(k.visningsnavn, avtale.moter.per_kommune, k.navn)
        for k in avtale.kommuner
        if avtale.moter.per_kommune or any(m.kommune == k.navn for m in [*held, *called])
    ]
    if avtale.moter.felles or any(m.felles for m in [*held, *called]):
        where = avtale.moter.felles_sted or (avtale.regionrad.navn if avtale.regionrad else "")
        rows.append(row(f"Fellesmøtet ({where})" if where else "Fellesmøtet", avtale.moter.felles, None))
    return rows


def missing_minutes(rows: list[MeetingRow], malform: str = "nb") -> list[str]:
    """What the saksframlegg says minutes are missing from: «Flå (16.09.2025)» per council (the called
    meetings' dates, none for a planned meeting never called), or «møtet 16.10.2025» for a council that
    has one row."""
    meetings = "møta" if malform == "nn" else "møtene"
    out = []
    for m in rows:
        if not m.uten_referat and m.holdt >= m.planlagt:
            continue
        days = " og ".join(d.strftime("%d.%m.%Y") for d in m.uten_referat)
        if len(rows) == 1 and days:
            out.append(f"{'møtet' if len(m.uten_referat) == 1 else meetings} {days}")
        else:
            out.append(f"{m.rad} ({days})" if days else m.rad)
    return out
