"""`politidok arkiver`: record built documents in the region's archive ledger (agreements/<region>/arkivert.yaml)."""

from __future__ import annotations

from datetime import date

from politidok import documents
from politidok.build import engine, ledger, state
from politidok.build.commands import region_dir
from politidok.core.paths import Paths
from politidok.load import load_region


def archive_region(
    region: str, paths: Paths = Paths(), stems: list[str] = (), when: date | None = None
) -> tuple[list[str], list[str]]:
    """Record documents of output/<region>/ (all with a PDF, or `stems`) as archived; return (recorded, already).

    Refuses documents whose files in output/ were not built from the current input and templates."""
    folder = region_dir(region, paths)
    loaded = load_region(folder)
    todo = documents.plan(loaded, paths)
    with ledger.locked(folder):  # from reading the ledger to writing it back: no other command writes it meanwhile
        ledger.guard(loaded, todo)  # names of corrected versions; stops if an archived document has changed
        prints = {d.stem: engine._fingerprint(d) for d in todo.documents}
        for pack in todo.packages:
            prints[pack.stem] = engine._fingerprint(
                pack, [prints.get(r.stem) or engine._file_sha(r.path) for r in pack.parts]
            )
        saved = state.load(paths.output, region)
        return ledger.archive(loaded, todo, paths.output / region, saved, prints, list(stems), when or date.today())


def verify_region(region: str, paths: Paths = Paths()) -> list[str]:
    folder = region_dir(region, paths)
    return ledger.verify_output(folder, paths.output / region)
