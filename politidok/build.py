"""The build core: region YAML -> documents in output/<region>/, all or nothing.

Stages: load -> context -> render -> convert -> assemble -> manifest. Everything is built
in a temporary folder beside the output and moved into place only when all of it succeeded;
on any failure output/<region>/ is left exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from politidok import convert, manifest
from politidok.assemble import SignatureField, assemble
from politidok.context import agreement_context, signatories
from politidok.docinfo import DocumentInfo
from politidok.errors import InputError, Problem
from politidok.load import load_agreement
from politidok.models import Avtale
from politidok.render import render_docx

LANGUAGE_TAG = {"nb": "nb-NO", "nn": "nn-NO"}


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes; defaults are relative to the project folder."""

    agreements: Path = Path("agreements")
    templates: Path = Path("templates")
    output: Path = Path("output")


@dataclass
class Document:
    """One document to produce: which template, with what values, into which file."""

    kind: str
    stem: str  # file name without suffix, e.g. "samarbeidsavtale"
    template: Path
    context: dict
    info: DocumentInfo
    language: str  # "nb" or "nn"
    signature_fields: list[SignatureField] = field(default_factory=list)


KINDS = ("samarbeidsavtale",)


def region_dir(region: str, paths: Paths) -> Path:
    folder = paths.agreements / region
    if not region or "/" in region or not folder.is_dir():
        known = sorted(p.name for p in paths.agreements.glob("*") if (p / "avtale.yaml").exists())
        raise InputError(
            [Problem(str(paths.agreements / region), 1, "", f"ukjent region «{region}» (kjente: {', '.join(known) or 'ingen'})")]
        )
    return folder


def check(region: str, paths: Paths = Paths()) -> Avtale:
    """Validate a region's input without writing anything."""
    return load_agreement(region_dir(region, paths))


def plan(avtale: Avtale, paths: Paths, only: set[str] | None = None) -> list[Document]:
    """The documents of a region (optionally only some kinds)."""
    if only:
        unknown = sorted(only - set(KINDS))
        if unknown:
            raise InputError([Problem("--only", 1, "", f"ukjent dokumenttype «{u}» (kjente: {', '.join(KINDS)})") for u in unknown])
    documents: list[Document] = []
    if not only or "samarbeidsavtale" in only:
        sprak = "nb"
        documents.append(
            Document(
                kind="samarbeidsavtale",
                stem="samarbeidsavtale",
                template=_template(paths, sprak, "samarbeidsavtale"),
                context=agreement_context(avtale, sprak),
                info=DocumentInfo(
                    title=f"Samarbeidsavtale – {avtale.politirad.navn}",
                    subject="Samarbeidsavtale for politiråd og politiets tjenestetilbud",
                    language=LANGUAGE_TAG[sprak],
                    date=avtale.signering.dato,
                ),
                language=sprak,
                signature_fields=[SignatureField(s["felt"], s["tittel"]) for s in signatories(avtale)],
            )
        )
    return documents


def _template(paths: Paths, sprak: str, name: str) -> Path:
    path = paths.templates / sprak / f"{name}.docx"
    if not path.exists():
        raise InputError([Problem(str(path), 1, "", "malen finnes ikke")])
    return path


def build(
    region: str,
    paths: Paths = Paths(),
    only: set[str] | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> list[manifest.Entry]:
    """Build a region's documents into paths.output/<region>/; return the manifest entries."""
    avtale = check(region, paths)
    documents = plan(avtale, paths, only)
    target = paths.output / region
    paths.output.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{region}-", dir=paths.output))
    try:
        staging = work / region
        if target.exists() and only:
            shutil.copytree(target, staging)  # keep the kinds not rebuilt now
        staging.mkdir(exist_ok=True)
        entries = [e for e in manifest.read(staging) if e.kind not in {d.kind for d in documents}]
        for doc in documents:
            log(f"Fletter {doc.template.as_posix()} -> {doc.stem}.docx")
            render_docx(doc.template, doc.context, doc.info, staging / f"{doc.stem}.docx", display=doc.template.as_posix())
        log(f"Konverterer {len(documents)} dokument(er) til PDF/A med LibreOffice")
        converted = convert.to_pdf([staging / f"{d.stem}.docx" for d in documents], work / "converted")
        for doc, pdf in zip(documents, converted):
            assemble(pdf, doc.info, doc.signature_fields, staging / f"{doc.stem}.pdf")
            for suffix in (".docx", ".pdf"):
                path = staging / f"{doc.stem}{suffix}"
                entries.append(manifest.entry(staging, path, doc.kind, doc.info.title, doc.language))
        manifest.write(staging, region, entries)
        _replace(staging, target, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for e in entries:
        log(f"Skrev {(target / e.path).as_posix()}")
    return entries


def _replace(staging: Path, target: Path, work: Path) -> None:
    """Move the finished folder into place; the old one is removed only after."""
    old = work / "forrige"
    if target.exists():
        target.rename(old)
    staging.rename(target)
