"""The document kinds: one module per kind in this package, found by the registry.

Every module here that defines `KIND` (or `KINDS`, a list, when one module has two) registers it; nothing else lists the
kinds. From the registry come the manifest's kinds, the arkivmelding codes, the secretaries'
guide, the template-variable catalogue, the CLI's --only choices and the make targets. A kind
declares in one place:

- its name (the manifest's `kind`, the --only choice) and title;
- its Word template per målform (templates/<målform>/<template>.docx), if it has one;
- its archive metadata: Fiks Arkiv dokumenttype and journalposttype;
- its text for the secretaries' guide and how its files are named;
- `plan(planner)`: the documents, packages and calendar files it makes for a region;
- `sample(samples)`: a template context with every variable filled (the variable catalogue).

Kind modules stay light at import (the CLI reads the registry for its options): they import the
stages they need inside `plan` and `sample`.

Adding a kind: see docs/architecture.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from politidok.core.docinfo import DocumentInfo
from politidok.core.errors import InputError, Problem
from politidok.core.paths import Paths

LANGUAGE_TAG = {"nb": "nb-NO", "nn": "nn-NO"}


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Norwegian, as the guide names it
    order: int  # planning order: a kind may refer to documents of kinds planned before it
    dokumenttype: str | None = None  # Fiks Arkiv code list «dokumenttype»; None: no arkivmelding
    journalposttype: str | None = None  # Fiks Arkiv code list «journalposttype»
    template: str | None = None  # templates/<målform>/<template>.docx
    languages: tuple[str, ...] = ("nb",)  # målformer with a template
    files: str = ""  # how its files are named, for the guide
    guide: str = ""  # what the secretaries' guide says of it
    make_target: str | None = None  # the make target (agreement, invitations …) that builds it
    plan: Callable[[Planner], None] | None = None
    sample: Callable[[Any], dict] | None = None  # (samples) -> a context with every variable

    @property
    def codes(self) -> tuple[str, str] | None:
        return (self.dokumenttype, self.journalposttype) if self.dokumenttype and self.journalposttype else None

    def template_files(self) -> list[str]:
        return [f"templates/{lang}/{self.template}.docx" for lang in self.languages] if self.template else []


@lru_cache(maxsize=1)
def registry() -> dict[str, Kind]:
    """Every kind of this package, in planning order."""
    found: list[Kind] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += list(getattr(module, "KINDS", [getattr(module, "KIND", None)] if hasattr(module, "KIND") else []))
    names = [k.name for k in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RuntimeError(f"document kinds registered twice: {duplicates}")
    return {k.name: k for k in sorted(found, key=lambda k: (k.order, k.name))}


def names() -> tuple[str, ...]:
    return tuple(registry())


def get(name: str) -> Kind:
    return registry()[name]


def make_targets() -> dict[str, list[str]]:
    """make target -> the kinds it builds."""
    out: dict[str, list[str]] = {}
    for kind in registry().values():
        if kind.make_target:
            out.setdefault(kind.make_target, []).append(kind.name)
    return out


# ------------------------------------------------------------------ what a plan holds


@dataclass
class Document:
    """One document rendered from a Word template."""

    kind: str
    stem: str  # file name without suffix, e.g. "samarbeidsavtale"
    template: Path
    context: dict
    info: DocumentInfo
    language: str  # "nb" or "nn"
    signature_fields: list = field(default_factory=list)  # core.docinfo.SignatureField
    arkiv: Any = None  # load.models.Arkiv
    attachments: int = 0
    skjerming: Any = None  # archive.arkivmelding.Skjerming
    codes: tuple[str, str] | None = None  # (dokumenttype, journalposttype) other than the kind's
    with_kind: str | None = None  # also built when this kind is asked for (--only)
    kommune: str | None = None  # the municipality whose meeting it is (its logo in the letterhead)


@dataclass(frozen=True)
class PartRef:
    """A part of a package: a document of this build (stem) or a PDF/A file of the region (path)."""

    title: str
    stem: str | None = None
    path: Path | None = None


@dataclass
class Package:
    """One PDF merged from documents of the same build, a bookmark per part."""

    stem: str
    info: DocumentInfo
    language: str
    parts: list[PartRef]
    kind: str = "pakke"
    arkiv: Any = None
    codes: tuple[str, str] | None = None
    skjerming: Any = None
    with_kind: str | None = None

    @property
    def attachments(self) -> int:
        return len(self.parts) - 1


@dataclass
class Calendar:
    """A calendar file; its bytes are made when first asked for (`make`), which a build does
    while LibreOffice converts the documents, not before the first conversion."""

    stem: str
    title: str
    language: str
    make: Callable[[], bytes]
    kind: str = "kalender"

    @cached_property
    def content(self) -> bytes:
        return self.make()


@dataclass
class Plan:
    documents: list[Document]
    packages: list[Package]
    calendars: list[Calendar] = field(default_factory=list)


@dataclass
class Planner:
    """What the kinds' `plan` functions read (the region, the build's options) and add to."""

    region: Any  # load.Region
    paths: Paths
    only: set[str] | None = None
    year: int | None = None
    log: Callable[[str], None] = lambda _msg: None
    documents: list[Document] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    calendars: list[Calendar] = field(default_factory=list)
    by_kind: dict[str, Document] = field(default_factory=dict)  # the first document of each kind

    def add(self, item: Document | Package | Calendar) -> Any:
        avtale = getattr(self.region, "avtale", None)
        if isinstance(item, Document | Package) and avtale is not None and not item.info.author:
            item.info = replace(item.info, author=avtale.politirad.navn)  # the docx creator, the PDF Author
        if isinstance(item, Document):
            names = other_languages(avtale, item.language) if avtale is not None else ()
            if names and not item.info.other_languages:
                item.info = replace(item.info, other_languages=names)
            if avtale is not None and "brevhode" not in item.context:  # every document's letterhead
                from politidok.context.letterhead import letterhead

                folder = getattr(self.region, "folder", None)
                item.context = {**item.context, **letterhead(avtale, item.info.date, item.arkiv, folder, item.kommune)}
            self.documents.append(item)
            self.by_kind.setdefault(item.kind, item)
        elif isinstance(item, Package):
            self.packages.append(item)
        else:
            self.calendars.append(item)
        return item

    def template(self, sprak: str, name: str) -> Path:
        path = self.paths.templates / sprak / f"{name}.docx"
        if not path.exists():
            raise InputError([Problem(str(path), 1, "", "malen finnes ikke")])
        return path


def other_languages(avtale, language: str) -> tuple[tuple[str, str], ...]:
    """The Sami, Kven (or other målform) names of the council and its municipalities, with their
    language: from `andre_navn`, and a `parallellnavn` whose language is known (render's list)."""
    from politidok.render.accessible_docx import PARALLEL_NAMES

    found: dict[str, str] = {}
    for holder in [avtale.politirad, *avtale.kommuner]:
        for name in getattr(holder, "andre_navn", []):
            if name.sprak != language:
                found.setdefault(name.navn, f"{name.sprak}-NO")
        parallel = getattr(holder, "parallellnavn", None)
        if parallel and parallel in PARALLEL_NAMES:
            found.setdefault(parallel, PARALLEL_NAMES[parallel])
    return tuple(sorted(found.items()))


def plan(
    region,
    paths: Paths,
    only: set[str] | None = None,
    year: int | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> Plan:
    """The documents, packages and calendar files of a region; `only` keeps some kinds (and what they need)."""
    kinds = registry()
    unknown = sorted((only or set()) - set(kinds))
    if unknown:
        raise InputError(
            [Problem("--only", 1, "", f"ukjent dokumenttype «{u}» (kjente: {', '.join(kinds)})") for u in unknown]
        )
    planner = Planner(region, paths, only, year, log)
    for kind in kinds.values():
        if kind.plan is not None:
            kind.plan(planner)
    documents, packages, calendars = planner.documents, planner.packages, planner.calendars
    if only:
        packages = [p for p in packages if p.kind in only or p.with_kind in only]
        calendars = [c for c in calendars if c.kind in only]
        needed = {part.stem for p in packages for part in p.parts if part.stem}
        documents = [d for d in documents if d.kind in only or d.with_kind in only or d.stem in needed]
    return Plan(documents, packages, calendars)
