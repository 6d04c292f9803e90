"""The action plan (handlingsplan/<year>.yaml): checks across the plan files and the meetings' reports.

Who may be responsible for a measure, duplicate and unknown ids, measures outside every priority
area, reports on measures not adopted (yet); every problem with file and line, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from datetime import date
from pathlib import Path

from politidok.core.errors import Problem
from politidok.load.models import Avtale, Mote
from politidok.load.planmodels import Handlingsplan
from politidok.load.yamlsource import Path_, Source, format_loc

_SPLIT = re.compile(r"\s*,\s*|\s+og\s+")


def parties(avtale: Avtale) -> dict[str, str]:
    """Lower-cased names of who can be responsible for a measure -> how to show them."""
    names: dict[str, str] = {"politiet": "politiet", avtale.politi.distrikt.lower(): avtale.politi.distrikt}
    for k in avtale.kommuner:
        names[k.navn.lower()] = k.navn
        names[f"{k.navn.lower()} kommune"] = f"{k.navn} kommune"
    for e in avtale.politi.enheter:
        names[e.navn.lower()] = e.navn
        names[e.leder.lower()] = e.leder
    if avtale.regionrad:
        names[avtale.regionrad.navn.lower()] = avtale.regionrad.navn
    names[avtale.politirad.sekretar.lower()] = avtale.politirad.sekretar
    kommuner = [k.navn for k in avtale.kommuner]
    for m in avtale.medlemmer:
        names[m.tittel.lower()] = m.tittel
        where = kommuner if m.kommune == "alle" else ([m.kommune] if m.kommune else [])
        for kommune in where:
            names[f"{m.tittel.lower()} i {kommune.lower()}"] = f"{m.tittel} i {kommune}"
        if m.navn:
            names[m.navn.lower()] = m.navn
    return names


def unknown_parties(avtale: Avtale, ansvarlig: str) -> list[str]:
    known = parties(avtale)
    return [p for p in _SPLIT.split(ansvarlig.strip()) if p and p.lower() not in known]


def check_plans(
    avtale: Avtale,
    plans: dict[int, tuple[Handlingsplan, Source, Path]],
    moter: dict[str, tuple[Mote, Source]],
    meeting_files: AbstractSet[str] = frozenset(),
) -> list[Problem]:
    """Checks across the plan files and the meetings' reports (all problems at once).

    `meeting_files` are the stems of every meeting file, also those that did not validate (their own
    problems are reported already; a measure adopted there is not reported again)."""
    problems: list[Problem] = []

    def add(source: Source, loc: tuple, message: str) -> None:
        problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), message))

    areas = [o.id for o in avtale.satsingsomrader.omrader] if avtale.satsingsomrader else []
    roles = sorted({m.tittel for m in avtale.medlemmer})
    hint = f"kommunene, «politiet» eller en rolle i politirådet: {', '.join(roles)}"
    first: dict[str, tuple[int, Source]] = {}  # id -> (year, file) of its first plan
    adopted: dict[str, date] = {}
    for year, (plan, source, path) in sorted(plans.items()):
        if path.stem != str(plan.ar):
            add(source, ("ar",), f"året {plan.ar} stemmer ikke med filnavnet {path.name}")
        here: set[str] = set()
        for i, t in enumerate(plan.tiltak):
            loc: Path_ = ("tiltak", i)
            if t.id in here:
                add(source, (*loc, "id"), f"id-en «{t.id}» er brukt før i planen (en id brukes bare én gang)")
                continue
            here.add(t.id)
            if t.id in first and t.viderefort_fra is None:
                add(
                    source,
                    (*loc, "id"),
                    f"id-en «{t.id}» er brukt i handlingsplanen for {first[t.id][0]}; "
                    "et tiltak som føres videre, får «viderefort_fra», et nytt tiltak får en ny id",
                )
            if t.viderefort_fra is not None and t.id not in first:
                add(source, (*loc, "viderefort_fra"), f"fant ikke «{t.id}» i handlingsplanen for {t.viderefort_fra}")
            if t.viderefort_fra is None and int(t.id[2:6]) != plan.ar:
                add(
                    source,
                    (*loc, "id"),
                    f"et nytt tiltak i planen for {plan.ar} får en id som begynner med T-{plan.ar}-",
                )
            first.setdefault(t.id, (plan.ar, source))
            if t.satsingsomrade not in areas:
                known = ", ".join(areas) or "ingen i avtale.yaml"
                add(
                    source,
                    (*loc, "satsingsomrade"),
                    f"tiltaket hører ikke til noe satsingsområde: ukjent «{t.satsingsomrade}» (kjente: {known})",
                )
            if t.frist and t.frist.year < plan.ar:
                add(
                    source,
                    (*loc, "frist"),
                    f"fristen {t.frist.isoformat()} er passert før planåret {plan.ar} begynner; sett ny frist",
                )
            for party in unknown_parties(avtale, t.ansvarlig):
                add(source, (*loc, "ansvarlig"), f"«{party}» er ikke med i politirådet (ansvarlig kan være {hint})")
            if t.vedtatt is None:
                continue  # proposed, not adopted yet
            found = moter.get(t.vedtatt.mote)
            if found is None:
                if t.vedtatt.mote not in meeting_files:
                    add(source, (*loc, "vedtatt", "mote"), f"fant ikke møtefilen moter/{t.vedtatt.mote}.yaml")
                continue
            mote = found[0]
            if t.vedtatt.sak not in [s.nummer for s in mote.saker]:
                add(source, (*loc, "vedtatt", "sak"), f"møtet {t.vedtatt.mote} har ingen sak {t.vedtatt.sak}")
            if t.frist and t.frist < mote.dato:
                add(
                    source,
                    (*loc, "frist"),
                    f"fristen {t.frist.isoformat()} er før møtet som vedtok tiltaket ({mote.dato.isoformat()})",
                )
            adopted.setdefault(t.id, mote.dato)
    ids = sorted(first)
    for mote, source in moter.values():
        for i, sak in enumerate(mote.saker):
            seen: set[str] = set()
            for j, r in enumerate(sak.rapportert):
                loc = ("saker", i, "rapportert", j, "tiltak")
                if r.tiltak not in first:
                    known = ", ".join(ids) if ids else "handlingsplan/ har ingen tiltak"
                    add(source, loc, f"ukjent tiltak «{r.tiltak}» (kjente: {known})")
                    continue
                if r.tiltak in seen:
                    add(source, loc, f"status for «{r.tiltak}» er rapportert to ganger i samme sak")
                seen.add(r.tiltak)
                if r.gjennomfort is not None and r.gjennomfort > mote.dato:
                    add(
                        source,
                        (*loc[:-1], "gjennomfort"),
                        f"«{r.tiltak}» kan ikke være gjennomført {r.gjennomfort.isoformat()}, etter møtet "
                        f"({mote.dato.isoformat()}) der det ble rapportert",
                    )
                if r.tiltak not in adopted and all(
                    t.vedtatt is None for p, _s, _p in plans.values() for t in p.tiltak if t.id == r.tiltak
                ):
                    add(
                        source,
                        loc,
                        f"«{r.tiltak}» er foreslått, men ikke vedtatt ennå (fyll inn «vedtatt» i handlingsplanen)",
                    )
                elif r.tiltak in adopted and mote.dato < adopted[r.tiltak]:
                    add(source, loc, f"«{r.tiltak}» ble vedtatt {adopted[r.tiltak].isoformat()}, etter dette møtet")
    return problems


def closed_measure_notes(
    plans: dict[int, tuple[Handlingsplan, Source, Path]], moter: dict[str, tuple[Mote, Source]]
) -> list[Problem]:
    """Warnings (not errors) on measures adopted in a sak closed to the public.

    Such a measure is never shown in full in a public document; without `offentlig_tekst` the plan
    shows only its id and a neutral text, and the report leaves it out. That is safe, and some
    measures must not be described at all, so a missing public wording does not stop a build: the
    secretary is told, in `check` and in the build's log."""
    notes: list[Problem] = []
    for _year, (plan, source, _path) in sorted(plans.items()):
        for i, t in enumerate(plan.tiltak):
            vedtatt = t.vedtatt
            found = moter.get(vedtatt.mote) if vedtatt else None
            sak = next((s for s in found[0].saker if vedtatt and s.nummer == vedtatt.sak), None) if found else None
            closed = bool(sak and sak.unntatt_offentlighet)
            if vedtatt and closed and not t.offentlig_tekst:
                loc = ("tiltak", i, "vedtatt")
                notes.append(
                    Problem(
                        source.display,
                        source.line_of(loc),
                        format_loc(("tiltak", i, "offentlig_tekst")),
                        f"«{t.id}» er vedtatt i sak {vedtatt.sak} i møtet {vedtatt.mote}, som er unntatt "
                        "offentlighet: offentlige dokumenter viser bare id-en og «Tiltak vedtatt i sak unntatt "
                        "offentlighet», og evalueringsrapporten tar det ikke med. Skriv en offentlig ordlyd i "
                        "«offentlig_tekst» hvis tiltaket kan omtales offentlig.",
                    )
                )
            elif t.offentlig_tekst and not closed:
                loc = ("tiltak", i, "offentlig_tekst")
                notes.append(
                    Problem(
                        source.display,
                        source.line_of(loc),
                        format_loc(loc),
                        f"«{t.id}» er ikke vedtatt i en sak unntatt offentlighet, så «offentlig_tekst» brukes ikke: "
                        "dokumentene viser «tiltak».",
                    )
                )
    return notes
