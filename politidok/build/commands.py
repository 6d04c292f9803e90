"""The region-level commands beside build: find a region, load it with the registry's rules, check it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from politidok.core import layout
from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths

if TYPE_CHECKING:
    from politidok.documents.items import Input, Plan
    from politidok.load import Region
    from politidok.load.malform import Shown


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
    from politidok.context.meetings import politirad_malform
    from politidok.load.malform import gaps
    from politidok.render.accessible_docx import images_without_alt

    loaded = load(region_dir(region, paths))
    todo = documents.plan(loaded, paths.templates)
    ledger.read(loaded.folder)  # the archive ledger, as a build reads it
    problems = lint_templates(paths.templates)
    if problems:
        raise InputError(problems)
    warnings = [str(note) for note in loaded.notes]  # e.g. a measure adopted in a closed item without a public wording
    # a text given in one målform only, where a document in the other shows it
    warnings += [str(gap) for gap in gaps(loaded, shown(todo), politirad_malform(loaded.avtale))]
    warnings += [
        f"{template}: bildet «{name}» har ingen alternativ tekst og leses ikke av skjermlesere. "
        "Gi det en i Word (høyreklikk, «Rediger alternativ tekst»), eller merk det som dekorativt."
        for template in sorted(paths.templates.rglob("*.docx"))
        for name in images_without_alt(template)
    ]
    return Checked(loaded, warnings)


def shown(todo: Plan) -> list[Shown]:
    """What each planned document and calendar file shows: its inputs' fields and its texts (load.malform)."""
    from dataclasses import astuple

    from politidok.load.malform import Shown

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from strings(v)

    items: list[tuple[str, str, tuple[Input, ...], Any]] = [
        *((d.stem, d.malform, d.inputs, d.context) for d in todo.documents),
        *((c.stem, c.malform, c.inputs, astuple(c.event)) for c in todo.calendars),
    ]

    def fields(inputs: tuple[Input, ...]) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for i in inputs:  # a file named twice: both its field lists; () is the whole file
            known = out.get(i.file)
            out[i.file] = () if known == () or not i.fields else (*(known or ()), *i.fields)
        return out

    return [Shown(stem, malform, fields(inputs), tuple(strings(values))) for stem, malform, inputs, values in items]
