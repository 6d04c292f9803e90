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

from politidok import archive, convert, manifest, package
from politidok.verify import verify
from politidok.assemble import SignatureField, assemble, finalize
from politidok.context import agreement_context, case_context, signatories
from politidok.docinfo import DocumentInfo
from politidok.errors import InputError, Problem, ToolError
from politidok.load import Region, load_region
from politidok.models import Arkiv
from politidok.render import render_docx

LANGUAGE_TAG = {"nb": "nb-NO", "nn": "nn-NO"}
KINDS = ("samarbeidsavtale", "saksframlegg", "pakke")


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes; defaults are relative to the project folder."""

    agreements: Path = Path("agreements")
    templates: Path = Path("templates")
    output: Path = Path("output")


@dataclass
class Document:
    """One document rendered from a Word template."""

    kind: str
    stem: str  # file name without suffix, e.g. "samarbeidsavtale"
    template: Path
    context: dict
    info: DocumentInfo
    language: str  # "nb" or "nn"
    signature_fields: list[SignatureField] = field(default_factory=list)
    arkiv: Arkiv | None = None
    attachments: int = 0


@dataclass
class Package:
    """One PDF merged from documents of the same build, a bookmark per part."""

    stem: str
    info: DocumentInfo
    language: str
    parts: list[tuple[str, str]]  # (bookmark title, document stem)
    kind: str = "pakke"
    arkiv: Arkiv | None = None

    @property
    def attachments(self) -> int:
        return len(self.parts) - 1


@dataclass
class Plan:
    documents: list[Document]
    packages: list[Package]


def region_dir(region: str, paths: Paths) -> Path:
    folder = paths.agreements / region
    if not region or "/" in region or region.startswith(".") or not folder.is_dir():
        known = sorted(p.name for p in paths.agreements.glob("*") if (p / "avtale.yaml").exists())
        raise InputError(
            [Problem(str(paths.agreements / region), 1, "", f"ukjent region «{region}» (kjente: {', '.join(known) or 'ingen'})")]
        )
    return folder


def check(region: str, paths: Paths = Paths()) -> Region:
    """Validate a region's input (and that its templates exist) without writing anything."""
    loaded = load_region(region_dir(region, paths))
    plan(loaded, paths)
    return loaded


def plan(region: Region, paths: Paths, only: set[str] | None = None) -> Plan:
    """The documents and packages of a region; `only` keeps some kinds (and what they need)."""
    unknown = sorted((only or set()) - set(KINDS))
    if unknown:
        raise InputError([Problem("--only", 1, "", f"ukjent dokumenttype «{u}» (kjente: {', '.join(KINDS)})") for u in unknown])
    avtale = region.avtale
    sprak = "nb"
    agreement = Document(
        kind="samarbeidsavtale",
        stem="samarbeidsavtale",
        template=_template(paths, sprak, "samarbeidsavtale"),
        context=agreement_context(avtale, sprak),
        info=DocumentInfo(
            title=f"Samarbeidsavtale – {avtale.politirad.navn}",
            subject="Samarbeidsavtale for politiråd og politiets tjenestetilbud",
            language=LANGUAGE_TAG[sprak],
            date=avtale.dato,
        ),
        language=sprak,
        signature_fields=[SignatureField(s["felt"], s["tittel"]) for s in signatories(avtale)],
        arkiv=avtale.arkiv,
    )
    documents = [agreement]
    packages = []
    by_kind = {"samarbeidsavtale": agreement}
    for name, sak in region.saker.items():
        attachments = [(v.tittel or by_kind[v.dokument].info.title, by_kind[v.dokument]) for v in sak.vedlegg]
        case = Document(
            kind="saksframlegg",
            stem=f"saksframlegg-{name}",
            template=_template(paths, sak.sprak, "saksframlegg"),
            context=case_context(sak, [title for title, _doc in attachments]),
            info=DocumentInfo(title=f"Saksframlegg – {sak.tittel}", subject=sak.organ, language=LANGUAGE_TAG[sak.sprak], date=sak.dato),
            language=sak.sprak,
            arkiv=sak.arkiv or avtale.arkiv,
            attachments=len(attachments),
        )
        documents.append(case)
        if attachments:
            packages.append(
                Package(
                    stem=f"pakke-{name}",
                    info=DocumentInfo(
                        title=f"Saksframlegg med vedlegg – {sak.tittel}",
                        subject=sak.organ,
                        language=case.info.language,
                        date=sak.dato,
                    ),
                    language=sak.sprak,
                    parts=[(f"Saksframlegg: {sak.tittel}", case.stem)]
                    + [(f"Vedlegg {i}: {title}", doc.stem) for i, (title, doc) in enumerate(attachments, 1)],
                    arkiv=case.arkiv,
                )
            )
    if only:
        packages = [p for p in packages if p.kind in only]
        needed = {stem for p in packages for _title, stem in p.parts}
        documents = [d for d in documents if d.kind in only or d.stem in needed]
    return Plan(documents, packages)


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
    loaded = load_region(region_dir(region, paths))
    todo = plan(loaded, paths, only)
    target = paths.output / region
    paths.output.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{region}-", dir=paths.output))
    try:
        staging = work / region
        if target.exists() and only:
            shutil.copytree(target, staging)  # keep the kinds not rebuilt now
        staging.mkdir(exist_ok=True)
        rebuilt = {d.kind for d in todo.documents} | {p.kind for p in todo.packages}
        entries = [e for e in manifest.read(staging) if e.kind not in rebuilt]
        for doc in todo.documents:
            log(f"Fletter {doc.template.as_posix()} -> {doc.stem}.docx")
            render_docx(doc.template, doc.context, doc.info, staging / f"{doc.stem}.docx", display=doc.template.as_posix())
        log(f"Konverterer {len(todo.documents)} dokument(er) til PDF/A med LibreOffice")
        converted = dict(
            zip(
                (d.stem for d in todo.documents),
                convert.to_pdf([staging / f"{d.stem}.docx" for d in todo.documents], work / "converted"),
            )
        )
        for doc in todo.documents:
            assemble(converted[doc.stem], doc.info, doc.signature_fields, staging / f"{doc.stem}.pdf")
        for pack in todo.packages:
            log(f"Setter sammen {pack.stem}.pdf ({len(pack.parts)} deler)")
            merged = package.merge([package.Part(title, converted[stem]) for title, stem in pack.parts])
            finalize(merged, pack.info, staging / f"{pack.stem}.pdf")
        _verify(staging, todo, log)
        for item in [*todo.documents, *todo.packages]:
            fields = [f.name for f in getattr(item, "signature_fields", [])]
            files = [
                manifest.entry(staging, staging / f"{item.stem}{suffix}", item.kind, item.info.title, item.language, fields)
                for suffix in (".pdf", ".docx")
                if (staging / f"{item.stem}{suffix}").exists()
            ]
            record = archive.Record(item.kind, item.info.title, files, item.info.date, item.arkiv, attachments=item.attachments)
            xml = staging / archive.file_name(item.stem)
            xml.write_bytes(archive.arkivmelding(record))
            entries += files + [manifest.entry(staging, xml, "arkivmelding", f"Arkivmelding – {item.info.title}", item.language)]
        manifest.write(staging, region, entries)
        _replace(staging, target, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for e in entries:
        log(f"Skrev {(target / e.path).as_posix()}")
    return entries


def _verify(staging: Path, todo: Plan, log: Callable[[str], None]) -> None:
    """The checks of `politidok verify` on every PDF written; a failure stops the build."""
    expected = {staging / f"{d.stem}.pdf": [f.name for f in d.signature_fields] for d in todo.documents}
    pdfs = [staging / f"{item.stem}.pdf" for item in [*todo.documents, *todo.packages]]
    log(f"Kontrollerer {len(pdfs)} PDF-er (PDF/A, fonter, A4, språk, signaturfelt)")
    reports = verify(pdfs, expected)
    if any(c.ok is None for r in reports for c in r.checks):
        log("Merk: PDF/A ble ikke kontrollert fordi Java/PDFBox mangler.")
    failed = [r for r in reports if not r.ok]
    if failed:
        raise ToolError("Kontrollen av de ferdige PDF-ene feilet; ingenting er skrevet til output/.\n" + "\n".join(r.text() for r in failed))


def _replace(staging: Path, target: Path, work: Path) -> None:
    """Move the finished folder into place; the old one is removed only after."""
    old = work / "forrige"
    if target.exists():
        target.rename(old)
    staging.rename(target)
