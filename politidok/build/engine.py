"""The build engine: a region's YAML -> documents in output/<region>/, incremental and all or nothing.

Stages: load -> plan (the document-kind registry) -> render -> convert -> assemble -> check ->
archive (manifest, arkivmelding). Only documents whose fingerprint (code, tools, template, values,
metadata, archive references) changed since the last build are made again; the rest are kept
byte for byte. Everything is written into a staging folder and swapped into place only when all
of it succeeded (build.output); on any failure output/<region>/ is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from politidok import documents as registry
from politidok.archive import arkivmelding, manifest
from politidok.build import ledger, outgoing, output, provenance, signed, state
from politidok.build.commands import load, region_dir
from politidok.build.pipeline import make_pdfs
from politidok.build.progress import Detail
from politidok.build.services import Services
from politidok.build.templates import lint_templates
from politidok.core.errors import InputError, ToolError, environment_error
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths
from politidok.core.tekst import antall
from politidok.documents import Document, Package, Plan

if TYPE_CHECKING:
    from politidok.load import Region


@dataclass
class BuildResult:
    """What a build did: the region's folder, its manifest entries and the documents made again."""

    target: Path
    entries: list[manifest.Entry] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)  # stems
    total: int = 0
    up_to_date: bool = False  # nothing had changed: no model was even loaded


def build(
    region: str,
    paths: Paths = Paths(),
    options: BuildOptions = BuildOptions(),
    log: Callable[[str], None] = lambda _msg: None,
    progress: Callable[[int, int], None] | None = None,
    services: Services | None = None,
) -> BuildResult:
    """Build a region's documents into paths.output/<region>/.

    `services` are LibreOffice (and Java, with POLITIDOK_PDFBOX=1) already running (started early by the CLI, or kept warm
    by the server); without them the build starts its own when it needs them. `options.new_versions`: archived
    documents to make a corrected version of (build.ledger).
    """
    folder = region_dir(region, paths)
    target = paths.output / region
    if not options.new_versions and state.up_to_date(paths.output, region, folder, paths.templates, options.stamp_key):
        log(f"Ingen endringer: {target.as_posix()}/ er oppdatert.")
        return BuildResult(target, manifest.read(target), up_to_date=True)
    loaded = load(folder)
    for note in loaded.notes:
        log(f"Merk: {note}")
    todo = registry.plan(loaded, paths.templates, options, log)
    with ExitStack() as ledger_lock:
        # held from reading the ledger to writing it back, when this build writes it (a sent invitation, a
        # corrected version): no other command writes it meanwhile
        ledger_lock.enter_context(ledger.locked(folder))
        # documents that have gone out (archived, or sent) never change
        todo, guard = outgoing.guard(loaded, todo, options.new_versions, region, log, paths.templates)
        if not (options.new_versions or guard.record or guard.changed):
            ledger_lock.close()  # this build does not write the ledger
        ledger.unlike_output(folder, target)  # a file gone out and changed in output/ is never removed
        output.prepare(paths.output)
        with output.locked(paths.output, region):
            return _build(region, paths, options, folder, target, todo, log, progress, services, guard, loaded)


def _build(
    region: str,
    paths: Paths,
    options: BuildOptions,
    folder: Path,
    target: Path,
    todo: Plan,
    log: Callable[[str], None],
    progress: Callable[[int, int], None] | None,
    services: Services | None,
    guard: outgoing.Guard,
    loaded: Region,
) -> BuildResult:
    from politidok.archive import leaks  # the leak gate (its imports after LibreOffice has started)

    only = options.only
    saved = state.load(paths.output, region)
    cache = state.folder(paths.output, region) / "converted"
    prints = state.fingerprints(todo)
    old_docs = saved.get("documents", {})
    old_outputs = saved.get("outputs", {})

    def unchanged(stem: str, converted: bool) -> bool:
        if stem in guard.frozen:  # archived: kept as it is, also after a template or code change
            return guard.intact(target, stem) and (not converted or (cache / f"{stem}.pdf").is_file())
        old = old_docs.get(stem)
        return bool(
            old
            and old["fingerprint"] == prints[stem]
            and state.intact(target, {name: old_outputs.get(name, "") for name in old["files"]})
            and (not converted or (cache / f"{stem}.pdf").is_file())
        )

    documents = [d for d in todo.documents if not unchanged(d.stem, True)]
    packages = [p for p in todo.packages if not unchanged(p.stem, False)]
    total = len(todo.documents) + len(todo.packages)
    rebuilt: list[Document | Package] = [*documents, *packages]
    if rebuilt:
        names = ", ".join(sorted(x.stem for x in rebuilt))
        log(
            f"Lager {len(rebuilt)} av {total} dokumenter på nytt: {names}"
            if len(rebuilt) < total
            else f"Lager {antall(total, 'dokument', 'dokumenter')}"
        )
    linted = saved.get("templates", {})
    to_lint = sorted({d.template for d in documents if linted.get(d.template.as_posix()) != state.file_sha(d.template)})
    problems = lint_templates(paths.templates, to_lint)
    if problems:
        raise InputError(problems)
    swapped = False
    work = output.work_dir(paths.output, region)
    calendars: dict[str, bytes] = {}
    try:
        staging = work / region
        if target.exists():
            shutil.copytree(target, staging)  # unchanged documents stay as they are
        staging.mkdir(exist_ok=True)
        signed.set_aside(staging, [x.stem for x in rebuilt], target, log)  # a signed PDF is never overwritten
        converted = make_pdfs(
            documents,
            packages,
            staging,
            work,
            cache,
            log,
            progress,
            services,
            meanwhile=lambda: calendars.update(_calendar_files(todo)),  # while LibreOffice converts
            also=leaks.prefetch if leaks.candidates(loaded) else None,  # read ahead for the gate
        )
        output.fault("converted")
        calendars.update(_calendar_files(todo, calendars))
        entries, files_of, dropped = _archive(
            staging, todo, calendars, {x.stem for x in rebuilt}, only, target, guard, log
        )
        manifest.write(staging, region, entries)
        output.fault("staged")
        texts = state.folder(paths.output, region) / "texts.json"
        archived = {name for e in guard.ledger.values() for name in e.filer}
        for line in leaks.check(staging, loaded, paths.templates, texts, archived):  # the last gate before output/
            log(f"Merk: {line}")
        output.replace(staging, target)
        swapped = True
        output.fault("replaced")
        outgoing.save(folder, guard, target, files_of)  # and what went out with this build (an invitation sent)
        cache.mkdir(parents=True, exist_ok=True)
        for doc in documents:  # moved, not copied: the work folder is removed next
            os.replace(converted[doc.stem], cache / f"{doc.stem}.pdf")
        items = todo.by_stem()
        documents_state = {
            **(old_docs if only else {}),
            **{
                stem: {
                    "fingerprint": prints[stem],
                    "files": files_of[stem],
                    "kilder": provenance.state_inputs(
                        loaded, items[stem], todo
                    ),  # what changed since: politidok status
                }
                for stem in prints
            },
        }
        state.save(
            paths.output,
            region,
            {
                "inputs": state.inputs_digest(folder, paths.templates, options.stamp_key),
                "documents": documents_state,
                "outputs": {**state.outputs_of(target), **guard.missing(dropped)},  # a missing archived file: no no-op
                "templates": {
                    **linted,
                    **{t.as_posix(): state.file_sha(t) for t in {d.template for d in todo.documents}},
                },
            },
        )
    except (ToolError, OSError) as exc:  # a full disk, a folder politidok may not write to: the environment's
        then = (
            f"Dokumentene er likevel på plass i {target.as_posix()}/, og neste bygging gjør resten."
            if swapped
            else "Ingenting er skrevet til output/."
        )
        if output.full(work):  # LibreOffice, pikepdf … say it their way, if at all
            raise environment_error(OSError(errno.ENOSPC, "full"), paths.output, then) from exc
        if isinstance(exc, OSError):
            raise environment_error(exc, paths.output, then) from None
        raise
    finally:
        output.discard(work)  # also on Ctrl-C or SIGTERM (the pipeline has stopped writing into it)
    if not rebuilt:
        log("Alle dokumentene er uendret.")
    for name in sorted({n for x in rebuilt for n in files_of[x.stem]}):
        log(Detail(f"Skrev {(target / name).as_posix()}"))
    return BuildResult(target, entries, [x.stem for x in rebuilt], total)


def _calendar_files(todo: Plan, made: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The .ics bytes of the plan's calendars (those not in `made`)."""
    from politidok.archive.ics import calendar_bytes  # icalendar: 40 ms, not before the first conversion

    return {c.stem: calendar_bytes(c.event) for c in todo.calendars if c.stem not in (made or {})}


def _archive(
    staging: Path,
    todo: Plan,
    calendars: dict[str, bytes],
    new: set[str],
    only: frozenset[str],
    target: Path,
    guard: outgoing.Guard,
    log: Callable[[str], None],
) -> tuple[list[manifest.Entry], dict[str, list[str]], set[str]]:
    """Calendar files, an arkivmelding per document and the manifest entries of the staged folder;
    archived files keep their archived bytes or are left out (returned: the names left out)."""
    kinds = registry.registry()
    old_entries = {e.path: e for e in manifest.read(staging)}
    entries: list[manifest.Entry] = []
    for cal in todo.calendars:
        (staging / f"{cal.stem}.ics").write_bytes(calendars[cal.stem])
        entries.append(manifest.entry(staging, staging / f"{cal.stem}.ics", cal.kind, cal.title, cal.malform))
    files_of: dict[str, list[str]] = {}
    for item in todo.items():
        names = [f"{item.stem}{x}" for x in (".pdf", ".docx") if (staging / f"{item.stem}{x}").exists()]
        names.append(arkivmelding.file_name(item.stem))
        files_of[item.stem] = names
        if item.stem not in new and all(n in old_entries for n in names):
            entries += [old_entries[n] for n in names]
            continue
        fields = [f.name for f in item.signature_fields] if isinstance(item, Document) else []
        files = [
            manifest.entry(staging, staging / n, item.kind, item.info.title, item.malform, fields) for n in names[:-1]
        ]
        codes = item.codes or kinds[item.kind].codes
        assert codes is not None  # every kind that plans documents or packages has its codes
        record = arkivmelding.Record(
            item.kind,
            item.info.title,
            files,
            codes,
            item.info.date,
            item.arkiv,
            public_title=item.info.title,
            skjerming=item.skjerming,
            attachments=item.attachments,
            erstatter=item.supersedes,
            draft=item.draft,
        )
        xml = staging / names[-1]
        xml.write_bytes(arkivmelding.arkivmelding(record))
        entries += files + [
            manifest.entry(staging, xml, "arkivmelding", f"Arkivmelding – {item.info.title}", item.malform)
        ]
    warnings, dropped, restored = outgoing.settle(staging, target, guard, new)  # archived bytes or nothing
    for line in warnings:
        log(f"Merk: {line}")
    entries = [
        manifest.entry(staging, staging / e.path, e.kind, e.title, e.language, e.signature_fields)
        if e.path in restored
        else e
        for e in entries
        if e.path not in dropped
    ]
    entries += signed.entries(staging, list(todo.items()), old_entries)  # <stem>-signert.pdf
    archived = guard.kept_files() - dropped  # archived documents no longer made under that name stay
    if only or archived:  # keep the kinds not built now, as they were
        kept = {e.path for e in entries}
        entries += [
            e for p, e in old_entries.items() if p not in kept and (staging / p).exists() and (only or p in archived)
        ]
    keep = {e.path for e in entries} | {manifest.NAME} | archived | signed.names(staging)
    for path in staging.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()  # a document that is no longer in the input
    return entries, files_of, dropped
