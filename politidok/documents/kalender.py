"""Calendar files (.ics) of the meetings, in Oslo time."""

from __future__ import annotations

from functools import partial

from politidok.documents import Calendar, Kind, Planner


def plan(p: Planner) -> None:
    from politidok.context import dato, meetings

    avtale = p.region.avtale
    for name, mote in p.region.moter.items():
        sprak = meetings.languages(avtale, mote)[0]
        agenda = meetings.agenda(mote, sprak, {})
        p.add(
            Calendar(
                stem=f"kalender-{name}",
                title=f"Kalender – {meetings.council(avtale, mote, sprak)}, {dato(mote.dato, sprak)}",
                language=sprak,
                make=partial(
                    _calendar,
                    uid=f"{name}@{p.region.name}.politidok",
                    summary=meetings.council(avtale, mote, sprak),
                    location=mote.sted,
                    description="Saksliste:\n" + "\n".join(f"{a['nummer']} {a['tittel']}" for a in agenda),
                    day=mote.dato,
                    start=mote.fra,
                    end=mote.til,
                ),
            )
        )


def _calendar(**event) -> bytes:
    from politidok.context import ics  # icalendar takes 40 ms to import: not before the first conversion

    return ics.meeting_calendar(**event)


KIND = Kind(
    name="kalender",
    title="Kalenderfil",
    order=50,
    files="kalender-<møte>.ics",
    guide="En kalenderoppføring per møte (Europe/Oslo) med sakslisten. Ingen mal.",
    make_target="invitations",
    plan=plan,
)
