"""`politidok next-year`: start next year's evaluation file and action plan from this year's.

The context stage says what carries over (context.evaluation.next_year, context.handlingsplan.next_year);
this module decides which files to write and writes them, with the comments a secretary reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from politidok.build.commands import load, region_dir
from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths


@dataclass(frozen=True)
class NextYear:
    """What next-year wrote: the evaluation file, and next year's plan (None: the year has no plan, or next
    year's plan is begun already and was left as it is)."""

    evaluation: Path
    plan: Path | None
    plan_kept: Path | None = None  # next year's plan that exists and was not touched


def next_year(region: str, year: int, paths: Paths = Paths(), force: bool = False) -> NextYear:
    """Write evaluering/<year+1>.yaml with læringspunkter and unfinished tiltak carried over, and
    handlingsplan/<year+1>.yaml with the year's unfinished measures (same ids) when the year has a plan."""
    from politidok.context import evaluation, handlingsplan

    loaded = load(region_dir(region, paths))
    layout = loaded.layout
    if year not in loaded.evalueringer:
        raise InputError([Problem(str(layout.evaluation(year)), 1, "", f"fant ingen evaluering for {year}")])
    target = layout.evaluation(year + 1)
    if target.exists() and not force:
        raise InputError([Problem(str(target), 1, "", "filen finnes allerede (bruk --overskriv for å skrive over)")])
    evaluering = loaded.evalueringer[year]
    facts = evaluation.facts(loaded.avtale, loaded.moter, evaluering, loaded.handlingsplaner.get(year))
    plan_target = layout.plan(year + 1) if year in loaded.handlingsplaner else None
    kept = None
    if plan_target is not None and plan_target.exists() and not force:
        plan_target, kept = None, plan_target  # next year's plan is begun already: the secretary's, left as it is
    target.write_text(_evaluation_yaml(evaluation.next_year(evaluering, facts), year), encoding="utf-8")
    if plan_target is not None:
        data = handlingsplan.next_year(loaded.handlingsplaner[year], facts)
        plan_target.write_text(_plan_yaml(data, year), encoding="utf-8")
    return NextYear(target, plan_target, kept)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def _evaluation_yaml(data: dict, year: int) -> str:
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


def _plan_yaml(data: dict, year: int) -> str:
    return (
        f"# Handlingsplan {year + 1}. Laget av politidok fra handlingsplanen for {year}: tiltakene som ikke var\n"
        "# gjennomført ved årets slutt, er ført videre med samme id. Nye tiltak får ids som begynner med "
        f"T-{year + 1}-.\n# Sett ny frist for tiltak der fristen er passert.\n" + _dump(data)
    )
