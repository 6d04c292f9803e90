"""Where a build reads and writes, the user cache, and what the running code is.

Light on purpose: the CLI imports this before anything heavy. The digests here key every stamp
politidok keeps (incremental builds, template lint, the warm server), so that a change of
politidok's own code or of a tool that shapes the bytes is never mistaken for "nothing changed".
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # politidok/
SOURCE_SUFFIXES = (".py", ".java")
# The largest input file a build reads (an attachment, a template; a YAML file: 1 MB, load.files):
# a larger one is refused before it is read, so that a build's memory never follows what lies in a folder
MAX_INPUT_BYTES = 100 * 2**20


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes; defaults are relative to the project folder."""

    agreements: Path = Path("agreements")
    templates: Path = Path("templates")
    output: Path = Path("output")


def cache_dir(*parts: str) -> Path:
    """politidok's folder in the user cache ($XDG_CACHE_HOME/politidok, else ~/.cache/politidok)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "politidok", *parts)


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts)


def code_digest(fresh: bool = False) -> str:
    """A digest of politidok's own source files (relative path and bytes). `fresh` re-reads them
    (the warm server asks while it runs); otherwise the first answer of this process is kept."""
    if fresh:
        _code_digest.cache_clear()
    return _code_digest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    h = hashlib.sha256()
    for path in source_files():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """The versions of the tools that shape the output bytes (cheap: no program is started)."""
    from importlib import metadata

    versions = {}
    for dist in ("docxtpl", "python-docx", "pikepdf", "jinja2", "lxml"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "-"
    versions["libreoffice"] = _libreoffice_version()
    return versions


def _libreoffice_version() -> str:
    """LibreOffice's identity without starting it: its program folder, versionrc and main library."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        return "-"
    program = Path(found).resolve().parent
    parts = [program.as_posix()]
    rc = program / "versionrc"
    if rc.is_file():
        parts.append(hashlib.sha256(rc.read_bytes()).hexdigest()[:16])
    for lib in ("libmergedlo.so", "libsofficeapp.so"):
        if (program / lib).exists():
            st = (program / lib).stat()
            parts.append(f"{lib}:{st.st_size}:{int(st.st_mtime)}")
    return ";".join(parts)


@lru_cache(maxsize=1)
def build_digest() -> str:
    """What every output depends on besides its inputs: politidok's code and the tools' versions."""
    h = hashlib.sha256(code_digest().encode())
    for name, version in sorted(tool_versions().items()):
        h.update(f"{name}={version};".encode())
    return h.hexdigest()
