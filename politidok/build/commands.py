"""The region-level commands beside build: find a region, load it with the registry's rules, check it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from politidok.core import layout
from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths

if TYPE_CHECKING:
    from politidok.load import Region


def region_dir(region: str, paths: Paths) -> Path:
    folder = paths.agreements / region
    if not region or "/" in region or region.startswith(".") or not folder.is_dir():
        known = sorted(p.name for p in paths.agreements.glob("*") if (p / layout.AGREEMENT).exists())
        raise InputError(
            [
                Problem(
                    str(paths.agreements / region),
                    1,
                    "",
                    f"ukjent region «{region}» (kjente: {', '.join(known) or 'ingen'})",
                )
            ]
        )
    return folder


def load(folder: Path) -> Region:
    """A region's input, validated with the registry's rules (which kinds may be attached by name)."""
    from politidok import documents
    from politidok.load import load_region

    return load_region(folder, attachable=documents.attachable())


@dataclass(frozen=True)
class Checked:
    """A region whose input and templates are sound, and what is worth a warning."""

    region: Region
    warnings: list[str]


def check(region: str, paths: Paths = Paths()) -> Checked:
    """Validate a region's input (and that its templates exist and are clean) without writing anything."""
    from politidok import documents
    from politidok.build import ledger
    from politidok.build.templates import lint_templates
    from politidok.load.malform import gaps
    from politidok.render.accessible_docx import images_without_alt

    loaded = load(region_dir(region, paths))
    todo = documents.plan(loaded, paths.templates)
    ledger.read(loaded.folder)  # the archive ledger, as a build reads it
    problems = lint_templates(paths.templates)
    if problems:
        raise InputError(problems)
    # a text given in one målform only, where a document in the other needs it
    warnings = [str(note) for note in loaded.notes]  # e.g. a measure adopted in a closed item without a public wording
    warnings += [str(gap) for gap in gaps(loaded, {d.malform for d in todo.documents})]
    warnings += [
        f"{template}: bildet «{name}» har ingen alternativ tekst og leses ikke av skjermlesere. "
        "Gi det en i Word (høyreklikk, «Rediger alternativ tekst»), eller merk det som dekorativt."
        for template in sorted(paths.templates.rglob("*.docx"))
        for name in images_without_alt(template)
    ]
    return Checked(loaded, warnings)
