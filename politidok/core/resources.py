"""The files politidok ships inside its package, found with importlib.resources.

- `data/templates/` – the shipped Word templates (nb/, nn/): what `politidok init` copies into a
  working folder, and what a build uses when the working folder has no templates/ of its own;
- `data/schemas/` – the KS Fiks Arkiv XSD and code lists (archive/arkivmelding.py);
- `locale/` – the message catalogs (gettext) of politidok's command line.

In the repository `politidok/data/templates` and `politidok/data/schemas` are symbolic links to the
top-level templates/ and schemas/, the one copy the secretaries edit and CI reads; building the
wheel copies the files behind the links into it (tests/unit/test_packaging.py checks both).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = "politidok"


def _path(*parts: str) -> Path:
    """A shipped folder as a real path (lxml and the template lint need files, not a zip member)."""
    found = files(PACKAGE).joinpath(*parts)
    if isinstance(found, Path):
        return found
    from politidok.core.errors import ToolError  # a zip import: politidok is to be installed as files

    raise ToolError(f"politidok må være installert som vanlige filer for å finne {'/'.join(parts)}")


def templates() -> Path:
    """The shipped templates (nb/ and nn/)."""
    return _path("data", "templates")


def schemas() -> Path:
    """The shipped KS Fiks Arkiv schemas."""
    return _path("data", "schemas")


def locale() -> Path:
    """The compiled message catalogs (locale/LANG/LC_MESSAGES/DOMAIN.mo)."""
    return _path("locale")


def shipped_template_files() -> dict[str, Path]:
    """Every shipped template by its name relative to the templates folder (`nb/referat.docx`)."""
    root = templates()
    return {p.relative_to(root).as_posix(): p for p in sorted(root.glob("*/*.docx"))}
