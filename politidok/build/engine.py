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
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from politidok import documents as registry
from politidok.archive import arkivmelding, manifest
from politidok.build import ledger, output, state
from politidok.build.commands import region_dir
from politidok.build.pipeline import make_pdfs
from politidok.build.services import Services
from politidok.build.templates import lint_templates
from politidok.core.errors import InputError, ToolError, environment_error
from politidok.core.paths import Paths, build_digest
from politidok.core.tekst import antall
from politidok.load import load_region


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
    only: set[str] | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    services: Services | None = None,
    new_versions: list[str] = (),
) -> BuildResult:
    """Build a region's documents into paths.output/<region>/.

    `services` are LibreOffice (and Java, with POLITIDOK_PDFBOX=1) already running (started early by the CLI, or kept warm
    by the server); without them the build starts its own when it needs them. `new_versions`: archived
    documents to make a corrected version of (build.ledger).
    """
    folder = region_dir(region, paths)
    target = paths.output / region
    options = [sorted(only or []), year]
    if not new_versions and state.up_to_date(paths.output, region, folder, paths.templates, options):
        log(f"Ingen endringer: {target.as_posix()}/ er oppdatert.")
        return BuildResult(target, manifest.read(target), up_to_date=True)
    loaded = load_region(folder)
    todo = registry.plan(loaded, paths, only, year, log)
    # a build that writes the ledger (--ny-versjon) holds its lock from reading it to writing it back
    with ledger.locked(folder) if new_versions else nullcontext():
        guard = ledger.guard(loaded, todo, list(new_versions), region, log)  # archived documents never change
        ledger.unlike_output(folder, target)  # an archived file changed in output/ is never removed
        output.prepare(paths.output)
        with output.locked(paths.output, region):
            return _build(region, paths, only, options, folder, target, todo, log, progress, services, guard)


def _build(region, paths, only, options, folder, target, todo, log, progress, services, guard) -> BuildResult:
    saved = state.load(paths.output, region)
    cache = state.folder(paths.output, region) / "converted"
    prints = {d.stem: _fingerprint(d) for d in todo.documents}
    for pack in todo.packages:
        prints[pack.stem] = _fingerprint(pack, [prints.get(r.stem) or _file_sha(r.path) for r in pack.parts])
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
    rebuilt = [*documents, *packages]
    if rebuilt:
        names = ", ".join(x.stem for x in rebuilt)
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
    try:
        staging = work / region
        if target.exists():
            shutil.copytree(target, staging)  # unchanged documents stay as they are
        staging.mkdir(exist_ok=True)
        converted = make_pdfs(
            documents,
            packages,
            staging,
            work,
            cache,
            log,
            progress,
            services,
            meanwhile=lambda: [cal.content for cal in todo.calendars],
        )
        output.fault("converted")
        entries, files_of, dropped = _archive(staging, todo, {x.stem for x in rebuilt}, only, target, guard, log)
        manifest.write(staging, region, entries)
        output.fault("staged")
        output.replace(staging, target)
        swapped = True
        output.fault("replaced")
        ledger.save(folder, guard)
        cache.mkdir(parents=True, exist_ok=True)
        for doc in documents:  # moved, not copied: the work folder is removed next
            os.replace(converted[doc.stem], cache / f"{doc.stem}.pdf")
        documents_state = {
            **(old_docs if only else {}),
            **{stem: {"fingerprint": prints[stem], "files": files_of[stem]} for stem in prints},
        }
        state.save(
            paths.output,
            region,
            {
                "inputs": state.inputs_digest(folder, paths.templates, options),
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
        log(f"Skrev {(target / name).as_posix()}")
    return BuildResult(target, entries, [x.stem for x in rebuilt], total)


def _archive(
    staging: Path,
    todo: registry.Plan,
    new: set[str],
    only,
    target: Path,
    guard: ledger.Guard,
    log: Callable[[str], None],
) -> tuple[list[manifest.Entry], dict[str, list[str]], set[str]]:
    """Calendar files, an arkivmelding per document and the manifest entries of the staged folder;
    archived files keep their archived bytes or are left out (returned: the names left out)."""
    kinds = registry.registry()
    old_entries = {e.path: e for e in manifest.read(staging)}
    entries: list[manifest.Entry] = []
    for cal in todo.calendars:
        (staging / f"{cal.stem}.ics").write_bytes(cal.content)
        entries.append(manifest.entry(staging, staging / f"{cal.stem}.ics", cal.kind, cal.title, cal.language))
    files_of: dict[str, list[str]] = {}
    for item in [*todo.documents, *todo.packages]:
        names = [f"{item.stem}{x}" for x in (".pdf", ".docx") if (staging / f"{item.stem}{x}").exists()]
        names.append(arkivmelding.file_name(item.stem))
        files_of[item.stem] = names
        if item.stem not in new and all(n in old_entries for n in names):
            entries += [old_entries[n] for n in names]
            continue
        fields = [f.name for f in getattr(item, "signature_fields", [])]
        files = [
            manifest.entry(staging, staging / n, item.kind, item.info.title, item.language, fields) for n in names[:-1]
        ]
        record = arkivmelding.Record(
            item.kind,
            item.info.title,
            files,
            item.codes or kinds[item.kind].codes,
            item.info.date,
            item.arkiv,
            public_title=item.info.title,
            skjerming=item.skjerming,
            attachments=item.attachments,
            erstatter=getattr(item, "erstatter", None),
        )
        xml = staging / names[-1]
        xml.write_bytes(arkivmelding.arkivmelding(record))
        entries += files + [
            manifest.entry(staging, xml, "arkivmelding", f"Arkivmelding – {item.info.title}", item.language)
        ]
    warnings, dropped, restored = ledger.settle(staging, target, guard, new)  # archived bytes or nothing
    for line in warnings:
        log(f"Merk: {line}")
    entries = [
        manifest.entry(staging, staging / e.path, e.kind, e.title, e.language, e.signature_fields)
        if e.path in restored
        else e
        for e in entries
        if e.path not in dropped
    ]
    archived = guard.kept_files() - dropped  # archived documents no longer made under that name stay
    if only or archived:  # keep the kinds not built now, as they were
        kept = {e.path for e in entries}
        entries += [
            e for p, e in old_entries.items() if p not in kept and (staging / p).exists() and (only or p in archived)
        ]
    keep = {e.path for e in entries} | {manifest.NAME} | archived
    for path in staging.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()  # a document that is no longer in the input
    return entries, files_of, dropped


def _fingerprint(item, parts: list | None = None) -> str:
    """What a document's bytes depend on: code and tools, template file, values, metadata and archive references."""
    template = state.file_sha(item.template) if getattr(item, "template", None) else None
    return state.fingerprint(
        build_digest(),
        item.kind,
        item.stem,
        template,
        getattr(item, "context", None),
        item.info,
        item.language,
        [(f.name, f.title) for f in getattr(item, "signature_fields", [])],
        item.arkiv,
        item.skjerming,
        item.codes,
        item.attachments,
        [(r.title, r.stem, str(r.path)) for r in getattr(item, "parts", [])],
        parts,
    )


def _file_sha(path: Path | None) -> str:
    return state.file_sha(path) if path else ""
