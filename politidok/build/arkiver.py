"""`politidok arkiver`: record built documents in the region's archive ledger (agreements/<region>/arkivert.yaml),
and check output/ against it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from politidok import documents
from politidok.build import ledger, state
from politidok.build.commands import load, region_dir
from politidok.build.ledger import Archived, keep_copies, prune_copies, write
from politidok.build.outgoing import guard
from politidok.build.provenance import all_values, record_inputs
from politidok.build.signed import signed_copy
from politidok.core.errors import InputError, Problem
from politidok.core.layout import RegionLayout
from politidok.core.paths import Paths
from politidok.documents import Plan

if TYPE_CHECKING:
    from politidok.load import Region


def archive_region(
    region: str, paths: Paths = Paths(), stems: list[str] | None = None, when: date | None = None
) -> tuple[list[str], list[str]]:
    """Record documents of output/<region>/ (all with a PDF, or `stems`) as archived; return (recorded, already).

    Refuses documents whose files in output/ were not built from the current input and templates."""
    folder = region_dir(region, paths)
    loaded = load(folder)
    todo = documents.plan(loaded, paths.templates)
    with ledger.locked(folder):  # from reading the ledger to writing it back: no other command writes it meanwhile
        saved = state.load(paths.output, region)
        return archive(
            loaded, todo, paths.output / region, saved, list(stems or []), when or date.today(), paths.templates
        )


def archive(
    region: Region,
    todo: Plan,
    target: Path,
    saved_state: dict,
    stems: list[str],
    when: date,
    templates: Path | None = None,
) -> tuple[list[str], list[str]]:
    """Record documents of output/<region>/ in the ledger. Returns (recorded, already archived).

    Refuses documents whose files in output/ were not built from the current input and templates."""
    folder = region.folder
    todo, g = guard(region, todo, templates=templates)  # corrected versions under their own names
    ledger = g.ledger
    values = all_values(todo)  # a version's values are those of what it says (its base title)
    fresh_prints = state.fingerprints(todo)
    by_new_name = todo.by_stem()
    wanted = list(stems) or [s for s in by_new_name if (target / f"{s}.pdf").is_file()]
    problems, recorded, already = [], [], []
    old_docs = saved_state.get("documents", {})
    for stem in wanted:
        item = by_new_name.get(stem)
        if item is None:
            known = ", ".join(sorted(by_new_name))
            problems.append(Problem(stem, 1, "", f"ukjent dokument «{stem}» (kjente: {known})"))
            continue
        saved = old_docs.get(stem)
        if not saved or (saved.get("fingerprint") != fresh_prints.get(stem) and stem not in g.frozen):
            problems.append(
                Problem(
                    stem,
                    1,
                    "",
                    f"output/{region.name}/ er ikke bygget fra gjeldende inndata og maler for "
                    f"{stem}: kjør «politidok bygg {region.name}» først",
                )
            )
            continue
        files = {n: _sha(target / n) for n in saved["files"]}
        missing = [n for n, sha in files.items() if not sha]
        if missing:
            problems.append(Problem(stem, 1, "", f"mangler i output/: {', '.join(missing)}"))
            continue
        signed, problem = signed_copy(target, stem)  # <stem>-signert.pdf, when the document is signed
        if problem:
            problems.append(Problem(stem, 1, "", problem))
            continue
        entry = ledger.get(stem)
        if entry is not None:
            if entry.filer != files:
                problems.append(
                    Problem(stem, 1, "", f"er {entry.gone_out} med andre bytes; se «politidok kontroller --region»")
                )
            elif signed and entry.signert and entry.signert != signed:
                problems.append(Problem(stem, 1, "", "er arkivert signert før, med en annen signert fil"))
            elif signed and not entry.signert:  # signed after the original was archived: recorded beside it
                entry.signert = signed
                entry.arkivert = entry.arkivert or when
                recorded.append(next(iter(signed)).removesuffix(".pdf"))
            elif entry.arkivert:
                already.append(stem)
            else:  # sent, and now archived
                entry.arkivert = when
                recorded.append(stem)
            continue
        sent = item.sent if item.sent and item.sent <= when else None
        ledger[stem] = Archived(
            stem, files, values[stem], record_inputs(region, item, todo), arkivert=when, sendt=sent, signert=signed
        )
        recorded.append(stem)
        recorded += [name.removesuffix(".pdf") for name in signed]
    if problems:
        raise InputError(problems)
    if recorded:
        layout = RegionLayout(folder)
        for entry in ledger.values():
            keep_copies(layout, entry.kilder.values())
        write(folder, ledger)
        prune_copies(layout, ledger)
    return recorded, already


def _sha(path: Path) -> str:
    return state.file_sha(path) if path.is_file() else ""


def verify_region(region: str, paths: Paths = Paths()) -> list[ledger.FileCheck]:
    """Every archived file of the region checked against output/<region>/ (empty without a ledger)."""
    folder = region_dir(region, paths)
    return ledger.verify_output(folder, paths.output / region)
