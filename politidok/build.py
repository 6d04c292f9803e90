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

from politidok import archive, convert, evaluation, ics, manifest, meetings, package, state
from politidok.verify import verify
from politidok.assemble import SignatureField, assemble, finalize
from politidok.context import agreement_context, case_context, dato, signatories
from politidok.docinfo import DocumentInfo
from politidok.errors import InputError, Problem, ToolError
from politidok.lint import lint_templates
from politidok.load import Region, load_region
from politidok.models import Arkiv
from politidok.render import Image, render_docx
from politidok.services import Services

LANGUAGE_TAG = {"nb": "nb-NO", "nn": "nn-NO"}
from politidok.config import KINDS, Paths  # noqa: E402  (re-exported)


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
    skjerming: archive.Skjerming | None = None
    codes: tuple[str, str] | None = None
    with_kind: str | None = None  # also built when this kind is asked for (--only)


@dataclass(frozen=True)
class PartRef:
    """A part of a package: a document of this build (stem) or a PDF/A file of the region (path)."""

    title: str
    stem: str | None = None
    path: Path | None = None


@dataclass
class Package:
    """One PDF merged from documents of the same build, a bookmark per part."""

    stem: str
    info: DocumentInfo
    language: str
    parts: list[PartRef]
    kind: str = "pakke"
    arkiv: Arkiv | None = None
    codes: tuple[str, str] | None = None
    skjerming: archive.Skjerming | None = None
    with_kind: str | None = None

    @property
    def attachments(self) -> int:
        return len(self.parts) - 1


@dataclass
class Calendar:
    stem: str
    title: str
    language: str
    content: bytes
    kind: str = "kalender"


@dataclass
class Plan:
    documents: list[Document]
    packages: list[Package]
    calendars: list[Calendar] = field(default_factory=list)


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
    problems = lint_templates(paths.templates)
    if problems:
        raise InputError(problems)
    return loaded


def next_year(region: str, year: int, paths: Paths = Paths(), force: bool = False) -> Path:
    """Write evaluering/<year+1>.yaml with læringspunkter and unfinished tiltak carried over."""
    loaded = load_region(region_dir(region, paths))
    source = loaded.folder / "evaluering" / f"{year}.yaml"
    if year not in loaded.evalueringer:
        raise InputError([Problem(str(source), 1, "", f"fant ingen evaluering for {year}")])
    target = loaded.folder / "evaluering" / f"{year + 1}.yaml"
    if target.exists() and not force:
        raise InputError([Problem(str(target), 1, "", "filen finnes allerede (bruk --force for å skrive over)")])
    evaluering = loaded.evalueringer[year]
    target.write_text(evaluation.next_year_yaml(evaluering, evaluation.facts(loaded.avtale, loaded.moter, evaluering)),
                      encoding="utf-8")
    return target


def plan(region: Region, paths: Paths, only: set[str] | None = None, year: int | None = None,
         log: Callable[[str], None] = lambda _msg: None) -> Plan:
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
                    parts=[PartRef(f"Saksframlegg: {sak.tittel}", case.stem)]
                    + [PartRef(f"Vedlegg {i}: {title}", doc.stem) for i, (title, doc) in enumerate(attachments, 1)],
                    arkiv=case.arkiv,
                )
            )
    calendars: list[Calendar] = []
    for name, mote in region.moter.items():
        _plan_meeting(region, paths, name, mote, by_kind, documents, packages, calendars)
    asked = bool(only and "evalueringsrapport" in only) or year is not None
    for ar, evaluering in region.evalueringer.items():
        if year is not None and ar != year:
            continue
        if evaluering.missing:
            where = str(region.folder / "evaluering" / f"{ar}.yaml")
            if asked:
                raise InputError([Problem(where, 1, m, "mangler – fyll inn før rapporten kan lages") for m in evaluering.missing])
            log(f"Hopper over evalueringsrapporten for {ar}: {', '.join(evaluering.missing)} er ikke fylt ut ennå.")
            continue
        _plan_evaluation(region, paths, evaluering, documents, packages)
    if year is not None and year not in region.evalueringer:
        raise InputError([Problem(str(region.folder / "evaluering" / f"{year}.yaml"), 1, "", "filen finnes ikke")])
    if only:
        packages = [p for p in packages if p.kind in only or p.with_kind in only]
        calendars = [c for c in calendars if c.kind in only]
        needed = {part.stem for p in packages for part in p.parts if part.stem}
        documents = [d for d in documents if d.kind in only or d.with_kind in only or d.stem in needed]
    return Plan(documents, packages, calendars)


def _plan_evaluation(region: Region, paths: Paths, evaluering, documents: list, packages: list) -> None:
    """The evaluation report of a year, and the saksframlegg + package that present it."""
    avtale, ar = region.avtale, evaluering.ar
    facts = evaluation.facts(avtale, region.moter, evaluering)
    titles = evaluation.area_titles(avtale)
    chart = Image(None, width_mm=150, factory=lambda: evaluation.chart_png(facts, titles),
                  key=state.fingerprint("chart", {str(k): dict(v) for k, v in facts.counts.items()}, {str(k): v for k, v in titles.items()}))
    title = f"Evalueringsrapport {ar} – {avtale.politirad.navn}"
    report = Document(
        kind="evalueringsrapport",
        stem=f"evalueringsrapport-{ar}",
        template=_template(paths, "nb", "evalueringsrapport"),
        context=evaluation.report_context(avtale, evaluering, facts, chart),
        info=DocumentInfo(title=title, language=LANGUAGE_TAG["nb"], date=evaluering.report_date),
        language="nb",
        arkiv=avtale.arkiv,
    )
    documents.append(report)
    if not evaluering.saksframlegg:
        return
    sak = evaluation.case(avtale, evaluering, facts)
    case = Document(
        kind="saksframlegg",
        stem=f"saksframlegg-evaluering-{ar}",
        template=_template(paths, "nb", "saksframlegg"),
        context=case_context(sak, [title]),
        info=DocumentInfo(title=f"Saksframlegg – {sak.tittel}", subject=sak.organ, language=LANGUAGE_TAG["nb"], date=sak.dato),
        language="nb",
        arkiv=avtale.arkiv,
        attachments=1,
        with_kind="evalueringsrapport",
    )
    documents.append(case)
    packages.append(
        Package(
            stem=f"pakke-evaluering-{ar}",
            info=DocumentInfo(title=f"Saksframlegg med vedlegg – {sak.tittel}", subject=sak.organ,
                              language=LANGUAGE_TAG["nb"], date=sak.dato),
            language="nb",
            parts=[PartRef(f"Saksframlegg: {sak.tittel}", case.stem), PartRef(f"Vedlegg 1: {title}", report.stem)],
            arkiv=avtale.arkiv,
            with_kind="evalueringsrapport",
        )
    )


def _plan_meeting(region, paths, name, mote, by_kind, documents, packages, calendars) -> None:
    """Invitation (+ package), minutes (+ public version) per målform, and a calendar file."""
    avtale = region.avtale
    langs = meetings.languages(avtale, mote)
    day = mote.dato
    for sprak in langs:
        suffix = f"-{sprak}" if len(langs) > 1 else ""
        rad = meetings.council(avtale, mote, sprak)
        when = dato(day, sprak)
        refs: dict[int, list[PartRef]] = {}
        for i, sak in enumerate(mote.saker):
            for v in sak.vedlegg:
                if v.dokument:
                    doc = by_kind[v.dokument]
                    refs.setdefault(i, []).append(PartRef(v.tittel or doc.info.title, stem=doc.stem))
                else:
                    refs.setdefault(i, []).append(PartRef(v.tittel, path=region.folder / v.fil))
        titles = {i: [r.title for r in rs] for i, rs in refs.items()}
        invitation = Document(
            kind="innkalling",
            stem=f"innkalling-{name}{suffix}",
            template=_template(paths, sprak, "innkalling"),
            context=meetings.invitation_context(avtale, mote, sprak, titles),
            info=DocumentInfo(title=f"Innkalling – {rad}, {when}", language=LANGUAGE_TAG[sprak], date=mote.sendt),
            language=sprak,
            arkiv=avtale.arkiv,
            attachments=sum(len(t) for t in titles.values()),
        )
        documents.append(invitation)
        if refs:
            packages.append(
                Package(
                    stem=f"pakke-{name}{suffix}",
                    info=DocumentInfo(title=f"Møtepakke – {rad}, {when}", language=LANGUAGE_TAG[sprak], date=mote.sendt),
                    language=sprak,
                    parts=[PartRef(f"Innkalling: {rad}, {when}", stem=invitation.stem)]
                    + [
                        PartRef(f"{mote.saker[i].nummer}: {r.title}", stem=r.stem, path=r.path)
                        for i in sorted(refs)
                        for r in refs[i]
                    ],
                    arkiv=avtale.arkiv,
                    codes=archive.CODES["innkalling"],
                )
            )
        if mote.referat:
            hjemler = sorted({s.unntatt_offentlighet for s in mote.saker if s.unntatt_offentlighet})
            public_word = "offentleg" if sprak == "nn" else "offentlig"
            versions = [("referat", False, f"Referat – {rad}, {when}")]
            if hjemler:  # a closed item: the internal minutes, and a public version without it
                versions.append(("referat-offentlig", True, f"Referat ({public_word} versjon) – {rad}, {when}"))
            for kind, public, title in versions:
                documents.append(
                    Document(
                        kind=kind,
                        stem=f"{kind}-{name}{suffix}",
                        template=_template(paths, sprak, "referat"),
                        context=meetings.minutes_context(avtale, mote, sprak, public=public),
                        info=DocumentInfo(title=title, language=LANGUAGE_TAG[sprak], date=day),
                        language=sprak,
                        arkiv=avtale.arkiv,
                        skjerming=archive.Skjerming(" og ".join(hjemler)) if hjemler and not public else None,
                    )
                )
    sprak = langs[0]
    agenda = meetings.agenda(mote, sprak, {})
    calendars.append(
        Calendar(
            stem=f"kalender-{name}",
            title=f"Kalender – {meetings.council(avtale, mote, sprak)}, {dato(day, sprak)}",
            language=sprak,
            content=ics.meeting_calendar(
                uid=f"{name}@{region.name}.politidok",
                summary=meetings.council(avtale, mote, sprak),
                location=mote.sted,
                description="Saksliste:\n" + "\n".join(f"{a['nummer']} {a['tittel']}" for a in agenda),
                day=day,
                start=mote.fra,
                end=mote.til,
            ),
        )
    )


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
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    services: Services | None = None,
) -> list[manifest.Entry]:
    """Build a region's documents into paths.output/<region>/; return the manifest entries.

    Incremental: documents whose fingerprint (template, values, metadata) is unchanged since the
    last build are kept as they are; only the others are rendered, converted and checked again.
    `services` are LibreOffice and Java already running (started early by the CLI, or kept warm
    by the server); without them the build starts its own when it needs them.
    """
    folder = region_dir(region, paths)
    target = paths.output / region
    options = [sorted(only or []), year]
    if state.up_to_date(paths.output, region, folder, paths.templates, options):
        log(f"Ingen endringer: {target.as_posix()}/ er oppdatert.")
        return manifest.read(target)
    loaded = load_region(folder)
    todo = plan(loaded, paths, only, year, log)
    saved = state.load(paths.output, region)
    cache = state.folder(paths.output, region) / "converted"
    prints = {d.stem: _fingerprint(d) for d in todo.documents}
    for pack in todo.packages:
        prints[pack.stem] = _fingerprint(pack, [prints.get(r.stem) or _file_sha(r.path) for r in pack.parts])
    old_docs = saved.get("documents", {})
    old_outputs = saved.get("outputs", {})

    def unchanged(stem: str, converted: bool) -> bool:
        old = old_docs.get(stem)
        return bool(old and old["fingerprint"] == prints[stem] and state.intact(target, {
            name: old_outputs.get(name, "") for name in old["files"]
        }) and (not converted or (cache / f"{stem}.pdf").is_file()))

    documents = [d for d in todo.documents if not unchanged(d.stem, True)]
    packages = [p for p in todo.packages if not unchanged(p.stem, False)]
    total = len(todo.documents) + len(todo.packages)
    rebuilt = [*documents, *packages]
    if rebuilt:
        names = ", ".join(x.stem for x in rebuilt)
        log(f"Lager {len(rebuilt)} av {total} dokumenter på nytt: {names}" if len(rebuilt) < total
            else f"Lager {total} dokumenter")
    linted = saved.get("templates", {})
    to_lint = sorted({d.template for d in documents if linted.get(d.template.as_posix()) != state.file_sha(d.template)})
    problems = lint_templates(paths.templates, to_lint)
    if problems:
        raise InputError(problems)
    paths.output.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{region}-", dir=paths.output))
    try:
        staging = work / region
        if target.exists():
            shutil.copytree(target, staging)  # unchanged documents stay as they are
        staging.mkdir(exist_ok=True)
        converted = _make_pdfs(documents, packages, staging, work, cache, log, progress, services)
        old_entries = {e.path: e for e in manifest.read(staging)}
        entries: list[manifest.Entry] = []
        for cal in todo.calendars:
            (staging / f"{cal.stem}.ics").write_bytes(cal.content)
            entries.append(manifest.entry(staging, staging / f"{cal.stem}.ics", cal.kind, cal.title, cal.language))
        new = {x.stem for x in rebuilt}
        files_of: dict[str, list[str]] = {}
        for item in [*todo.documents, *todo.packages]:
            names = [f"{item.stem}{x}" for x in (".pdf", ".docx") if (staging / f"{item.stem}{x}").exists()]
            names.append(archive.file_name(item.stem))
            files_of[item.stem] = names
            if item.stem not in new and all(n in old_entries for n in names):
                entries += [old_entries[n] for n in names]
                continue
            fields = [f.name for f in getattr(item, "signature_fields", [])]
            files = [manifest.entry(staging, staging / n, item.kind, item.info.title, item.language, fields) for n in names[:-1]]
            record = archive.Record(
                item.kind, item.info.title, files, item.info.date, item.arkiv,
                public_title=item.info.title, skjerming=item.skjerming, attachments=item.attachments, codes=item.codes,
            )
            xml = staging / names[-1]
            xml.write_bytes(archive.arkivmelding(record))
            entries += files + [manifest.entry(staging, xml, "arkivmelding", f"Arkivmelding – {item.info.title}", item.language)]
        if only:  # keep the kinds not built now, as they were
            kept = {e.path for e in entries}
            entries += [e for p, e in old_entries.items() if p not in kept and (staging / p).exists()]
        keep = {e.path for e in entries} | {manifest.NAME}
        for path in staging.iterdir():
            if path.is_file() and path.name not in keep:
                path.unlink()  # a document that is no longer in the input
        manifest.write(staging, region, entries)
        _replace(staging, target, work)
        cache.mkdir(parents=True, exist_ok=True)
        for doc in documents:
            shutil.copyfile(converted[doc.stem], cache / f"{doc.stem}.pdf")
        documents_state = {**(old_docs if only else {}), **{
            stem: {"fingerprint": prints[stem], "files": files_of[stem]} for stem in prints
        }}
        state.save(paths.output, region, {
            "inputs": state.inputs_digest(folder, paths.templates, options),
            "documents": documents_state,
            "outputs": state.outputs_of(target),
            "templates": {**linted, **{t.as_posix(): state.file_sha(t) for t in {d.template for d in todo.documents}}},
        })
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not rebuilt:
        log("Alle dokumentene er uendret.")
    for name in sorted({n for x in rebuilt for n in files_of[x.stem]}):
        log(f"Skrev {(target / name).as_posix()}")
    return entries


def _fingerprint(item, parts: list | None = None) -> str:
    """What a document's bytes depend on: template file, values, metadata and archive references."""
    template = state.file_sha(item.template) if getattr(item, "template", None) else None
    return state.fingerprint(
        item.kind, item.stem, template, getattr(item, "context", None), item.info, item.language,
        [(f.name, f.title) for f in getattr(item, "signature_fields", [])], item.arkiv, item.skjerming,
        item.codes, item.attachments, [(r.title, r.stem, str(r.path)) for r in getattr(item, "parts", [])], parts,
    )


def _file_sha(path: Path | None) -> str:
    return state.file_sha(path) if path else ""


def _make_pdfs(documents: list[Document], packages: list[Package], staging: Path, work: Path, cache: Path,
               log: Callable[[str], None], progress, services: Services | None) -> dict[str, Path]:
    """Render, convert, assemble and check, overlapped: each document goes to LibreOffice as soon
    as it is rendered, is assembled as soon as LibreOffice returns it, and goes on to PDFBox at once.
    Returns the converted (pre-assembly) PDF of every document built; packages take the parts
    not built now from the cache of the last build."""
    from concurrent.futures import as_completed

    if not documents and not packages:
        return {}
    own = services is None
    services = services or Services()
    try:
        converted: dict[str, Path] = {}
        checks: dict[Path, object] = {}
        checker = services.checker()  # None without Java: _verify says so
        if documents:
            converter = services.converter()
            converter.reset_count(len(documents), progress)
            log(f"Konverterer {len(documents)} dokument(er) til PDF/A med LibreOffice")
            futures = {}
            for doc in documents:
                docx = render_docx(doc.template, doc.context, doc.info, staging / f"{doc.stem}.docx",
                                   display=doc.template.as_posix())
                futures[converter.submit(docx, work / "converted" / f"{doc.stem}.pdf")] = doc
            converter.finish()
            for future in as_completed(futures):
                doc = futures[future]
                converted[doc.stem] = future.result()
                final = assemble(converted[doc.stem], doc.info, doc.signature_fields, staging / f"{doc.stem}.pdf")
                if checker is not None:
                    checks[final] = checker.submit(final)
        for pack in packages:
            log(f"Setter sammen {pack.stem}.pdf ({len(pack.parts)} deler)")
            parts = [package.Part(r.title, converted.get(r.stem) or cache / f"{r.stem}.pdf" if r.stem else r.path)
                     for r in pack.parts]
            final = finalize(package.merge(parts), pack.info, staging / f"{pack.stem}.pdf")
            if checker is not None:
                checks[final] = checker.submit(final)
        _verify(staging, Plan(documents, packages), log, checks)
        return converted
    finally:
        if own:
            services.close()


def _verify(staging: Path, todo: Plan, log: Callable[[str], None], pending: dict | None = None) -> None:
    """The checks of `politidok verify` on every PDF written; a failure stops the build."""
    expected = {staging / f"{d.stem}.pdf": [f.name for f in d.signature_fields] for d in todo.documents}
    pdfs = [staging / f"{item.stem}.pdf" for item in [*todo.documents, *todo.packages]]
    log(f"Kontrollerer {len(pdfs)} PDF-er (PDF/A, fonter, A4, språk, signaturfelt)")
    reports = verify(pdfs, expected, pending=pending)
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
