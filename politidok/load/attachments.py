"""Attachments of meeting items (`vedlegg: - fil:`): confined to the region's folder and checked to be PDF/A.

A path is relative to the region's folder and stays inside it once links are resolved: no absolute
path, no «..», no link pointing out. The file is a regular file (never opened blocking) that starts
like a PDF and declares PDF/A.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from politidok.core.errors import InputError, Problem, quote
from politidok.core.layout import RegionLayout
from politidok.load.files import MAX_FILE_BYTES

if TYPE_CHECKING:
    from politidok.load.models import Logo


def attachment_path(region_dir: Path, fil: str) -> Path:
    """The attachment `fil` of a meeting file, resolved inside the region's folder; InputError if it is not there."""
    _path, problem = _confined(region_dir, fil)
    if problem:
        raise InputError([Problem(str(RegionLayout(region_dir).meetings), 1, "vedlegg.fil", problem)])
    return region_dir / fil  # as written: the build's fingerprints do not depend on where the checkout lies


def _confined(region_dir: Path, fil: str) -> tuple[Path, str | None]:
    """`fil` relative to the region's folder and inside it, links resolved; else a message."""
    shown = quote(fil)
    relative = Path(fil)
    if relative.is_absolute() or fil.startswith(("~", "\\")) or ":" in fil.split("/")[0]:
        return relative, f"«{shown}» må være en sti inne i regionmappen (relativt til den), ikke en absolutt sti"
    if ".." in relative.parts or "\\" in fil:
        return relative, f"«{shown}» kan ikke gå ut av regionmappen («..» er ikke tillatt)"
    root = region_dir.resolve()
    try:
        path = (root / relative).resolve(strict=True)
    except FileNotFoundError:
        return relative, f"fant ikke filen {quote(relative.name)}"
    except (OSError, RuntimeError):  # a loop of links, a name too long …
        return relative, f"filen {shown} kan ikke leses"
    if not path.is_relative_to(root):
        return path, f"«{shown}» er en lenke til en fil utenfor regionmappen; legg selve filen i regionmappen"
    return path, None


def _head(
    region_dir: Path, fil: str, limit: int, too_big: Callable[[str, int], str], size: int
) -> tuple[Path, bytes, str | None]:
    """The first `size` bytes of `fil`, a regular file inside the region at most `limit` bytes long (its size
    checked before anything reads it), or the problem in Norwegian; `too_big(shown name, bytes)` says it."""
    path, problem = _confined(region_dir, fil)
    if problem:
        return path, b"", problem
    shown = quote(path.name)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return path, b"", f"{shown} er ikke en vanlig fil"
        # O_NONBLOCK: a FIFO swapped in after stat does not hang the build
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return path, b"", f"{shown} er ikke en vanlig fil"
            if info.st_size > limit:
                return path, b"", too_big(shown, info.st_size)
            return path, os.read(fd, size), None
        finally:
            os.close(fd)
    except OSError:
        return path, b"", f"{shown} kan ikke leses"


def _too_large(shown: str, size: int) -> str:
    bytes_, most = (f"{n:,}".replace(",", " ") for n in (size, MAX_FILE_BYTES))
    return f"{shown} er for stor ({bytes_} byte; høyst {most})"


def attachment_problem(region_dir: Path, fil: str) -> str | None:
    path, head, problem = _head(region_dir, fil, MAX_FILE_BYTES, _too_large, 1024)
    if problem:
        return problem
    shown = quote(path.name)
    if b"%PDF-" not in head:
        return f"{shown} er ikke en PDF (filen begynner ikke med «%PDF-»)"
    try:
        import pikepdf

        with pikepdf.open(path) as pdf:
            part = pdf.open_metadata().get("pdfaid:part")
    except Exception:  # noqa: BLE001 - whatever pikepdf raises, the file is not a readable PDF
        return f"{shown} er ikke en lesbar PDF"
    if not part:
        return f"{shown} er ikke PDF/A; lagre den som PDF/A (i Word: Lagre som → PDF → Alternativer → PDF/A)"
    return None


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
IMAGE_LIMIT = 2 * 1024 * 1024


def image_path(region_dir: Path, fil: str) -> Path:
    """A logo `fil` of the region (checked by image_problem when the region was loaded)."""
    return region_dir / fil


def image_problem(region_dir: Path, fil: str) -> str | None:
    """A logo must be a PNG or JPEG file inside the region's folder, at most 2 MB, that can be read."""
    path, head, problem = _head(
        region_dir, fil, IMAGE_LIMIT, lambda shown, _size: f"{shown} er større enn 2 MB; lagre logoen mindre", 16
    )
    if problem:
        return problem
    shown = quote(path.name)
    if not head.startswith(IMAGE_MAGIC):
        return f"{shown} er ikke et PNG- eller JPEG-bilde"
    try:
        from PIL import Image

        with Image.open(path) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - whatever Pillow raises, the picture cannot be used
        return f"{shown} er ikke et lesbart bilde"
    return None


def logo_problems(avtale, source, region_dir: Path) -> list[Problem]:
    """The letterhead's logos (the council's and the municipalities') are images in the region's folder."""
    from politidok.load.yamlsource import format_loc

    logos: list[tuple[tuple[str | int, ...], Logo | None]] = [
        (("brevhode", "logo", "fil"), avtale.brevhode.logo if avtale.brevhode else None)
    ]
    logos += [(("kommuner", i, "logo", "fil"), k.logo) for i, k in enumerate(avtale.kommuner)]
    problems = []
    for loc, logo in logos:
        problem = image_problem(region_dir, logo.fil) if logo is not None else None
        if problem:
            problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), problem))
    return problems
