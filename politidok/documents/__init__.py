"""The document kinds: one module per kind in documents/kinds/, found by the registry.

Every module in `politidok.documents.kinds` that defines `KIND` (or `KINDS`, a list, when one module has
two) registers it; nothing else lists the kinds. From the registry come the planning order, the
manifest's kinds, the arkivmelding codes, the secretaries' guide, the template-variable catalogue,
the attachable kinds, the CLI's --only choices and the make targets. A kind declares in one place:

- its name (the manifest's `kind`, the --only choice) and title;
- `requires`: the kinds whose planned documents its plan reads (attaches or presents), from which
  the planning order is derived, and `reads`: the region inputs its documents are made from;
- whether a case or a meeting item may attach its document by name (`attachable`);
- its Word template per målform (templates/<målform>/<template>.docx), if it has one;
- its archive metadata: Fiks Arkiv dokumenttype and journalposttype;
- its text for the secretaries' guide, how its files are named, its make target;
- `plan(planner)`: the documents, packages and calendar files it makes for a region, each with the
  inputs (files and fields) it is made from;
- `sample(samples)`: a template context with every variable filled (the variable catalogue);
- `correct(new, old, correction)`: how a corrected version of a document that has gone out says so
  (the invitation's «Rettet innkalling»); without it a version gets «(versjon n)» in its title.

Kind modules stay light at import (the CLI reads the registry for its options): they import the
stages they need inside `plan` and `sample`. Adding a kind: see docs/architecture.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from politidok.core import fieldpath, layout
from politidok.core.errors import InputError, Problem
from politidok.core.options import BuildOptions
from politidok.documents.items import (
    LANGUAGE_TAG,
    Calendar,
    Correction,
    Document,
    Input,
    Item,
    Malform,
    Package,
    PartRef,
    Plan,
)

if TYPE_CHECKING:
    from politidok.documents.catalogue import Samples
    from politidok.load import Region

_T = TypeVar("_T", Document, Package, Calendar)

__all__ = [
    "LANGUAGE_TAG",
    "Calendar",
    "Correction",
    "Document",
    "Input",
    "Item",
    "Kind",
    "Malform",
    "Package",
    "PartRef",
    "Plan",
    "Planner",
    "attachable",
    "get",
    "make_targets",
    "names",
    "plan",
    "registry",
    "requirements",
]


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Norwegian, as the guide names it
    requires: tuple[str, ...] = ()  # kinds whose planned documents `plan` reads: they are planned first
    reads: tuple[str, ...] = ()  # the region inputs its items are made from (core.layout names; `*` any part)
    attachable: bool = False  # a case or a meeting item may attach its document: `vedlegg: [{dokument: <name>}]`
    attaches: bool = False  # its documents carry attachments named by kind: it requires every attachable kind
    dokumenttype: str | None = None  # Fiks Arkiv code list «dokumenttype»; None: no arkivmelding
    journalposttype: str | None = None  # Fiks Arkiv code list «journalposttype»
    template: str | None = None  # templates/<målform>/<template>.docx
    malformer: tuple[Malform, ...] = ("nb",)  # målformer with a template
    files: str = ""  # how its files are named, for the guide
    guide: str = ""  # what the secretaries' guide says of it
    make_target: str | None = None  # the make target (agreement, invitations …) that builds it
    plan: Callable[[Planner], None] | None = None
    sample: Callable[[Samples], dict[str, Any]] | None = None  # a context with every variable
    # a corrected version of a document that has gone out: (the version as planned, the document as it
    # went out or None when it cannot be made again, the correction) -> the version as it says so
    correct: Callable[[Document, Document | None, Correction], Document] | None = None

    @property
    def codes(self) -> tuple[str, str] | None:
        return (self.dokumenttype, self.journalposttype) if self.dokumenttype and self.journalposttype else None

    def template_files(self) -> list[str]:
        return [f"templates/{m}/{self.template}.docx" for m in self.malformer] if self.template else []

    def reads_file(self, name: str) -> bool:
        return any(fnmatchcase(name, pattern) for pattern in self.reads)


def requirements(kind: Kind, kinds: dict[str, Kind] | None = None) -> frozenset[str]:
    """The kinds planned before `kind`: those it requires, and every attachable kind if it attaches."""
    kinds = registry() if kinds is None else kinds
    attachable = {k.name for k in kinds.values() if k.attachable} if kind.attaches else set()
    return frozenset(kind.requires) | (attachable - {kind.name})


@lru_cache(maxsize=1)
def registry() -> dict[str, Kind]:
    """Every kind of documents.kinds, in planning order: a kind after the kinds it requires
    (otherwise by name)."""
    from politidok.documents import kinds

    found: list[Kind] = []
    for info in pkgutil.iter_modules(kinds.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{kinds.__name__}.{info.name}")
        found += list(getattr(module, "KINDS", [getattr(module, "KIND", None)] if hasattr(module, "KIND") else []))
    names = [k.name for k in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RuntimeError(f"document kinds registered twice: {duplicates}")
    return {k.name: k for k in _in_dependency_order({k.name: k for k in found})}


def _in_dependency_order(kinds: dict[str, Kind]) -> list[Kind]:
    needs = {name: requirements(kind, kinds) for name, kind in kinds.items()}
    for name, needed in needs.items():
        unknown = sorted(needed - set(kinds))
        if unknown:
            raise RuntimeError(f"document kind {name} requires unknown kinds {unknown}")
    ordered: list[Kind] = []
    done: set[str] = set()
    while len(ordered) < len(kinds):
        ready = sorted(n for n in kinds if n not in done and needs[n] <= done)
        if not ready:
            raise RuntimeError(f"document kinds require each other: {sorted(set(kinds) - done)}")
        ordered.append(kinds[ready[0]])
        done.add(ready[0])
    return ordered


def names() -> tuple[str, ...]:
    return tuple(registry())


def get(name: str) -> Kind:
    return registry()[name]


def attachable() -> frozenset[str]:
    """The kinds a case or a meeting item may attach by name."""
    return frozenset(k.name for k in registry().values() if k.attachable)


def make_targets() -> dict[str, list[str]]:
    """make target -> the kinds it builds."""
    out: dict[str, list[str]] = {}
    for kind in registry().values():
        if kind.make_target:
            out.setdefault(kind.make_target, []).append(kind.name)
    return out


# ------------------------------------------------------------------ planning


class Planner:
    """What the kinds' `plan` functions read (the region, the build's options) and add to."""

    def __init__(
        self,
        region: Region,
        templates: Path,
        options: BuildOptions = BuildOptions(),
        log: Callable[[str], None] = lambda _msg: None,
    ) -> None:
        self.region = region
        self.layout = region.layout
        self.templates = templates
        self.options = options
        self.log = log
        self.planning: Kind | None = None  # the kind whose plan() runs
        self._documents: list[Document] = []
        self._packages: list[Package] = []
        self._calendars: list[Calendar] = []
        self._views: dict[str, Region] = {}
        self._fallbacks: dict[str, dict[str, str]] = {}  # målform -> texts taken in the other målform

    def view(self, malform: Malform) -> Region:
        """The region as a document in `malform` sees it: every text the YAML gives in both målformer
        (`{nb: …, nn: …}`) in that målform (load.malform)."""
        if malform not in self._views:
            fallbacks: dict[str, str] = {}
            self._views[malform] = self.region.in_malform(malform, fallbacks)
            self._fallbacks[malform] = fallbacks
        return self._views[malform]

    def add(self, item: _T) -> _T:
        """Add a planned item; returns it as planned (a document gets the other-language names it may hold)."""
        kind = registry()[item.kind]
        stray = [i.file for i in item.inputs if not kind.reads_file(i.file)]
        if stray:  # a kind's documents are made from what the kind says it reads
            raise RuntimeError(f"{item.stem}: inputs {stray} are not among what kind {kind.name} reads {kind.reads}")
        for i in item.inputs:  # field paths in the one syntax (core.fieldpath); ValueError when malformed
            for path in i.fields:
                fieldpath.parse(path)
        if isinstance(item, Document | Package) and not item.info.author:
            council = self.view(item.malform).avtale.politirad.navn  # the .docx creator, the PDF Author
            item = replace(item, info=replace(item.info, author=council))
        if isinstance(item, Document):
            if "brevhode" not in item.context:  # every document's letterhead (context.letterhead)
                item = replace(
                    item,
                    context={**item.context, **self._letterhead(item)},
                    inputs=_with_fields(item.inputs, layout.AGREEMENT, _letterhead_fields(item.kommune)),
                )
            names = other_languages(self.region.avtale, item.malform) + self._passages(item)
            if names and not item.info.other_languages:
                item = replace(item, info=replace(item.info, other_languages=tuple(sorted(set(names)))))
            self._documents.append(item)
        elif isinstance(item, Package):
            self._packages.append(item)
        else:
            self._calendars.append(item)
        return item

    def _letterhead(self, document: Document) -> dict[str, Any]:
        from politidok.context.letterhead import letterhead

        avtale = self.view(document.malform).avtale
        return letterhead(avtale, document.info.date, document.arkiv, self.region.folder, document.kommune)

    def _passages(self, document: Document) -> tuple[tuple[str, str], ...]:
        """The texts of the other målform a document shows (taken where its own was missing), each paragraph
        with its language, so that a screen reader reads a bokmål passage in a nynorsk document as bokmål."""
        from politidok.context import avsnitt

        fallbacks = self._fallbacks.get(document.malform) or {}
        if not fallbacks:
            return ()
        shown = _strings(document.context)
        found = {(para, lang) for text, lang in fallbacks.items() for para in avsnitt(text) if para in shown}
        return tuple(sorted(found))

    def planned(self, kind: str, malform: Malform | None = None) -> Document | None:
        """A document of a kind the planning kind requires: the edition in `malform` if there is one,
        else the first planned (None when the region has none)."""
        if self.planning is not None and kind not in requirements(self.planning):
            raise RuntimeError(f"kind {self.planning.name} reads documents of {kind} but does not require it")
        found = [d for d in self._documents if d.kind == kind]
        return next((d for d in found if d.malform == malform), found[0] if found else None)

    def template(self, malform: Malform, name: str) -> Path:
        path = self.templates / malform / f"{name}.docx"
        if not path.exists():
            raise InputError([Problem(str(path), 1, "", "malen finnes ikke")])
        return path

    def result(self) -> Plan:
        return Plan(tuple(self._documents), tuple(self._packages), tuple(self._calendars))


def _letterhead_fields(kommune: str | None) -> tuple[str, ...]:
    """What the letterhead shows of avtale.yaml: the council, its secretariat and contact, and the logo of
    the meeting's municipality (context.letterhead)."""
    return (
        "politirad.navn",
        "politirad.sekretar",
        "brevhode",
        *([f"kommuner[navn={kommune}].logo"] if kommune else []),
    )


def _with_fields(inputs: tuple[Input, ...], file: str, fields: tuple[str, ...]) -> tuple[Input, ...]:
    """`inputs` with `fields` of `file` added (a whole file read already stays whole)."""
    for i, given in enumerate(inputs):
        if given.file == file:
            if not given.fields:
                return inputs
            merged = tuple(dict.fromkeys((*given.fields, *fields)))
            return (*inputs[:i], Input(file, merged), *inputs[i + 1 :])
    return (*inputs, Input(file, fields))


def _strings(value: Any) -> set[str]:
    """Every text in a template context."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)}
    if isinstance(value, (list, tuple)):
        return {s for v in value for s in _strings(v)}
    return set()


def other_languages(avtale: Any, malform: str) -> tuple[tuple[str, str], ...]:
    """The Sami, Kven (or other målform) names of the council and its municipalities, with their
    language: from `andre_navn`, and a `parallellnavn` whose language is known (render's list)."""
    from politidok.render.accessible_docx import PARALLEL_NAMES

    found: dict[str, str] = {}
    for name in [*avtale.politirad.andre_navn, *(n for k in avtale.kommuner for n in k.andre_navn)]:
        if name.sprak != malform:
            found.setdefault(name.navn, f"{name.sprak}-NO")
    for kommune in avtale.kommuner:
        parallel = kommune.parallellnavn
        if parallel and parallel in PARALLEL_NAMES:
            found.setdefault(parallel, PARALLEL_NAMES[parallel])
    return tuple(sorted(found.items()))


def plan(
    region: Region,
    templates: Path,
    options: BuildOptions = BuildOptions(),
    log: Callable[[str], None] = lambda _msg: None,
) -> Plan:
    """The documents, packages and calendar files of a region; `options.only` keeps some kinds (and what they need)."""
    kinds = registry()
    only = options.only
    unknown = sorted(only - set(kinds))
    if unknown:
        raise InputError(
            [Problem("--only", 1, "", f"ukjent dokumenttype «{u}» (kjente: {', '.join(kinds)})") for u in unknown]
        )
    planner = Planner(region, templates, options, log)
    for kind in kinds.values():
        if kind.plan is not None:
            planner.planning = kind
            kind.plan(planner)
    planner.planning = None
    made = planner.result()
    if not only:
        return made
    packages = tuple(p for p in made.packages if p.kind in only or p.with_kind in only)
    calendars = tuple(c for c in made.calendars if c.kind in only)
    needed = {part.stem for p in packages for part in p.parts if part.stem}
    documents = tuple(d for d in made.documents if d.kind in only or d.with_kind in only or d.stem in needed)
    return Plan(documents, packages, calendars)
