"""The council's action plan (handlingsplan): queries, the plan document and next year's plan.

A plan per year lives in agreements/<region>/handlingsplan/<year>.yaml. Each measure has a
stable id (T-2025-03) and the meeting + sak that adopted it. Its status is never written in the
plan: each meeting file records what was reported at that meeting (`rapportert` under a sak),
so a meeting's minutes show the plan as it stood then, and a later meeting never changes them.

Queries answer "what was the status of T-2025-03 at date D" from the meetings held up to D.

A measure adopted in a sak closed to the public (unntatt offentlighet) is as closed as the sak:
public documents (the plan, the report, public minutes and every minutes of a meeting without a
closed item) show it only in its public view (`public_view`): its own public wording
(`offentlig_tekst`) with id, responsible and deadline, or without one only its id and a neutral text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from politidok.core.status import Status
from politidok.core.words import rolle, word
from politidok.load.models import Avtale, Mote, Motesak, Sak
from politidok.load.planmodels import Handlingsplan, Plantiltak


@dataclass(frozen=True)
class Report:
    """One status reported on one measure at one meeting."""

    tiltak: str  # measure id
    mote: str  # meeting file stem
    dato: date
    sak: str
    status: Status
    kommentar: str
    closed: bool  # reported under a sak closed to the public
    gjennomfort: date | None = None  # the day it was done, when the report says so


def measures(plans: dict[int, Handlingsplan], year: int | None = None) -> dict[str, Plantiltak]:
    """Every measure by id, as the latest plan up to `year` has it (a later year's plan, which may give a
    carried-over measure a new deadline, does not change what an earlier document shows)."""
    out: dict[str, Plantiltak] = {}
    for ar, plan in sorted(plans.items()):
        if year is not None and ar > year:
            continue
        for t in plan.tiltak:
            out[t.id] = t
    return out


def reports(moter: dict[str, Mote]) -> list[Report]:
    """Every status reported in the held meetings, in meeting order."""
    out = []
    for name, mote in sorted(moter.items(), key=lambda kv: (kv[1].dato, kv[0])):
        if mote.referat is None:
            continue
        for sak in mote.saker:
            for r in sak.rapportert:
                out.append(
                    Report(
                        r.tiltak,
                        name,
                        mote.dato,
                        sak.nummer,
                        r.status,
                        r.kommentar or "",
                        bool(sak.unntatt_offentlighet),
                        r.gjennomfort,
                    )
                )
    return out


def history(moter: dict[str, Mote], measure: str, until: date | None = None) -> list[Report]:
    """The reports on one measure (held meetings up to and including `until`)."""
    return [r for r in reports(moter) if r.tiltak == measure and (until is None or r.dato <= until)]


def status_at(moter: dict[str, Mote], measure: str, when: date) -> Status:
    """The status of a measure as last reported at a meeting on or before `when`."""
    found = history(moter, measure, when)
    return found[-1].status if found else Status.IKKE_STARTET


def closed_adoption(t: Plantiltak, moter: dict[str, Mote]) -> Motesak | None:
    """The closed sak that adopted a measure, or None (adopted in an open sak, or not adopted yet)."""
    if t.vedtatt is None or t.vedtatt.mote not in moter:
        return None
    for sak in moter[t.vedtatt.mote].saker:
        if sak.nummer == t.vedtatt.sak and sak.unntatt_offentlighet:
            return sak
    return None


def public_view(t: Plantiltak, malform: str) -> Plantiltak:
    """What a public document shows of a measure adopted in a closed sak: its public wording (with
    responsible and deadline), or only its id and a neutral text; never its own text or indicator."""
    if t.offentlig_tekst:
        return t.model_copy(update={"tiltak": t.offentlig_tekst, "effektindikator": None})
    return t.model_copy(
        update={
            "tiltak": word("Tiltak vedtatt i sak unntatt offentlighet", malform),
            "ansvarlig": "–",
            "frist": None,
            "effektindikator": None,
        }
    )


def shown(t: Plantiltak, moter: dict[str, Mote], malform: str, public: bool = True) -> Plantiltak:
    """The measure as a document shows it: in full in an internal one, else its public view when closed."""
    return public_view(t, malform) if public and closed_adoption(t, moter) is not None else t


def adopted_at(plans: dict[int, Handlingsplan], mote: str, sak: str | None = None) -> list[Plantiltak]:
    """Measures a meeting (and sak) adopted into the plan, as the plan first records them."""
    seen, out = set(), []
    for _year, plan in sorted(plans.items()):
        for t in plan.tiltak:
            if t.id in seen or t.viderefort_fra is not None:
                continue
            seen.add(t.id)
            if t.vedtatt and t.vedtatt.mote == mote and (sak is None or t.vedtatt.sak == sak):
                out.append(t)
    return out


def plan_date(plan: Handlingsplan, moter: dict[str, Mote]) -> date:
    """The date a plan document states status for: its own, else the year's last meeting with reports."""
    if plan.dato:
        return plan.dato
    days = [r.dato for r in reports(moter) if r.dato.year == plan.ar]
    return max(days) if days else date(plan.ar, 1, 1)


def proposal_date(plan: Handlingsplan, moter: dict[str, Mote]) -> date | None:
    """The date of the case that proposes the plan, when it is not the plan's own date: then the case
    attaches the plan as proposed on that date (handlingsplan-<år>-forslag), not as reported later."""
    sf = plan.saksframlegg
    if sf is None or sf.dato is None or sf.dato == plan_date(plan, moter):
        return None
    return sf.dato


def as_proposed(plan: Handlingsplan, moter: dict[str, Mote], on: date, sak: str | None = None) -> list[Plantiltak]:
    """The measures of the plan as it stood on the date `on` of the case that proposes it: those not adopted
    yet, those adopted by then, and those the case itself adopts. A measure adopted later in another sak was
    added to the plan after the case and is not in it.

    The case's own sak is the first one after its date that adopted measures of the plan: numbered `sak`
    (the case's saksnummer) when it has one, any sak without it."""

    def day(t: Plantiltak) -> date | None:
        found = moter.get(t.vedtatt.mote) if t.vedtatt else None
        return found.dato if found is not None else None

    adopted = {t.id: d for t in plan.tiltak if (d := day(t)) is not None}
    later = [t for t in plan.tiltak if adopted.get(t.id, on) > on]
    candidates = [t for t in later if sak is None or (t.vedtatt is not None and t.vedtatt.sak == sak)]
    first = min((adopted[t.id] for t in candidates), default=None)
    deciding = {t.id for t in candidates if adopted[t.id] == first}
    return [t for t in plan.tiltak if adopted.get(t.id, on) <= on or t.id in deciding]


# --- next year -----------------------------------------------------------------------------


def carry_over(plan: Handlingsplan, facts: Any) -> tuple[list[Plantiltak], list[Plantiltak]]:
    """What next year's plan takes over: (the adopted measures not finished at the year's end, in plan
    order, same id; the proposals never adopted, which are not carried over)."""
    status = {a.id: a.status for a in [*facts.actions, *facts.hidden] if a.id}  # closed ones too
    carried = [t for t in plan.tiltak if t.vedtatt is not None and Status(status.get(t.id, Status.IKKE_STARTET)).open]
    return carried, [t for t in plan.tiltak if t.vedtatt is None]


def next_year(plan: Handlingsplan, facts: Any) -> dict:
    """What next year's plan starts from: the year's adopted, unfinished measures, same id, same adoption
    (build/nextyear.py writes it as handlingsplan/<year+1>.yaml)."""
    carried, _proposed = carry_over(plan, facts)
    return {
        "ar": plan.ar + 1,
        "tiltak": [t.model_dump(exclude_none=True) | {"viderefort_fra": t.viderefort_fra or plan.ar} for t in carried],
    }


# --- the handlingsplan document -------------------------------------------------------------


def title(ar: int, malform: str, proposal: bool = False) -> str:
    """«Handlingsplan 2025», or for the plan a case proposes «Forslag til handlingsplan 2025» (nynorsk
    «Framlegg til handlingsplan 2025»)."""
    if not proposal:
        return f"Handlingsplan {ar}"
    return f"{'Framlegg' if malform == 'nn' else 'Forslag'} til handlingsplan {ar}"


def _proposal_intro(avtale: Avtale, plan: Handlingsplan, malform: str) -> list[str]:
    """The first paragraph of a proposed plan, in place of the plan's own introduction (written for the
    adopted plan: «tiltaka … har vedteke»)."""
    sf = plan.saksframlegg
    where = f" i sak {sf.saksnummer}" if sf and sf.saksnummer else ""
    organ = sf.organ if sf else avtale.politirad.navn
    if malform == "nn":
        text = (
            f"Dette er framlegget til handlingsplan for {plan.ar} som blir lagt fram for {organ}{where}. "
            "Tiltaka er ikkje vedtekne enno."
        )
    else:
        text = (
            f"Dette er forslaget til handlingsplan for {plan.ar} som legges fram for {organ}{where}. "
            "Tiltakene er ikke vedtatt ennå."
        )
    return [text]


def plan_context(
    avtale: Avtale,
    plan: Handlingsplan,
    moter: dict[str, Mote],
    malform: str,
    as_of: date | None = None,
    sak: str | None = None,
) -> dict:
    """The plan as it stood at its date, or as proposed on `as_of`, the date of the case (numbered `sak`)
    that proposes it: then only the measures it had on that date (as_proposed), those not adopted by then
    proposed, under the title «Forslag til handlingsplan» and an introduction that says so. A table per
    priority area with each measure's status then."""
    from politidok.context import avsnitt, dato

    when = as_of or plan_date(plan, moter)
    areas = avtale.satsingsomrader.omrader if avtale.satsingsomrader else []
    measures = as_proposed(plan, moter, as_of, sak) if as_of else list(plan.tiltak)

    def status(t: Plantiltak) -> str:
        adopted = moter.get(t.vedtatt.mote) if t.vedtatt else None
        if t.vedtatt is None or (as_of and adopted is not None and adopted.dato >= as_of):
            return word("foreslått", malform)
        return status_at(moter, t.id, when).label(malform)

    tiltak = [shown(t, moter, malform) for t in measures]  # the plan is public
    return {
        "ar": plan.ar,
        "tittel": title(plan.ar, malform, proposal=as_of is not None),
        "forslag": as_of is not None,
        "politirad": avtale.politirad.navn,
        "dato": dato(when, malform),
        "innledning": _proposal_intro(avtale, plan, malform) if as_of else avsnitt(plan.innledning),
        "omrader": [
            {
                "tittel": o.tittel,
                "tiltak": [
                    {
                        "id": t.id,
                        "tiltak": t.tiltak,
                        "ansvarlig": rolle(t.ansvarlig, malform),
                        "frist": t.frist.strftime("%d.%m.%Y") if t.frist else "–",
                        "status": status(t),
                    }
                    for t in tiltak
                    if t.satsingsomrade == o.id
                ],
            }
            for o in areas
            if any(t.satsingsomrade == o.id for t in tiltak)
        ],
        "effektindikatorer": [{"id": t.id, "indikator": t.effektindikator} for t in tiltak if t.effektindikator],
    }


def sak(
    avtale: Avtale, plan: Handlingsplan, moter: dict[str, Mote], malform: str = "nb", evaluated: bool = False
) -> Sak:
    """The saksframlegg that puts the plan before the council for adoption, in the council's målform;
    `evaluated`: the year before has an evaluation the plan can follow up."""
    from politidok.context.evaluation_nn import tall_i

    sf = plan.saksframlegg
    if sf is None:
        raise ValueError(f"handlingsplan {plan.ar} has no saksframlegg")
    when = plan_date(plan, moter)
    on = proposal_date(plan, moter)  # the plan as proposed then, not as reported later
    measures = as_proposed(plan, moter, on, sf.saksnummer) if on else list(plan.tiltak)
    carried = [t for t in measures if t.viderefort_fra is not None]
    proposed = [t for t in measures if t.vedtatt is None]
    n = lambda k: tall_i(k, malform)  # numbers as words in running text (Språkrådet), «ingen» for none
    if malform == "nn":
        facts = (
            f"{'Framlegget til handlingsplan' if on else 'Handlingsplanen'} for {plan.ar} har {n(len(measures))} tiltak"
            + (
                f", av dei er {n(len(carried))} {'ført' if len(carried) == 1 else 'førte'} vidare frå "
                f"{carried[0].viderefort_fra} med same id"
                if carried
                else ""
            )
            + (f" og {n(len(proposed))} er nye forslag" if proposed else "")
            + ". Kvart tiltak har ein ansvarleg og høyrer til eitt av satsingsområda i samarbeidsavtalen; status "
            "blir rapportert i politirådsmøta gjennom året."
        )
        ingress = f"Framlegg til handlingsplan for {plan.ar} blir lagt fram for politirådet til vedtak."
        sitat = (
            "Samordne strategiske avgjerder for det førebyggjande arbeidet, beredskap og samfunnstryggleik, og "
            "utarbeide felles handlingsplanar innanfor desse verksemdsområda."
        )
        vurdering = "Tiltaka følgjer opp satsingsområda" + (" og evalueringa av året som gjekk." if evaluated else ".")
    else:
        facts = (
            f"{'Forslaget til handlingsplan' if on else 'Handlingsplanen'} for {plan.ar} har {n(len(measures))} tiltak"
            + (
                f", hvorav {n(len(carried))} er ført videre fra {carried[0].viderefort_fra} med samme id"
                if carried
                else ""
            )
            + (f" og {n(len(proposed))} er nye forslag" if proposed else "")
            + ". Hvert tiltak har en ansvarlig og hører til et av satsingsområdene i samarbeidsavtalen; status "
            "rapporteres i politirådsmøtene gjennom året."
        )
        ingress = f"Forslag til handlingsplan for {plan.ar} legges fram for politirådet til vedtak."
        sitat = (
            "Samordne strategiske beslutninger for det forebyggende arbeidet, beredskap og samfunnssikkerhet, "
            "samt utarbeide felles handlingsplaner innenfor disse virksomhetsområdene."
        )
        vurdering = "Tiltakene følger opp satsingsområdene" + (
            " og evalueringen av året som gikk." if evaluated else "."
        )
    return Sak.model_validate(
        {
            "tittel": f"Handlingsplan {plan.ar} – {avtale.politirad.navn}",
            "organ": sf.organ,
            "dato": sf.dato or when,
            "saksnummer": sf.saksnummer,
            "saksbehandler": sf.saksbehandler,
            "malform": malform,
            "ingress": sf.ingress or ingress,
            "saksopplysninger": [
                {"avsnitt": facts},
                {"sitat": sitat, "kilde": f"Samarbeidsavtalen, {avtale.politirad.navn}"},
            ],
            "vurdering": sf.vurdering or vurdering,
            "tilradning_overskrift": sf.tilradning_overskrift,
            "tilradning": sf.tilradning,
            "saksgang": [g.model_dump() for g in sf.saksgang],
        }
    )
