"""The region-level commands beside build: check a region, start next year's evaluation file."""

from __future__ import annotations

from pathlib import Path

from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths


def region_dir(region: str, paths: Paths) -> Path:
    folder = paths.agreements / region
    if not region or "/" in region or region.startswith(".") or not folder.is_dir():
        known = sorted(p.name for p in paths.agreements.glob("*") if (p / "avtale.yaml").exists())
        raise InputError(
            [
                Problem(
                    str(paths.agreements / region),
                    1,
                    "",
                    f"ukjent region «{region}» (kjente: {', '.join(known) or 'ingen'})",
                )
            ]
        )
    return folder


def check(region: str, paths: Paths = Paths()):
    """Validate a region's input (and that its templates exist and are clean) without writing anything."""
    from politidok import documents
    from politidok.build import ledger
    from politidok.build.templates import lint_templates
    from politidok.load import load_region

    loaded = load_region(region_dir(region, paths))
    documents.plan(loaded, paths)
    ledger.read(loaded.folder)  # the archive ledger, as a build reads it
    problems = lint_templates(paths.templates)
    if problems:
        raise InputError(problems)
    return loaded


def next_year(region: str, year: int, paths: Paths = Paths(), force: bool = False) -> Path:
    """Write evaluering/<year+1>.yaml with læringspunkter and unfinished tiltak carried over."""
    from politidok.context import evaluation
    from politidok.load import load_region

    loaded = load_region(region_dir(region, paths))
    source = loaded.folder / "evaluering" / f"{year}.yaml"
    if year not in loaded.evalueringer:
        raise InputError([Problem(str(source), 1, "", f"fant ingen evaluering for {year}")])
    target = loaded.folder / "evaluering" / f"{year + 1}.yaml"
    if target.exists() and not force:
        raise InputError([Problem(str(target), 1, "", "filen finnes allerede (bruk --force for å skrive over)")])
    evaluering = loaded.evalueringer[year]
    facts = evaluation.facts(loaded.avtale, loaded.moter, evaluering, loaded.handlingsplaner.get(year))
    from politidok.context import handlingsplan

    plan_target = handlingsplan.next_year_target(loaded, year, force)  # raises before anything is written
    target.write_text(evaluation.next_year_yaml(evaluering, facts), encoding="utf-8")
    if plan_target is not None:  # the year's unfinished measures, same ids, into next year's plan
        plan_target.write_text(handlingsplan.next_year_yaml(loaded.handlingsplaner[year], facts), encoding="utf-8")
    return target
