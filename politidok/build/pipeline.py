"""The document pipeline: render -> convert -> assemble -> check, overlapped.

Each document goes to LibreOffice as soon as it is rendered, is assembled (signature fields,
metadata) as soon as its PDF comes back, and goes on to the PDFBox preflight at once. Packages
are merged from the converted parts. The checks of `politidok verify` run on every PDF written;
a failure stops the build before anything reaches output/.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import as_completed
from pathlib import Path

from politidok.archive.verify import verify
from politidok.assemble import assemble, finalize
from politidok.assemble import merge
from politidok.build.services import Services
from politidok.core.errors import ToolError
from politidok.documents import Document, Package
from politidok.render import render_docx


def make_pdfs(documents: list[Document], packages: list[Package], staging: Path, work: Path, cache: Path,
              log: Callable[[str], None], progress, services: Services | None) -> dict[str, Path]:
    """Render, convert, assemble and check every document and package into `staging`.

    A package is merged as soon as its parts are converted, not after the last document.
    Returns the converted (pre-assembly) PDF of every document built; packages take the parts
    not built now from the cache of the last build."""
    if not documents and not packages:
        return {}
    own = services is None
    services = services or Services()
    try:
        converted: dict[str, Path] = {}
        checks: dict[Path, object] = {}
        checker = services.checker()  # None without Java: check() says so
        building = {d.stem for d in documents}
        waiting = list(packages)

        def merge_ready() -> None:
            for pack in [p for p in waiting if all(not r.stem or r.stem not in building or r.stem in converted
                                                   for r in p.parts)]:
                waiting.remove(pack)
                log(f"Setter sammen {pack.stem}.pdf ({len(pack.parts)} deler)")
                parts = [merge.Part(r.title, converted.get(r.stem) or cache / f"{r.stem}.pdf" if r.stem else r.path)
                         for r in pack.parts]
                final = finalize(merge.merge(parts), pack.info, staging / f"{pack.stem}.pdf")
                if checker is not None:
                    checks[final] = checker.submit(final)

        if documents:
            converter = services.converter()
            if progress is not None:  # several builds may share one converter (build --alle)
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
                final = assemble(future.result(), doc.info, doc.signature_fields, staging / f"{doc.stem}.pdf")
                converted[doc.stem] = future.result()
                if checker is not None:
                    checks[final] = checker.submit(final)
                merge_ready()
        merge_ready()
        check(staging, documents, packages, log, checks)
        return converted
    finally:
        if own:
            services.close()


def check(staging: Path, documents: list[Document], packages: list[Package], log: Callable[[str], None],
          pending: dict | None = None) -> None:
    """The checks of `politidok verify` on every PDF written; a failure stops the build."""
    expected = {staging / f"{d.stem}.pdf": [f.name for f in d.signature_fields] for d in documents}
    pdfs = [staging / f"{item.stem}.pdf" for item in [*documents, *packages]]
    log(f"Kontrollerer {len(pdfs)} PDF-er (PDF/A, PDF/UA, fonter, A4, språk, signaturfelt)")
    reports = verify(pdfs, expected, pending=pending)
    if any(c.ok is None for r in reports for c in r.checks):
        log("Merk: PDF/A ble ikke kontrollert fordi Java/PDFBox mangler.")
    failed = [r for r in reports if not r.ok]
    if failed:
        raise ToolError("Kontrollen av de ferdige PDF-ene feilet; ingenting er skrevet til output/.\n" + "\n".join(r.text() for r in failed))
