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


# A working folder (`politidok init MAPPE`) is marked by this file; politidok finds it from the
# current folder or any folder below it, as git finds its repository. Without one, the current
# folder is the working folder (this repository: agreements/, templates/ and output/ side by side).
MARKER = "politidok.yaml"
AGREEMENTS, TEMPLATES, OUTPUT = "agreements", "templates", "output"


def find_working_folder(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (the current folder) holding politidok.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def working_folder(start: Path | None = None) -> Path:
    """The working folder: the marked one, else the current folder (resolved)."""
    return find_working_folder(start) or (start or Path.cwd()).resolve()


def discover(
    agreements: Path | None = None,
    templates: Path | None = None,
    output: Path | None = None,
    start: Path | None = None,
) -> Paths:
    """Paths of the working folder for what the command line did not name.

    Relative to the current folder when the working folder is it or above it (messages then name
    `agreements/hallingdal/avtale.yaml` as before). A working folder without templates/ builds with
    the templates politidok ships (core.resources)."""
    here = (start or Path.cwd()).resolve()
    root = working_folder(here)
    base = Path(os.path.relpath(root, here))
    if templates is None:
        templates = base / TEMPLATES
        if not (root / TEMPLATES).is_dir():
            from politidok.core import resources

            templates = resources.templates()
    return Paths(
        agreements if agreements is not None else base / AGREEMENTS,
        templates,
        output if output is not None else base / OUTPUT,
    )


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
    for dist in ("docxtpl", "python-docx", "pikepdf", "jinja2", "lxml", "fonttools", "pillow"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "-"
    versions["libreoffice"] = _libreoffice_version()
    patterns = Path("/usr/share/hyphen/hyph_nb_NO.dic")  # where tables' words break (render.hyphenation)
    versions["hyphen-no"] = f"{patterns.stat().st_size}:{int(patterns.stat().st_mtime)}" if patterns.exists() else "-"
    words = Path("/usr/share/hunspell/nb_NO.dic")  # a compound's joints (render.hyphenation)
    versions["hunspell-no"] = f"{words.stat().st_size}:{int(words.stat().st_mtime)}" if words.exists() else "-"
    return versions


def libreoffice_version() -> str | None:
    """LibreOffice's version as it says it (`soffice --version`: «LibreOffice 7.4.7.2 40(Build:2)»),
    or None when it is not installed or does not answer."""
    import subprocess

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        return None
    try:
        out = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.strip().splitlines()[0] if out.strip() else None


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
