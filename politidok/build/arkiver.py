"""`politidok arkiver`: record built documents in the region's archive ledger (agreements/<region>/arkivert.yaml),
and check output/ against it."""

from __future__ import annotations

from datetime import date

from politidok import documents
from politidok.build import ledger, state
from politidok.build.commands import load, region_dir
from politidok.core.paths import Paths


def archive_region(
    region: str, paths: Paths = Paths(), stems: list[str] | None = None, when: date | None = None
) -> tuple[list[str], list[str]]:
    """Record documents of output/<region>/ (all with a PDF, or `stems`) as archived; return (recorded, already).

    Refuses documents whose files in output/ were not built from the current input and templates."""
    loaded = load(region_dir(region, paths))
    todo = documents.plan(loaded, paths.templates)
    saved = state.load(paths.output, region)
    return ledger.archive(loaded, todo, paths.output / region, saved, list(stems or []), when or date.today())


def verify_region(region: str, paths: Paths = Paths()) -> list[ledger.FileCheck]:
    """Every archived file of the region checked against output/<region>/ (empty without a ledger)."""
    folder = region_dir(region, paths)
    return ledger.verify_output(folder, paths.output / region)
