"""`politidok next-year`: start next year's evaluation file and action plan from this year's.

The context stage says what carries over (context.evaluation.next_year, context.handlingsplan.carry_over):
the adopted measures that were not finished, with their ids; never a proposal that was not adopted.
This module decides which files to write and writes them, with the comments a secretary reads, and
says what it wrote, what it carried over and what is left to fill in, each at the line of its field.
A carried measure whose deadline is before the new year gets no deadline, and a comment with the old
one: the secretary sets a new one (a plan with a deadline before its year does not pass `check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from politidok.build.commands import load, region_dir
from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths

if TYPE_CHECKING:
    from politidok.load import Region


@dataclass(frozen=True)
class Measure:
    """A measure of the year's plan, as next-year treats it."""

    id: str
    tiltak: str
    status: str  # at the year's end
    frist: date | None
    past: bool = False  # its deadline is before the new year


@dataclass(frozen=True)
class Carry:
    """What next-year carries over from a year (also what `politidok status` shows before it is run)."""

    year: int
    carried: tuple[Measure, ...]  # adopted, unfinished: into next year's plan with the same id
    proposed: tuple[Measure, ...]  # never adopted: not carried over
    has_plan: bool  # the year has an action plan
    begun: Path | None = None  # next year's plan exists already


@dataclass(frozen=True)
class NextYear:
    """What next-year wrote: the evaluation file, and next year's plan (None: the year has no plan, or next
    year's plan is begun already and was left as it is); what it carried over; and what is left to do,
    each at the line of its field in the written files."""

    evaluation: Path
    plan: Path | None
    plan_kept: Path | None = None  # next year's plan that exists and was not touched
    carry: Carry | None = None
    todo: tuple[Problem, ...] = ()  # deadlines to set, fields to fill in (file:line: field: what)


def preview(loaded: Region, year: int) -> Carry:
    """What next-year would carry over from `year` (nothing is written)."""
    from politidok.context import evaluation, handlingsplan

    if year not in loaded.evalueringer:
        raise InputError([Problem(str(loaded.layout.evaluation(year)), 1, "", f"fant ingen evaluering for {year}")])
    plan = loaded.handlingsplaner.get(year)
    begun = loaded.layout.plan(year + 1)
    if plan is None:
        return Carry(year, (), (), False, begun if begun.exists() else None)
    facts = evaluation.facts(loaded.avtale, loaded.moter, loaded.evalueringer[year], plan)
    status = {a.id: str(a.status) for a in facts.actions if a.id}
    carried, proposed = handlingsplan.carry_over(plan, facts)
    new_year = date(year + 1, 1, 1)

    def measure(t: Any) -> Measure:
        return Measure(t.id, t.tiltak, status.get(t.id, "ikke startet"), t.frist, bool(t.frist and t.frist < new_year))

    return Carry(
        year,
        tuple(measure(t) for t in carried),
        tuple(measure(t) for t in proposed),
        True,
        begun if begun.exists() else None,
    )


def next_year(region: str, year: int, paths: Paths = Paths(), force: bool = False) -> NextYear:
    """Write evaluering/<year+1>.yaml with læringspunkter and unfinished tiltak carried over, and
    handlingsplan/<year+1>.yaml with the year's adopted, unfinished measures (same ids) when the year
    has a plan."""
    from politidok.context import evaluation, handlingsplan
    from politidok.context.meetings import politirad_malform

    whole = load(region_dir(region, paths))
    malform = politirad_malform(whole.avtale)  # the council's files, in the council's målform
    loaded = whole.in_malform(malform)
    layout = loaded.layout
    carry = preview(loaded, year)
    target = layout.evaluation(year + 1)
    if target.exists() and not force:
        raise InputError([Problem(str(target), 1, "", "filen finnes allerede (bruk --overskriv for å skrive over)")])
    evaluering = loaded.evalueringer[year]
    facts = evaluation.facts(loaded.avtale, loaded.moter, evaluering, loaded.handlingsplaner.get(year))
    plan_target = layout.plan(year + 1) if carry.has_plan else None
    kept = None
    if plan_target is not None and plan_target.exists() and not force:
        plan_target, kept = None, plan_target  # next year's plan is begun already: the secretary's, left as it is
    carried = {m.id for m in carry.carried} if carry.has_plan else None
    data = evaluation.next_year(evaluering, facts, carried, malform)
    target.write_text(_evaluation_yaml(data, year, malform), encoding="utf-8")
    todo = [
        Problem(str(target), _line(target, (name,)), name, "fyll inn når året er omme (før rapporten kan lages)")
        for name in ("utfordringer", "egenevaluering")
    ]
    if plan_target is not None:
        plan = handlingsplan.next_year(whole.handlingsplaner[year], facts)  # as written: both målformer kept
        plan_target.write_text(_plan_yaml(plan, year, malform), encoding="utf-8")
        for i, m in enumerate(carry.carried):
            if m.past and m.frist:
                todo.append(
                    Problem(
                        str(plan_target),
                        _line(plan_target, ("tiltak", i, "frist")),
                        f"tiltak[{i + 1}].frist",
                        f"{m.id}: fristen {m.frist.isoformat()} er passert før {year + 1}; sett ny frist",
                    )
                )
    return NextYear(target, plan_target, kept, carry, tuple(todo))


def _line(path: Path, loc: tuple) -> int:
    from politidok.load.yamlsource import read

    source, _problems = read(path)
    return source.line_of(loc) if source is not None else 1


def _dump(data: dict) -> str:
    return yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=110)


def _plain(value: Any) -> Any:
    """YAML-safe: a text in two målformer back as its mapping, a status as its text."""
    from politidok.load.values import Tospraakleg

    if isinstance(value, Tospraakleg):
        return dict(value.variants)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _evaluation_yaml(data: dict, year: int, malform: str) -> str:
    if malform == "nn":
        return (
            f"# Evaluering av politirådsarbeidet {year + 1}. Laga av politidok frå evalueringa av {year}:\n"
            "# læringspunkta og dei uferdige tiltaka er førte vidare. Fyll inn resten gjennom året; rapporten\n"
            "# blir laga når «utfordringer» og «egenevaluering» er fylte ut (make report YEAR=…).\n"
            + _dump(data)
            + "utfordringer:    # forventa utfordringar tiltaka blir sette inn mot\n"
            "egenevaluering:  # vurderinga politirådet gjer av sitt eige arbeid\n"
            "effekter: []     # - tiltak: <som i referatet>\n                 #   effekt: <vurdering>\n"
            "laeringspunkter: []\n"
        )
    return (
        f"# Evaluering av politirådsarbeidet {year + 1}. Laget av politidok fra evalueringen av {year}:\n"
        "# læringspunktene og de uferdige tiltakene er ført videre. Fyll inn resten gjennom året; rapporten\n"
        "# lages når «utfordringer» og «egenevaluering» er fylt ut (make report YEAR=…).\n"
        + _dump(data)
        + "utfordringer:    # forventede utfordringer tiltakene settes inn mot\n"
        "egenevaluering:  # politirådets vurdering av eget arbeid\n"
        "effekter: []     # - tiltak: <som i referatet>\n                 #   effekt: <vurdering>\n"
        "laeringspunkter: []\n"
    )


_PAST = "PASSERT-"


def _plan_yaml(data: dict, year: int, malform: str) -> str:
    """Next year's plan; a deadline before the new year is left out, with a comment that says what it was."""
    new_year = date(year + 1, 1, 1)
    for t in data["tiltak"]:
        if t.get("frist") and t["frist"] < new_year:
            t["frist"] = f"{_PAST}{t['frist'].isoformat()}"
    note = "som er passert: set ny frist" if malform == "nn" else "som er passert: sett ny frist"
    body = "\n".join(
        line.split(_PAST)[0] + f"  # var {line.split(_PAST)[1]}, {note}" if _PAST in line else line
        for line in _dump(data).split("\n")
    )
    if malform == "nn":
        return (
            f"# Handlingsplan {year + 1}. Laga av politidok frå handlingsplanen for {year}: dei vedtekne tiltaka som\n"
            "# ikkje var gjennomførte ved slutten av året, er førte vidare med same id. Nye tiltak får id-ar som "
            f"byrjar med T-{year + 1}-.\n# Set ny frist der fristen er passert.\n" + body
        )
    return (
        f"# Handlingsplan {year + 1}. Laget av politidok fra handlingsplanen for {year}: de vedtatte tiltakene som\n"
        "# ikke var gjennomført ved årets slutt, er ført videre med samme id. Nye tiltak får ids som begynner med "
        f"T-{year + 1}-.\n# Sett ny frist der fristen er passert.\n" + body
    )
