"""Reading an input file as hostile: only a regular file (never a folder, FIFO, device or symbolic
link, and never with a blocking open), bounded in size, decoded as UTF-8; every failure a Problem.

Folders likewise: a symbolic link to a folder inside a region's folder or the templates (`moter/`
pointing elsewhere, `templates/nb` a link) is refused as a linked file is (`linked_folders`): the
build's up-to-date check would not see behind it. A link to a file (an attachment) is followed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from politidok.core.errors import Problem, quote
from politidok.core.paths import MAX_INPUT_BYTES

MAX_BYTES = 1_000_000  # an avtale.yaml is some 10 kB; a megabyte is a mistake (or an attack)
MAX_FILE_BYTES = MAX_INPUT_BYTES  # an attachment or a template: larger is refused before it is read
MAX_ENTRIES = 100_000  # files and folders looked at under one root (a region's folder, the templates)


def read_text(path: Path, display: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of a regular file, checked before it is read: no folder, link, FIFO or device, at most `limit` bytes."""

    def fail(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display, 1, "", message)]

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return fail("filen finnes ikke")
    except OSError as exc:
        return fail(f"filen kan ikke leses ({_os_error(exc)})")
    kind = _file_kind(info.st_mode)
    if kind:
        return fail(f"er {kind}, ikke en vanlig fil; politidok leser bare vanlige filer")
    try:
        # O_NONBLOCK: a FIFO swapped in after lstat must not hang the open; O_NOFOLLOW: nor a link
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return fail("er en symbolsk lenke, ikke en vanlig fil; politidok leser bare vanlige filer")
        return fail(f"filen kan ikke leses ({_os_error(exc)})")
    try:
        info = os.fstat(fd)
        kind = _file_kind(info.st_mode)
        if kind:
            return fail(f"er {kind}, ikke en vanlig fil; politidok leser bare vanlige filer")
        if info.st_size > limit:
            return fail(f"filen er for stor ({info.st_size:,} byte; høyst {limit:,})".replace(",", " "))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return fail(f"filen kan ikke leses ({_os_error(exc)})")
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        return fail(f"filen er for stor (mer enn {limit:,} byte)".replace(",", " "))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "", f"filen er ikke UTF-8 (byte {exc.start}); lagre den som UTF-8")]
    return text.removeprefix("\ufeff"), []


def _file_kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISLNK(mode):
        return "en symbolsk lenke"
    if stat.S_ISFIFO(mode):
        return "en navngitt rørledning (FIFO)"
    if stat.S_ISSOCK(mode):
        return "en sokkel (socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhet"
    return "en spesialfil"


def _os_error(exc: OSError) -> str:
    return {
        errno.EACCES: "ingen tilgang",
        errno.EPERM: "ingen tilgang",
        errno.EISDIR: "er en mappe",
        errno.ENAMETOOLONG: "navnet er for langt",
        errno.ENOTDIR: "en del av stien er ikke en mappe",
        errno.EIO: "lesefeil på disken",
    }.get(exc.errno or 0, f"systemfeil {exc.errno}")  # errno None (an OSError made by hand): 0, no key


def linked_folders(root: Path, display: Callable[[Path], str]) -> list[Problem]:
    """Symbolic links under `root` (not followed) that lead to a folder, or nowhere (a missing target,
    a circle of links): each a Problem naming the link, never its target. A link to a file is left
    to whoever reads it (a YAML file is refused by read_text; an attachment may be a link)."""
    problems: list[Problem] = []
    todo, seen = [root], 0
    while todo and seen < MAX_ENTRIES:
        folder = todo.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(path)
                    continue
                if not entry.is_symlink():
                    continue
                target = os.readlink(path)
            except OSError:
                continue
            try:
                info = os.stat(path)
            except OSError:
                if path.suffix == ".yaml":
                    continue  # read_text names it
                message = f"er en symbolsk lenke til «{quote(target)}», som ikke finnes (eller lenkene går i ring)"
            else:
                if not stat.S_ISDIR(info.st_mode):
                    continue
                message = (
                    f"er en symbolsk lenke til mappen «{quote(target)}»; politidok leser ikke gjennom lenkede "
                    "mapper – legg selve mappen her"
                )
            problems.append(Problem(display(path), 1, "", message))
    return problems
