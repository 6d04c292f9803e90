"""Load stage: YAML files -> validated models, every problem reported with file and line."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from politidok.core import layout as layout_names
from politidok.core.errors import InputError, Problem, quote
from politidok.core.layout import RegionLayout
from politidok.core.tekst import slug
from politidok.load.attachments import attachment_path as attachment_path  # for the plans of meeting documents
from politidok.load.attachments import attachment_problem, logo_problems
from politidok.load.evalmodels import Evaluering
from politidok.load.files import linked_folders
from politidok.load.letterhead import case_notes
from politidok.load.models import Avtale, Mote, Sak
from politidok.load.planmodels import Handlingsplan
from politidok.load.validation import validate
from politidok.load.yamlsource import Source, format_loc


@dataclass(frozen=True)
class Region:
    """Everything a region's folder holds, validated."""

    name: str
    avtale: Avtale
    saker: dict[str, Sak]  # file stem -> case, sorted by file name
    moter: dict[str, Mote] = field(default_factory=dict)  # file stem -> meeting, by date
    folder: Path = Path(".")
    evalueringer: dict[int, Evaluering] = field(default_factory=dict)  # year -> evaluation
    handlingsplaner: dict[int, Handlingsplan] = field(default_factory=dict)  # year -> action plan
    # every YAML input as read: its name relative to the folder (core.layout) -> the parsed file with
    # the line of each field, for the ledger (what a document is made from) and messages at a field's line
    sources: Mapping[str, Source] = field(default_factory=dict)
    notes: tuple[Problem, ...] = ()  # warnings that do not stop a build (`check` and the build show them)

    @property
    def layout(self) -> RegionLayout:
        return RegionLayout(self.folder)

    def files(self) -> list[tuple[str, BaseModel]]:
        """Every input file's name (core.layout) with its model."""
        return [
            (layout_names.agreement_file(), self.avtale),
            *((layout_names.case_file(n), s) for n, s in self.saker.items()),
            *((layout_names.meeting_file(n), m) for n, m in self.moter.items()),
            *((layout_names.plan_file(ar), p) for ar, p in self.handlingsplaner.items()),
            *((layout_names.evaluation_file(ar), e) for ar, e in self.evalueringer.items()),
        ]

    def in_malform(self, malform: str, fallbacks: dict[str, str] | None = None) -> Region:
        """This region with every text given in both målformer in `malform` (load.malform); the texts
        taken in the other målform are put in `fallbacks` (text -> BCP 47 language)."""
        from politidok.load.malform import resolve

        return replace(
            self,
            avtale=resolve(self.avtale, malform, fallbacks),
            saker=resolve(self.saker, malform, fallbacks),
            moter=resolve(self.moter, malform, fallbacks),
            evalueringer=resolve(self.evalueringer, malform, fallbacks),
            handlingsplaner=resolve(self.handlingsplaner, malform, fallbacks),
        )

    def data(self, name: str) -> Any:
        """The parsed YAML of an input named relative to the region folder (None: not a YAML input)."""
        source = self.sources.get(name)
        return source.data if source is not None else None

    def line(self, name: str, loc: tuple) -> int:
        """The line of a field (a path as load.yamlsource records them) in an input; 1 when unknown."""
        source = self.sources.get(name)
        return source.line_of(loc) if source is not None else 1

    def display(self, name: str) -> str:
        """An input's name as messages show it (relative to the working folder)."""
        source = self.sources.get(name)
        return source.display if source is not None else str(self.layout.path(name))


def load_agreement(region_dir: Path, display_root: Path | None = None) -> Avtale:
    """Read and validate `<region_dir>/avtale.yaml`; raise InputError with all problems."""
    avtale, problems = _agreement(region_dir, display_root)
    if problems:
        raise InputError(problems)
    assert avtale is not None  # without problems the agreement was read
    return avtale


def load_region(
    region_dir: Path, display_root: Path | None = None, attachable: Collection[str] | None = None
) -> Region:
    """Read and validate every file of a region; raise InputError with the problems of all files.

    `attachable`: the document kinds a case or a meeting item may attach by name (the registry's;
    None: not checked here)."""
    layout = RegionLayout(region_dir)
    sources: dict[str, Source] = {}
    avtale, problems = _agreement(region_dir, display_root, sources)
    problems += linked_folders(region_dir, lambda p: _display(p, display_root))
    saker: dict[str, Sak] = {}
    for path in sorted(layout.cases.glob("*.yaml")):
        sak, source, found = validate(path, _display(path, display_root), Sak)
        problems += found
        _keep(sources, layout, path, source)
        if sak is not None:
            assert source is not None  # a validated instance has its source
            saker[path.stem] = sak
            problems += check_attached(
                source, [("vedlegg", i, v.dokument) for i, v in enumerate(sak.vedlegg)], attachable
            )
    moter: dict[str, tuple[Mote, Source]] = {}
    for path in sorted(layout.meetings.glob("*.yaml")):
        mote, source, found = validate(path, _display(path, display_root), Mote)
        problems += found
        _keep(sources, layout, path, source)
        if mote is not None:
            assert source is not None  # a validated instance has its source
            moter[path.stem] = (mote, source)
            named = [
                (("saker", i, "vedlegg", j), v.dokument)
                for i, s in enumerate(mote.saker)
                for j, v in enumerate(s.vedlegg)
                if v.dokument
            ]
            problems += check_attached(source, [(*loc, name) for loc, name in named], attachable)
    if avtale is not None:
        problems += check_meetings(avtale, moter, region_dir)
    plans: dict[int, tuple[Handlingsplan, Source, Path]] = {}
    for path in sorted(layout.plans.glob("*.yaml")):
        plan, source, found = validate(path, _display(path, display_root), Handlingsplan)
        problems += found
        _keep(sources, layout, path, source)
        if plan is not None:
            assert source is not None  # a validated instance has its source
            plans[plan.ar] = (plan, source, path)
    notes: list[Problem] = []
    if avtale is not None:
        from politidok.load.handlingsplan import check_plans, closed_measure_notes

        problems += check_plans(avtale, plans, moter, {p.stem for p in layout.meetings.glob("*.yaml")})
        notes += closed_measure_notes(plans, moter)
    measure_ids = {t.id for p, _s, _p in plans.values() for t in p.tiltak}
    evalueringer: dict[int, Evaluering] = {}
    # every saksframlegg's input, for the notes on what its header lacks (load.letterhead.case_notes)
    cases: list[tuple[Source, tuple[str, ...], BaseModel, bool]] = [
        (sources[layout_names.case_file(n)], (), s, False) for n, s in saker.items()
    ]
    cases += [(s, ("saksframlegg",), p.saksframlegg, True) for p, s, _p in plans.values() if p.saksframlegg]
    for path in sorted(layout.evaluations.glob("*.yaml")):
        evaluering, source, found = validate(path, _display(path, display_root), Evaluering)
        problems += found
        _keep(sources, layout, path, source)
        if evaluering is not None:
            assert source is not None  # a validated instance has its source
            problems += check_evaluation(evaluering, source, path, {k: m for k, (m, _s) in moter.items()}, measure_ids)
            evalueringer[evaluering.ar] = evaluering
            if evaluering.saksframlegg:
                cases.append((source, ("saksframlegg",), evaluering.saksframlegg, False))
    notes += case_notes(cases)
    if problems:
        raise InputError(problems)
    assert avtale is not None  # without problems the agreement was read
    ordered = dict(sorted(((k, m) for k, (m, _s) in moter.items()), key=lambda kv: (kv[1].dato, kv[0])))
    return Region(
        region_dir.name,
        avtale,
        saker,
        ordered,
        region_dir,
        dict(sorted(evalueringer.items())),
        {year: p for year, (p, _s, _p) in sorted(plans.items())},
        sources,
        tuple(notes),
    )


def _keep(sources: dict[str, Source], layout: RegionLayout, path: Path, source: Source | None) -> None:
    if source is not None:
        sources[layout.relative(path)] = source


def _agreement(
    region_dir: Path, display_root: Path | None, sources: dict[str, Source] | None = None
) -> tuple[Avtale | None, list[Problem]]:
    layout = RegionLayout(region_dir)
    path = layout.agreement
    display = _display(path, display_root)
    if not region_dir.is_dir():
        return None, [Problem(display, 1, "", f"fant ikke regionmappen {_display(region_dir, display_root)}")]
    avtale, source, problems = validate(path, display, Avtale)
    if sources is not None:
        _keep(sources, layout, path, source)
    if avtale is not None:
        assert source is not None  # a validated instance has its source
        problems += check_references(avtale, source)
        problems += logo_problems(avtale, source, region_dir)
    return avtale, problems


def _display(path: Path, root: Path | None) -> str:
    try:  # the file itself is not followed: a link is named, not where it leads
        return str((path.parent.resolve() / path.name).relative_to((root or Path.cwd()).resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the root; a circle of links (RuntimeError until 3.13)
        return str(path)


def _known(names: list[str]) -> str:
    """A list of known names for a message: each quoted short, at most ten."""
    shown = ", ".join(quote(n, 40) for n in names[:10])
    return shown + (f" og {len(names) - 10} til" if len(names) > 10 else "")


def signature_field(tittel: str, kommune: str | None, felt: str | None) -> str:
    """Name of a signatory's PDF field: explicit, else from title and municipality."""
    if felt:
        return felt
    return slug(f"{tittel} {kommune}") if kommune else slug(tittel)


def check_attached(source: Source, named: list[tuple], attachable: Collection[str] | None) -> list[Problem]:
    """Attachments named by document kind (`dokument: samarbeidsavtale`) must name an attachable kind."""
    if attachable is None:
        return []
    problems = []
    for *loc, name in named:
        if name not in attachable:
            where = (*loc, "dokument")
            known = ", ".join(sorted(attachable)) or "ingen"
            problems.append(
                Problem(
                    source.display,
                    source.line_of(where),
                    format_loc(where),
                    f"«{quote(name)}» kan ikke legges ved (dokumenttyper som kan: {known})",
                )
            )
    return problems


def check_references(avtale: Avtale, source: Source) -> list[Problem]:
    """Checks across fields: names that must refer to a municipality, unique keys."""
    problems: list[Problem] = []

    def add(loc: tuple, message: str) -> None:
        problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), message))

    names = [k.navn for k in avtale.kommuner]
    known = _known(names)
    seen: set[str] = set()
    for i, navn in enumerate(names):
        if navn in seen:
            add(("kommuner", i, "navn"), f"kommunen «{quote(navn)}» står to ganger")
        seen.add(navn)
    for i, medlem in enumerate(avtale.medlemmer):
        if medlem.kommune and medlem.kommune != "alle" and medlem.kommune not in names:
            add(
                ("medlemmer", i, "kommune"), f"ukjent kommune «{quote(medlem.kommune)}» (kjente: {known}, eller «alle»)"
            )
    for i, enhet in enumerate(avtale.politi.enheter):
        for j, navn in enumerate(enhet.kommuner or []):
            if navn not in names:
                add(("politi", "enheter", i, "kommuner", j), f"ukjent kommune «{quote(navn)}» (kjente: {known})")
    ids: set[str] = set()
    for i, omrade in enumerate(avtale.satsingsomrader.omrader if avtale.satsingsomrader else []):
        if omrade.id in ids:
            add(("satsingsomrader", "omrader", i, "id"), f"id-en «{quote(omrade.id)}» er brukt før")
        ids.add(omrade.id)
    fields: set[str] = set()
    for i, signatar in enumerate(avtale.signering.signatarer):
        if signatar.kommune and signatar.kommune not in names:
            add(
                ("signering", "signatarer", i, "kommune"),
                f"ukjent kommune «{quote(signatar.kommune)}» (kjente: {known})",
            )
        felt = signature_field(signatar.tittel, signatar.kommune, signatar.felt)
        if felt in fields:
            add(
                ("signering", "signatarer", i),
                f"to signatarer får samme signaturfelt «{quote(felt)}»; sett «felt:» for å skille dem",
            )
        fields.add(felt)
    gyldighet = avtale.gyldighet
    if gyldighet.fra and gyldighet.til and gyldighet.til < gyldighet.fra:
        add(
            ("gyldighet", "til"),
            f"avtalen slutter ({gyldighet.til.isoformat()}) før den begynner ({gyldighet.fra.isoformat()})",
        )
    sentralbord = avtale.tjenestetilbud.sentralbord if avtale.tjenestetilbud else None
    if sentralbord and sentralbord.til <= sentralbord.fra:
        add(
            ("tjenestetilbud", "sentralbord", "til"),
            f"sentralbordet stenger (kl. {sentralbord.til}) før eller når det åpner (kl. {sentralbord.fra})",
        )
    if avtale.moter.felles and not (avtale.moter.felles_sted or avtale.regionrad):
        add(("moter", "felles_sted"), "mangler: hvor holdes fellesmøtet? (eller oppgi regionrad)")
    return problems


def check_meetings(avtale: Avtale, moter: dict[str, tuple[Mote, Source]], region_dir: Path) -> list[Problem]:
    """Checks across meeting files: councils, sak numbering per council and year, tiltak, attachments."""
    problems: list[Problem] = []

    def add(source: Source, loc: tuple, message: str) -> None:
        problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), message))

    names = [k.navn for k in avtale.kommuner]
    areas = [o.id for o in avtale.satsingsomrader.omrader] if avtale.satsingsomrader else []
    numbering: dict[tuple[str, int], list[tuple]] = {}
    for mote, source in moter.values():
        if mote.kommune and mote.kommune not in names:
            add(source, ("kommune",), f"ukjent kommune «{quote(mote.kommune)}» (kjente: {_known(names)})")
        if mote.svarfrist and mote.svarfrist > mote.dato:
            add(source, ("svarfrist",), "svarfristen er etter møtedatoen")
        if mote.sendt and mote.sendt > mote.dato:
            add(
                source,
                ("sendt",),
                f"innkallingen sendes ({mote.sendt.isoformat()}) etter møtet ({mote.dato.isoformat()})",
            )
        if mote.til and mote.fra and mote.til <= mote.fra:  # both HH.MM: text order is time order (til needs fra)
            add(source, ("til",), f"møtet slutter (kl. {mote.til}) før eller når det begynner (kl. {mote.fra})")
        if mote.referat:
            for group in ("til_stede", "forfall"):
                for i, person in enumerate(getattr(mote.referat, group)):
                    if person.kommune and person.kommune not in names:
                        add(source, ("referat", group, i, "kommune"), f"ukjent kommune «{quote(person.kommune)}»")
        for i, sak in enumerate(mote.saker):
            number, year = (int(part) for part in sak.nummer.split("/"))
            if year != mote.dato.year % 100:
                add(source, ("saker", i, "nummer"), f"sak {sak.nummer} hører ikke til møteåret {mote.dato.year}")
            numbering.setdefault((mote.rad, mote.dato.year), []).append((mote.dato, i, number, sak.nummer, source))
            for j, tiltak in enumerate(sak.tiltak):
                here = ("saker", i, "tiltak", j)
                if tiltak.satsingsomrade and tiltak.satsingsomrade not in areas:
                    known = _known(areas) or "ingen i avtale.yaml"
                    add(
                        source,
                        (*here, "satsingsomrade"),
                        f"ukjent satsingsområde «{quote(tiltak.satsingsomrade)}» (kjente: {known})",
                    )
                if tiltak.frist and tiltak.frist < mote.dato:
                    add(
                        source,
                        (*here, "frist"),
                        f"fristen {tiltak.frist.isoformat()} er før møtedatoen {mote.dato.isoformat()}",
                    )
            for j, vedlegg in enumerate(sak.vedlegg):
                if vedlegg.fil:
                    problem = attachment_problem(region_dir, vedlegg.fil)
                    if problem:
                        add(source, ("saker", i, "vedlegg", j, "fil"), problem)
    for (rad, year), items in numbering.items():
        items.sort(key=lambda item: (item[0], item[4].display, item[1]))
        seen: dict[int, str] = {}
        expected = 1
        for _date, i, number, label, source in items:
            if number in seen:
                add(source, ("saker", i, "nummer"), f"saksnummer {label} er brukt før (i {seen[number]})")
                continue
            if number != expected:
                hva = "mangler" if number > expected else "kommer for sent"
                add(
                    source,
                    ("saker", i, "nummer"),
                    f"saksnummer {label}: ventet {expected}/{year % 100:02d} ({expected}/{year % 100:02d} {hva}; "
                    "numrene går fortløpende gjennom året i hvert politiråd)",
                )
            seen[number] = source.display
            expected = max(expected, number + 1)
    return problems


def check_evaluation(
    evaluering: Evaluering,
    source: Source,
    path: Path,
    moter: dict[str, Mote],
    measure_ids: Collection[str] = frozenset(),
) -> list[Problem]:
    problems: list[Problem] = []

    def add(loc: tuple, message: str) -> None:
        problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), message))

    if path.stem != str(evaluering.ar):
        add(("ar",), f"året {evaluering.ar} stemmer ikke med filnavnet {path.name}")
    known = [
        t.tiltak
        for m in moter.values()
        if m.dato.year == evaluering.ar and m.referat
        for sak in m.saker
        if not sak.unntatt_offentlighet
        for t in sak.tiltak
    ]
    for i, effekt in enumerate(evaluering.effekter):
        if effekt.tiltak not in known and effekt.tiltak not in measure_ids:
            guess = (
                difflib.get_close_matches(effekt.tiltak, known + sorted(measure_ids), n=1, cutoff=0.6)
                if len(effekt.tiltak) < 300
                else []
            )
            hint = (
                f" – mente du «{quote(guess[0])}»?"
                if guess
                else (" (bruk id-en fra handlingsplanen, eller tiltaket ordrett som i et referat fra året)")
            )
            add(("effekter", i, "tiltak"), f"ukjent tiltak «{quote(effekt.tiltak)}»{hint}")
    return problems
