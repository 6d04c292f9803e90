"""Load stage: YAML files -> validated models, every problem reported with file and line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from politidok.core.errors import InputError, Problem, quote
from politidok.core.tekst import slug
from politidok.load.attachments import attachment_path as attachment_path  # for the plans of meeting documents
from politidok.load.attachments import attachment_problem
from politidok.load.files import linked_folders
from politidok.load.models import Avtale, Evaluering, Mote, Sak
from politidok.load.planmodels import Handlingsplan
from politidok.load.yamlsource import Source, format_loc, read

AGREEMENT_FILE = "avtale.yaml"
CASES_DIR = "saker"
MEETINGS_DIR = "moter"
EVALUATIONS_DIR = "evaluering"
PLANS_DIR = "handlingsplan"


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


def load_agreement(region_dir: Path, display_root: Path | None = None) -> Avtale:
    """Read and validate `<region_dir>/avtale.yaml`; raise InputError with all problems."""
    avtale, problems = _agreement(region_dir, display_root)
    if problems:
        raise InputError(problems)
    return avtale


def load_region(region_dir: Path, display_root: Path | None = None) -> Region:
    """Read and validate every file of a region; raise InputError with the problems of all files."""
    avtale, problems = _agreement(region_dir, display_root)
    problems += linked_folders(region_dir, lambda p: _display(p, display_root))
    saker: dict[str, Sak] = {}
    for path in sorted((region_dir / CASES_DIR).glob("*.yaml")):
        sak, _source, found = validate(path, _display(path, display_root), Sak)
        problems += found
        if sak is not None:
            saker[path.stem] = sak
    moter: dict[str, tuple[Mote, Source]] = {}
    for path in sorted((region_dir / MEETINGS_DIR).glob("*.yaml")):
        mote, source, found = validate(path, _display(path, display_root), Mote)
        problems += found
        if mote is not None:
            moter[path.stem] = (mote, source)
    if avtale is not None:
        problems += check_meetings(avtale, moter, region_dir)
    plans: dict[int, tuple[Handlingsplan, Source, Path]] = {}
    for path in sorted((region_dir / PLANS_DIR).glob("*.yaml")):
        plan, source, found = validate(path, _display(path, display_root), Handlingsplan)
        problems += found
        if plan is not None:
            plans[plan.ar] = (plan, source, path)
    if avtale is not None:
        from politidok.load.handlingsplan import check_plans

        problems += check_plans(avtale, plans, moter, {p.stem for p in (region_dir / MEETINGS_DIR).glob("*.yaml")})
    measure_ids = {t.id for p, _s, _p in plans.values() for t in p.tiltak}
    evalueringer: dict[int, Evaluering] = {}
    for path in sorted((region_dir / EVALUATIONS_DIR).glob("*.yaml")):
        evaluering, source, found = validate(path, _display(path, display_root), Evaluering)
        problems += found
        if evaluering is not None:
            problems += check_evaluation(evaluering, source, path, {k: m for k, (m, _s) in moter.items()}, measure_ids)
            evalueringer[evaluering.ar] = evaluering
    if problems:
        raise InputError(problems)
    ordered = dict(sorted(((k, m) for k, (m, _s) in moter.items()), key=lambda kv: (kv[1].dato, kv[0])))
    return Region(
        region_dir.name,
        avtale,
        saker,
        ordered,
        region_dir,
        dict(sorted(evalueringer.items())),
        {year: p for year, (p, _s, _p) in sorted(plans.items())},
    )


def _agreement(region_dir: Path, display_root: Path | None) -> tuple[Avtale | None, list[Problem]]:
    path = region_dir / AGREEMENT_FILE
    display = _display(path, display_root)
    if not region_dir.is_dir():
        return None, [Problem(display, 1, "", f"fant ikke regionmappen {_display(region_dir, display_root)}")]
    avtale, source, problems = validate(path, display, Avtale)
    if avtale is not None:
        problems += check_references(avtale, source)
    return avtale, problems


def _display(path: Path, root: Path | None) -> str:
    try:  # the file itself is not followed: a link is named, not where it leads
        return str((path.parent.resolve() / path.name).relative_to((root or Path.cwd()).resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the root; a circle of links (RuntimeError until 3.13)
        return str(path)


def validate(path: Path, display: str, model: type[BaseModel]) -> tuple[Any, Source | None, list[Problem]]:
    """Parse a YAML file into `model`; return (instance or None, source, problems)."""
    source, problems = read(path, display)
    if source is None:
        return None, None, problems
    instance, problems = validate_source(source, model, problems)
    return instance, source, problems


def validate_source(source: Source, model: type[BaseModel], problems: list[Problem] = ()) -> tuple[Any, list[Problem]]:
    """A parsed file's data as `model`: (instance or None, the parser's `problems` and the model's)."""
    problems = list(problems)
    display = source.display
    if not isinstance(source.data, dict):
        return None, problems + [
            Problem(display, source.line_of(()), "", "filen må inneholde felt på formen «navn: verdi»")
        ]
    try:
        instance = model.model_validate(source.data)
    except ValidationError as exc:
        found = [_problem(source, model, err) for err in exc.errors()]
        return None, problems + list(dict.fromkeys(found))
    except RecursionError:  # cannot happen within the depth limit of yamlsource; a message all the same
        return None, problems + [Problem(display, 1, "", "filen er nøstet for dypt")]
    return (instance if not problems else None), problems


def _problem(source: Source, model: type[BaseModel], err: dict) -> Problem:
    loc = _data_loc(source.data, tuple(err["loc"]))
    return Problem(source.display, source.line_of(loc), format_loc(loc), _message(model, loc, err))


def _data_loc(data: Any, loc: tuple) -> tuple:
    """pydantic's loc as a path in the file: validator tags dropped ('x', 'function-after[...]'), keys as text."""
    out: list = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict):
            key = next((k for k in current if k == part or str(k) == str(part)), None)
            if key is not None:
                out.append(str(key))
                current = current[key]
            elif last and isinstance(part, str):
                out.append(part)  # a missing field
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
    return tuple(out)


def _message(model: type[BaseModel], loc: tuple, err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "mangler (feltet er påkrevd)"
    if err.get("input", "") is None and (kind.endswith("_type") or "parsing" in kind):
        return "er tomt – fyll inn"
    if err.get("input", "") is None and kind == "literal_error":
        return f"er tomt – velg en av: {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "invalid_key":
        return "ukjent felt (et feltnavn må være tekst)"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) if len(str(loc[-1])) < 100 else []
        hint = f" – mente du «{guess[0]}»?" if guess else (f" (gyldige felt: {', '.join(allowed)})" if allowed else "")
        return f"ukjent felt{hint}"
    if kind in ("string_type",):
        return f"må være tekst, ikke {_describe(err.get('input'))}"
    if kind == "string_too_long":
        value = err.get("input")
        size = f"{len(value)} tegn; " if isinstance(value, str) else ""
        return f"er for lang ({size}høyst {ctx.get('max_length')} tegn)"
    if kind == "too_long":
        return f"har for mange element (høyst {ctx.get('max_length')})"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return "må være et heltall"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "må være et tall"
    if kind in ("bool_type", "bool_parsing"):
        return "må være true eller false"
    if kind.startswith(("date", "datetime")):
        return "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2024-10-25"
    if kind == "literal_error":
        return f"må være en av: {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "list_type":
        return "må være en liste (linjer som begynner med «- »)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "må være en gruppe av felt på formen «navn: verdi»"
    if kind == "too_short":
        return f"må ha minst {ctx.get('min_length', 1)} element"
    if kind == "string_too_short":
        return "kan ikke være tom"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "saksnummer":
            return "må være på formen ÅÅÅÅ/løpenummer, f.eks. «2024/1234»"
        if str(ctx.get("pattern", "")).startswith("^T-"):
            return "må være en tiltaks-id på formen T-ÅÅÅÅ-NN, f.eks. «T-2025-03»"
        if "/[0-9]{2}$" in str(ctx.get("pattern", "")):
            return "må være et saksnummer på formen N/ÅÅ, f.eks. «2/25»"
        return "må bestå av små bokstaver a–z, sifre, «-» og «_» (f.eks. «ungdom»)"
    if kind == "greater_than_equal":
        return f"må være minst {ctx.get('ge')}"
    if kind == "greater_than":
        return f"må være større enn {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"kan ikke være større enn {ctx.get('le')}"
    if kind == "less_than":
        return f"må være mindre enn {ctx.get('lt')}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in ("set_type", "tuple_type", "frozen_set_type"):
        return "må være en liste (linjer som begynner med «- »)"
    if kind in ("bytes_type", "bytes_too_long", "bytes_too_short"):
        return "må være tekst"
    if kind == "recursion_loop":
        return "viser til seg selv (et alias i en løkke)"
    return "ugyldig verdi"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "sannhetsverdi"
    if isinstance(value, (int, float)):
        return "tall"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "gruppe av felt"
    if value is None:
        return "tom verdi"
    if isinstance(value, bytes):
        return "binærdata"
    if hasattr(value, "isoformat"):
        return "dato"
    return "en annen type verdi"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the sub-model found at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_of(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or [])


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _known(names: list[str]) -> str:
    """A list of known names for a message: each quoted short, at most ten."""
    shown = ", ".join(quote(n, 40) for n in names[:10])
    return shown + (f" og {len(names) - 10} til" if len(names) > 10 else "")


def signature_field(tittel: str, kommune: str | None, felt: str | None) -> str:
    """Name of a signatory's PDF field: explicit, else from title and municipality."""
    if felt:
        return felt
    return slug(f"{tittel} {kommune}") if kommune else slug(tittel)


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
        if mote.til and mote.til <= mote.fra:  # both are HH.MM: text order is time order
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
    evaluering: Evaluering, source: Source, path: Path, moter: dict[str, Mote], measure_ids: set[str] = frozenset()
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
