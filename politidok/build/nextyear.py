"""`politidok next-year`: start next year's evaluation file and action plan from this year's.

The context stage says what carries over (context.evaluation.next_year, context.handlingsplan.next_year);
this module decides which files to write and writes them, with the comments a secretary reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    from politidok.context.meetings import politirad_malform

    whole = load(region_dir(region, paths))
    malform = politirad_malform(whole.avtale)  # the council's files, in the council's målform
    loaded = whole.in_malform(malform)
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
    data = evaluation.next_year(evaluering, facts, malform)
    target.write_text(_evaluation_yaml(data, year, malform), encoding="utf-8")
    if plan_target is not None:
        plan = handlingsplan.next_year(whole.handlingsplaner[year], facts)  # as written: both målformer kept
        plan_target.write_text(_plan_yaml(plan, year, malform), encoding="utf-8")
    return NextYear(target, plan_target, kept)


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


def _plan_yaml(data: dict, year: int, malform: str) -> str:
    if malform == "nn":
        return (
            f"# Handlingsplan {year + 1}. Laga av politidok frå handlingsplanen for {year}: tiltaka som ikkje var\n"
            "# gjennomførte ved slutten av året, er førte vidare med same id. Nye tiltak får id-ar som byrjar med "
            f"T-{year + 1}-.\n# Set ny frist for tiltak der fristen er passert.\n" + _dump(data)
        )
    return (
        f"# Handlingsplan {year + 1}. Laget av politidok fra handlingsplanen for {year}: tiltakene som ikke var\n"
        "# gjennomført ved årets slutt, er ført videre med samme id. Nye tiltak får ids som begynner med "
        f"T-{year + 1}-.\n# Sett ny frist for tiltak der fristen er passert.\n" + _dump(data)
    )
