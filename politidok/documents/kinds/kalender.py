"""Calendar files (.ics) of the meetings, in Oslo time."""

from __future__ import annotations

from politidok.core import layout
from politidok.core.docinfo import CalendarEvent
from politidok.documents import Calendar, Input, Kind, Planner
from politidok.documents.shared import INVITATION_FIELDS, council_fields


def plan(p: Planner) -> None:
    from politidok.context import dato, meetings
    from politidok.core.words import word

    for name, mote in p.region.moter.items():
        malform = meetings.languages(p.region.avtale, mote)[0]
        view = p.view(malform)
        avtale, mote = view.avtale, view.moter[name]
        agenda = meetings.agenda(mote, malform, {})
        p.add(
            Calendar(
                stem=f"kalender-{name}",
                title=f"Kalender – {meetings.council(avtale, mote, malform)}, {dato(mote.dato, malform)}",
                malform=malform,
                event=CalendarEvent(
                    uid=f"{name}@{p.region.name}.politidok",
                    summary=meetings.council(avtale, mote, malform),
                    location=mote.sted,
                    description=word("Saksliste:", malform)
                    + "\n"
                    + "\n".join(f"{a['nummer']} {a['tittel']}" for a in agenda),
                    day=mote.dato,
                    start=mote.fra,
                    end=mote.til,
                ),
                inputs=(
                    Input(layout.meeting_file(name), INVITATION_FIELDS),
                    Input(layout.agreement_file(), council_fields(mote)),
                ),
            )
        )


KIND = Kind(
    name="kalender",
    title="Kalenderfil",
    reads=(layout.AGREEMENT, f"{layout.MEETINGS}/*"),
    files="kalender-<møte>.ics",
    guide="En kalenderoppføring per møte (Europe/Oslo) med sakslisten. Ingen mal.",
    make_target="invitations",
    plan=plan,
)
