"""Signed PDFs in output/: never replaced by an unsigned rebuild.

A secretary may sign output/<region>/samarbeidsavtale.pdf where it lies (`politidok sign … --out`
the same file), or save the file a signing service returned under that name. The next build would
make the unsigned document again under that name and, without this, overwrite the signatures.

So, before a build writes anything into its staging folder, a document's PDF that carries
signatures is moved to <name>-signert.pdf, and the log says so; the unsigned original is made
again under its own name (byte for byte the same when its input is unchanged). Why moved, and not
a stop: nothing is lost, the build goes on, and the two files are what the archive wants, the
unsigned original beside the signed agreement (`politidok arkiver` records both). A build keeps
every <name>-signert.pdf it finds and lists it in the manifest; it never writes one. Only when a
<name>-signert.pdf with other bytes is there already does the build stop (exit 2): it never
overwrites a signed file, and which of two signed files is the right one is for the secretary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from politidok.archive import manifest
from politidok.core.errors import InputError, Problem

if TYPE_CHECKING:
    from politidok.documents.items import Document, Package

SUFFIX = "-signert"


def signed_name(stem: str) -> str:
    return f"{stem}{SUFFIX}.pdf"


def is_signed(path: Path) -> bool:
    """The PDF has a signature field that holds a signature."""
    import pikepdf  # not at import: the build imports pikepdf only after the documents are handed in

    from politidok.archive.verify import is_signed as has_signature

    try:
        if b"/ByteRange" not in path.read_bytes():  # no signature dictionary at all: the usual case
            return False
        with pikepdf.open(path) as pdf:
            return has_signature(pdf)
    except (OSError, pikepdf.PdfError):
        return False


def set_aside(staging: Path, stems: Iterable[str], shown: Path, log: Callable[[str], None]) -> list[str]:
    """Move each signed <stem>.pdf of the staging folder to <stem>-signert.pdf before the build writes
    <stem>.pdf; return the names moved. `shown` is output/<region>/ for the messages."""
    moved, problems = [], []
    for stem in stems:
        pdf = staging / f"{stem}.pdf"
        if not pdf.is_file() or not is_signed(pdf):
            continue
        target = staging / signed_name(stem)
        if target.exists():
            if target.read_bytes() == pdf.read_bytes():
                pdf.unlink()  # the same signed file twice: one copy is enough
                continue
            problems.append(
                Problem(
                    (shown / pdf.name).as_posix(),
                    1,
                    "",
                    f"filen er signert, men {target.name} finnes allerede med en annen signert fil. politidok "
                    f"skriver aldri over en signert fil: flytt en av dem ut av {shown.as_posix()}/ og bygg igjen",
                )
            )
            continue
        pdf.rename(target)
        moved.append(target.name)
        log(
            f"Merk: {(shown / pdf.name).as_posix()} er signert; den er flyttet til {target.name}, og {pdf.name} "
            "lages på nytt uten signaturer. Arkiver begge med «politidok arkiver»."
        )
    if problems:
        raise InputError(problems)
    return moved


def names(folder: Path) -> set[str]:
    """The signed copies in a folder (never removed by a build)."""
    return {p.name for p in folder.glob(f"*{SUFFIX}.pdf") if p.is_file()}


def entries(folder: Path, items: Iterable[Document | Package], old: dict[str, manifest.Entry]) -> list[manifest.Entry]:
    """Manifest entries of the signed copies: as the document they sign, «(signert)» after its title."""
    by_stem = {x.stem: x for x in items}
    out = []
    for name in sorted(names(folder)):
        item = by_stem.get(name[: -len(f"{SUFFIX}.pdf")])
        if item is not None:
            fields = [f.name for f in getattr(item, "signature_fields", [])]
            out.append(
                manifest.entry(folder, folder / name, item.kind, f"{item.info.title} (signert)", item.malform, fields)
            )
        elif name in old:  # no longer planned under that name: kept as it was listed
            out.append(manifest.entry(folder, folder / name, old[name].kind, old[name].title, old[name].language))
    return out


def signed_copy(target: Path, stem: str) -> tuple[dict[str, str], str | None]:
    """The signed copy of a document in output/ (<stem>-signert.pdf), if there is one:
    ({file name: sha256}, None), or ({}, why it cannot be archived). It must be <stem>.pdf with signatures
    added as incremental updates, each of them valid (archive.verify: intact, covering, nothing but form
    filling and further signatures after the first)."""
    from politidok.archive.verify import signature_checks

    name = signed_name(stem)
    path, original = target / name, target / f"{stem}.pdf"
    if not path.is_file():
        return {}, None
    if not original.is_file() or not path.read_bytes().startswith(original.read_bytes()):
        return {}, (
            f"{name} er ikke en signert utgave av {stem}.pdf: den begynner ikke med bytene i {stem}.pdf (en "
            "signatur legges til som en tilleggsrevisjon). Bare en slik fil kan knyttes til originalen i arkivlisten"
        )
    checks = signature_checks(path)
    failed = [c for c in checks if c.ok is False]
    if failed:
        return {}, f"{name} har en signatur som ikke holder: " + "; ".join(f"{c.name}: {c.detail}" for c in failed)
    if not any(c.name.startswith("signatur ") for c in checks):
        return {}, f"{name} har ingen signatur"
    return {name: manifest.sha256(path)}, None
