"""The council's meeting plan (møteplan) for a year: the meetings the agreement plans and those held.

One page per year that has meeting files: every meeting of the year (date, council, place, held or
planned), and a row for each meeting the agreement plans that has no meeting file yet. Added as
the worked example of docs/architecture.md («Adding a kind»): this module, its two templates and
its tests are all there is to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from politidok.core import layout
from politidok.core.docinfo import DocumentInfo
from politidok.documents import LANGUAGE_TAG, Document, Input, Kind, Planner

# the council's name and målform, its municipalities and the meetings the agreement plans
SHOWS = ("politirad", "kommuner", "moter", "regionrad")
# a row per meeting, held or planned, and the day its invitation was sent, which dates the plan (_plan_date)
MEETING = ("kommune", "felles", "dato", "sted", "referat?", "sendt")


def plan(p: Planner) -> None:
    from politidok.context.meetings import politirad_malform

    malform = politirad_malform(p.region.avtale)
    view = p.view(malform)
    avtale = view.avtale
    for ar in sorted({m.dato.year for m in view.moter.values()}):
        names = [n for n, m in view.moter.items() if m.dato.year == ar]
        context = moteplan_context(avtale, {n: view.moter[n] for n in names}, ar, malform)
        p.add(
            Document(
                kind=KIND.name,
                stem=f"moteplan-{ar}",
                template=p.template(malform, KIND.template or ""),
                context=context,
                info=DocumentInfo(
                    title=f"Møteplan {ar} – {avtale.politirad.navn}",
                    language=LANGUAGE_TAG[malform],
                    date=_plan_date(p.region.moter.values(), ar),
                ),
                malform=malform,
                inputs=(
                    Input(layout.agreement_file(), SHOWS),
                    *(Input(layout.meeting_file(n), MEETING) for n in names),
                ),
                arkiv=avtale.arkiv,
            )
        )


def _plan_date(moter: Any, ar: int) -> date:
    """The date the plan states status for: the last day the year's meeting files tell of, a meeting held
    (its minutes written) or an invitation sent (`sendt:`: from then the meeting is set up, and the plan goes
    out with its invitation); a year with neither has only its first of January (the input has no date of
    the plan's own)."""
    held = [m.dato for m in moter if m.dato.year == ar and m.referat is not None]
    sent = [m.sendt for m in moter if m.dato.year == ar and m.sendt is not None]
    return max(held + sent, default=date(ar, 1, 1))


def moteplan_context(avtale: Any, moter: dict[str, Any], ar: int, malform: str) -> dict[str, Any]:
    """The year's meetings (`moter`: file stem -> meeting of that year) against the agreement's plan.

    A row's `status` is «holdt» (minutes written), «uten_referat» (a meeting file, its day before the plan's
    date, no minutes), «planlagt» (a meeting file, its day still to come) or «mangler» (planned by the
    agreement, no meeting file yet); the template words them."""
    from politidok.context import dato
    from politidok.context.meetings import council

    day = _plan_date(moter.values(), ar)

    def status(m: Any) -> str:
        if m.referat is not None:
            return "holdt"
        return "uten_referat" if m.dato < day else "planlagt"

    rows = [
        {
            "dato": m.dato.strftime("%d.%m.%Y"),
            "mote": council(avtale, m, malform),
            "sted": m.sted or "–",
            "status": status(m),
        }
        for _name, m in sorted(moter.items(), key=lambda kv: (kv[1].dato, kv[0]))
    ]
    planned = 0
    for kommune in avtale.kommuner if avtale.moter.per_kommune else []:
        planned += avtale.moter.per_kommune
        have = sum(1 for m in moter.values() if m.kommune == kommune.navn)
        rows += [_missing(f"Politirådet i {kommune.visningsnavn}")] * max(0, avtale.moter.per_kommune - have)
    if avtale.moter.felles:
        planned += avtale.moter.felles
        have = sum(1 for m in moter.values() if m.felles)
        names = " / ".join(dict.fromkeys([avtale.politirad.navn] + [n.navn for n in avtale.politirad.andre_navn]))
        rows += [_missing(f"{names} – fellesmøte")] * max(0, avtale.moter.felles - have)
    return {
        "ar": ar,
        "politirad": avtale.politirad.navn,
        "dato": dato(day, malform),
        "moter": rows,
        "planlagt": planned,
        "holdt": sum(1 for r in rows if r["status"] == "holdt"),
        "ved_behov": avtale.moter.ved_behov,
    }


def _missing(mote: str) -> dict[str, str]:
    return {"dato": "–", "mote": mote, "sted": "–", "status": "mangler"}


def sample(s: Any) -> dict[str, Any]:
    return moteplan_context(s.avtale, {"mote": s.mote}, s.day.year, "nb")


KIND = Kind(
    name="moteplan",
    title="Møteplan",
    reads=(layout.AGREEMENT, f"{layout.MEETINGS}/*"),
    dokumenttype="DOKUMENT",
    journalposttype="X",
    template="moteplan",
    malformer=("nb", "nn"),
    files="moteplan-<år>.docx og .pdf",
    guide="Møtene i året: dato, politiråd, sted og om møtet er holdt, fra møtefilene i moter/, og en rad for hvert "
    "møte samarbeidsavtalen planlegger som ennå ikke har en møtefil. På politirådets målform. Datert det siste "
    "møtet i året som er holdt, eller den siste innkallingen som er sendt (sendt: i møtefilen), om den er senere.",
    make_target="invitations",
    plan=plan,
    sample=sample,
)
