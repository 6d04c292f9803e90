"""Build state for incremental rebuilds (kept in output/.politidok/<region>/, outside what archivists import).

Two levels:
- an input digest over every file of the region folder and the templates (plus the digest of
  politidok's own code and of the tools' versions, and the build options): when it and the outputs are unchanged, a build is a no-op
  decided without loading any model (this module imports nothing heavy);
- a fingerprint per document (code and tools, template bytes, context, metadata, archive references): only
  documents whose fingerprint changed are rendered and converted again. The converted PDFs
  (before signature fields) are cached so that packages can be merged again without converting.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from politidok.core.fingerprint import fingerprint
from politidok.core.paths import MAX_INPUT_BYTES, build_digest

if TYPE_CHECKING:
    from politidok.documents import Document, Plan

STATE_DIR = ".politidok"


def folder(output: Path, region: str) -> Path:
    return output / STATE_DIR / region


def file_sha(path: Path) -> str:
    """SHA-256 of a file, read in pieces (memory stays small whatever the file's size)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# no build reads a larger file (load refuses it): the digest records its size and time instead of its bytes
CONTENT_LIMIT = MAX_INPUT_BYTES


def inputs_digest(region_dir: Path, templates: Path, options: object) -> str:
    """A digest of everything a build reads: each file's name and bytes, each link's target (a linked
    folder is refused by the loader, but its change still counts), under the region's folder and the
    templates. Files are read in pieces, and one larger than any input can be is never read."""
    h = hashlib.sha256()
    h.update(f"politidok {build_digest()}\n{json.dumps(options, sort_keys=True, default=str)}\n".encode())
    for root in (region_dir, templates):
        for name, what in _tree(root):
            h.update(f"{name}\0{what}\n".encode())
    return h.hexdigest()


def _tree(root: Path) -> Iterator[tuple[str, str]]:
    """(relative name, what it is) of everything under `root`, in a fixed order, links not followed
    (a loop, not recursion: however deep the folders go)."""
    todo: list[tuple[Path, str]] = [(root, "")]
    while todo:
        folder, prefix = todo.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield prefix or ".", f"error {exc.errno}"
            continue
        below: list[tuple[Path, str]] = []
        for entry in entries:
            name = f"{prefix}{entry.name}"
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield name, f"error {exc.errno}"
                continue
            if stat.S_ISDIR(info.st_mode):  # a folder counts, also an empty one (where a file should be)
                yield f"{name}/", "folder"
                below.append((Path(entry.path), f"{name}/"))
            elif stat.S_ISLNK(info.st_mode):
                try:
                    target = os.readlink(entry.path)
                    followed = os.stat(entry.path)
                except OSError as exc:  # a link that leads nowhere, or in a circle
                    yield name, f"link error {exc.errno}"
                    continue
                yield name, f"link {target!r} {_content(Path(entry.path), followed)}"
            else:
                yield name, _content(Path(entry.path), info)
        todo.extend(reversed(below))


def _content(path: Path, info: os.stat_result) -> str:
    """A regular file's SHA-256 (read in pieces); for a larger one than any input, or anything else
    (a folder behind a link, a FIFO, a device), its kind and size: never read."""
    if not stat.S_ISREG(info.st_mode):
        return f"mode {stat.S_IFMT(info.st_mode):o}"
    if info.st_size > CONTENT_LIMIT:
        return f"size {info.st_size} mtime {info.st_mtime_ns}"
    try:
        # O_NONBLOCK: a FIFO put in its place since the stat does not hang the digest
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"error {exc.errno}"
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "changed"
        try:
            return hashlib.file_digest(f, "sha256").hexdigest()
        except OSError as exc:
            return f"error {exc.errno}"


def load(output: Path, region: str) -> dict:
    path = folder(output, region) / "state.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save(output: Path, region: str, data: dict) -> None:
    path = folder(output, region) / "state.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # a failed write (a full disk) leaves no half a state behind


def outputs_of(target: Path) -> dict[str, str]:
    return {p.name: file_sha(p) for p in sorted(target.iterdir()) if p.is_file()} if target.is_dir() else {}


def intact(target: Path, recorded: dict[str, str]) -> bool:
    """Every recorded output file is still there with the same bytes."""
    for name, digest in recorded.items():
        path = target / name
        if not path.is_file() or file_sha(path) != digest:
            return False
    return True


def up_to_date(output: Path, region: str, region_dir: Path, templates: Path, options: object) -> bool:
    """True when nothing the build reads has changed and its outputs are untouched."""
    if not region_dir.is_dir() or not templates.is_dir():
        return False
    saved = load(output, region)
    if not saved or saved.get("inputs") != inputs_digest(region_dir, templates, options):
        return False
    return intact(output / region, saved.get("outputs", {}))


def fingerprints(todo: Plan) -> dict[str, str]:
    """stem -> what each document's and package's bytes depend on: code and tools, template file,
    values, metadata, archive references, and (for a package) its parts."""
    out = {d.stem: _document_print(d) for d in todo.documents}
    for pack in todo.packages:
        parts = [out.get(r.stem) if r.stem else (file_sha(r.path) if r.path else "") for r in pack.parts]
        out[pack.stem] = fingerprint(
            build_digest(),
            pack.kind,
            pack.stem,
            None,
            None,
            pack.info,
            pack.malform,
            [],
            pack.arkiv,
            pack.skjerming,
            pack.codes,
            pack.attachments,
            [(r.title, r.stem, str(r.path)) for r in pack.parts],
            parts,
        )
    return out


def _document_print(d: Document) -> str:
    return fingerprint(
        build_digest(),
        d.kind,
        d.stem,
        file_sha(d.template),
        d.context,
        d.info,
        d.malform,
        [(f.name, f.title) for f in d.signature_fields],
        d.arkiv,
        d.skjerming,
        d.codes,
        d.attachments,
        [],
        None,
    )
