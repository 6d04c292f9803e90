"""The document pipeline: render -> convert -> assemble -> check, overlapped.

Each document goes to LibreOffice as soon as it is rendered, is assembled (signature fields,
metadata) as soon as its PDF comes back, and is checked at once. Packages are merged from the
converted parts. The checks of `politidok verify` run on every PDF written, PDF/A and PDF/UA by
page-validation in this process (PDFBox too with POLITIDOK_PDFBOX=1); a failure stops the build
before anything reaches output/.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from pathlib import Path

from politidok.build.services import Services
from politidok.convert import DEFAULT_TIMEOUT
from politidok.core.errors import ToolError
from politidok.core.tekst import antall
from politidok.documents import Document, Package, PartRef
from politidok.render import render_docx


def make_pdfs(
    documents: list[Document],
    packages: list[Package],
    staging: Path,
    work: Path,
    cache: Path,
    log: Callable[[str], None],
    progress,
    services: Services | None,
    meanwhile: Callable[[], None] = lambda: None,
    also: Callable[[Path], None] | None = None,
) -> dict[str, Path]:
    """Render, convert, assemble and check every document and package into `staging`.

    A package is merged as soon as its parts are converted, not after the last document.
    `meanwhile` is other work of the build, done while LibreOffice converts (calendar files); `also`,
    more work on each PDF written, in the checking thread (the leak gate reads its texts ahead).
    Returns the converted (pre-assembly) PDF of every document built; packages take the parts
    not built now from the cache of the last build."""
    if not documents and not packages:
        meanwhile()
        return {}
    documents = conversion_order(documents, packages)
    own = services is None
    services = services or Services()
    checking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="politidok-check", initializer=_give_way)
    futures: dict[Future, Document] = {}
    try:
        converted: dict[str, Path] = {}
        checks: dict[Path, object] = {}
        checker = services.checker()  # PDFBox, when asked for (POLITIDOK_PDFBOX=1) and installed
        early: dict[Path, Future] = {}  # the checks of verify but PDFBox, run as each PDF is written

        def written(final: Path, fields: list[str]) -> None:
            from politidok.archive.verify import verify

            if checker is not None:
                checks[final] = checker.submit(final)
            early[final] = checking.submit(verify, [final], {final: fields}, False)
            if also is not None:
                checking.submit(also, final)

        building = {d.stem for d in documents}
        waiting = list(packages)

        def merge_ready() -> None:
            from politidok.assemble import finalize, merge

            for pack in [
                p for p in waiting if all(not r.stem or r.stem not in building or r.stem in converted for r in p.parts)
            ]:
                waiting.remove(pack)
                log(f"Setter sammen {pack.stem}.pdf ({len(pack.parts)} deler)")
                parts = [merge.Part(r.title, _part_pdf(r, converted, cache)) for r in pack.parts]
                written(finalize(merge.merge(parts, pack.info.title), pack.info, staging / f"{pack.stem}.pdf"), [])

        if documents:
            converter = services.converter()
            if progress is not None:  # several builds may share one converter (build --alle)
                converter.reset_count(len(documents), progress)
            log(f"Konverterer {antall(len(documents), 'dokument', 'dokumenter')} til PDF/A med LibreOffice")
            for doc in documents:
                docx = render_docx(
                    doc.template, doc.context, doc.info, staging / f"{doc.stem}.docx", display=doc.template.as_posix()
                )
                futures[converter.submit(docx, work / "converted" / f"{doc.stem}.pdf")] = doc
            converter.finish()
            # Imported only now, with every document handed to LibreOffice: the imports of the
            # later stages (pikepdf, page-validation) are off the path to the first conversion.
            from politidok.assemble import assemble

            meanwhile()
            for future in as_completed(futures):
                doc = futures[future]
                final = assemble(future.result(), doc.info, doc.signature_fields, staging / f"{doc.stem}.pdf")
                converted[doc.stem] = future.result()
                written(final, [f.name for f in doc.signature_fields])
                merge_ready()
        else:
            meanwhile()
        merge_ready()
        check(
            staging,
            documents,
            packages,
            log,
            checks,
            early,
            pdfbox=services.pdfbox_wanted,
            pdfbox_missing=services.pdfbox_wanted and checker is None,
        )
        return converted
    except BaseException:
        _abandon(futures)
        raise
    finally:
        checking.shutdown(wait=True, cancel_futures=True)
        if own:
            services.close()


def _part_pdf(part: PartRef, converted: dict[str, Path], cache: Path) -> Path:
    """A package part's PDF: a document converted now or in the last build (stem), or a file (path)."""
    if part.stem:
        return converted.get(part.stem) or cache / f"{part.stem}.pdf"
    assert part.path is not None  # a part is a document or a file
    return part.path


def _abandon(futures: dict[Future, Document]) -> None:
    """After a failure (or Ctrl-C, SIGTERM): the documents LibreOffice has not begun are dropped, and
    those it is converting are waited for, so that nothing is written into the work folder after the
    build has removed it. (The converter may be shared: the warm server's, another region's.)"""
    running = [f for f in futures if not f.cancel()]
    wait(running, timeout=DEFAULT_TIMEOUT)


def conversion_order(documents: list[Document], packages: list[Package]) -> list[Document]:
    """The order documents go to LibreOffice: the parts of packages first, so that the packages
    are merged and checked while the other documents are converted, not after the last one."""
    in_pack = {r.stem for p in packages for r in p.parts if r.stem}
    return sorted(documents, key=lambda d: d.stem not in in_pack)  # stable: plan order within each group


def _give_way() -> None:
    """The checking thread runs at a lower priority (Linux: a thread has its own nice value), so that
    it takes no CPU from LibreOffice, whose conversions are the build's longest chain; the checks
    fill the gaps and catch up as soon as the last document is converted. page-validation's own
    worker threads, started from here the first time, inherit it for the life of the process
    (the warm server, --alle): they only ever check PDFs, which should give way to LibreOffice.
    Relative to the process's own value, so that an already niced run is not raised."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10))
    except (AttributeError, OSError):
        pass


def check(
    staging: Path,
    documents: list[Document],
    packages: list[Package],
    log: Callable[[str], None],
    pending: dict | None = None,
    early: dict | None = None,
    pdfbox: bool = False,
    pdfbox_missing: bool = False,
) -> None:
    """The checks of `politidok verify` on every PDF written; a failure stops the build.

    `pending`: PDFBox results under way (path -> Future); `early`: the other checks of verify,
    already started as each file was written (path -> Future[[Report]], run without PDFBox).
    `pdfbox`: PDFBox was asked for (POLITIDOK_PDFBOX=1); `pdfbox_missing`: but Java/PDFBox is not installed."""
    expected = {staging / f"{d.stem}.pdf": [f.name for f in d.signature_fields] for d in documents}
    pdfs = [staging / f"{stem}.pdf" for stem in [*(d.stem for d in documents), *(p.stem for p in packages)]]
    log(f"Kontrollerer {antall(len(pdfs), 'PDF', 'PDF-er')} (PDF/A, PDF/UA, fonter, A4, språk, signaturfelt)")
    pending, early = pending or {}, early or {}
    late = [p for p in pdfs if p not in early]
    from politidok.archive.verify import pdfbox_check, verify

    reports_of = dict(zip(late, verify(late, expected, run_preflight=pdfbox, pending=pending))) if late else {}
    for pdf in pdfs:
        if pdf in early:
            report = reports_of[pdf] = early[pdf].result()[0]
            if pdf in pending:
                report.checks.insert(0, pdfbox_check(pending[pdf].result()))
    reports = [reports_of[p] for p in pdfs]
    if pdfbox_missing:
        log(
            "Merk: PDFBox-kontrollen ble ikke kjørt fordi Java/PDFBox mangler (PDF/A er kontrollert med page-validation)."
        )
    failed = [r for r in reports if not r.ok]
    if failed:
        raise ToolError(
            "Kontrollen av de ferdige PDF-ene feilet; ingenting er skrevet til output/.\n"
            + "\n".join(r.text() for r in failed)
        )
