"""Documents that have gone out never change: what the ledger (build/ledger.py) means for a build.

The build (build/engine.py) calls these hooks: guard, frozen/intact, settle, kept_files, missing, save.
A document that has gone out (archived, or an invitation sent):
- keeps its files as they are, also after a template or code change;
- stops the build (exit 2) when what it says would change, naming for each changed input field the
  file, its line, the old and the new value and the command that makes a corrected version; an edit
  it does not show (an archive reference, a member it does not invite, another meeting) never does;
- with `--ny-versjon DOKUMENT` gets a corrected version under its own name (DOKUMENT-v2), made with
  its companions that would stop too (the public version of minutes, the other målform, a package
  holding it), with an arkivmelding that points to the original; a corrected invitation says
  «Rettet innkalling» and what changed (its kind's `correct`);
- is rebuilt, when a file of it is missing, only where the result has the recorded bytes.
An invitation whose meeting file says `sendt:` (a day that has come) is recorded by the build that
makes it (`save`).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from politidok.build import state
from politidok.build.ledger import Archived, Kilde, keep_copies, next_version, prune_copies, read, supersedes, write
from politidok.build.provenance import Found, all_values, changed_inputs, inputs_of, legacy_digests, record_inputs
from politidok.core.errors import InputError, Problem
from politidok.core.layout import RegionLayout
from politidok.documents import Correction, Document, Item, Package, Plan

if TYPE_CHECKING:
    from politidok.load import Region


@dataclass(frozen=True)
class Blocked:
    """A document that has gone out and would change: why, and the command that makes a corrected version."""

    stem: str  # its recorded name
    entry: Archived
    found: tuple[Found, ...]
    together: tuple[str, ...]  # the recorded names one --ny-versjon makes again with it (itself first)
    command: str


@dataclass
class Guard:
    """What the ledger means for one build."""

    ledger: dict[str, Archived]
    frozen: dict[str, Archived] = field(default_factory=dict)  # planned stems whose recorded files must stay
    keep: dict[str, Archived] = field(default_factory=dict)  # recorded, no longer planned under that name
    record: dict[str, Archived] = field(default_factory=dict)  # go out with this build (sent): files added after
    blocked: dict[str, Blocked] = field(default_factory=dict)  # recorded name -> why it stops the build
    notes: list[str] = field(default_factory=list)
    changed: bool = False  # the ledger must be written after the build

    def intact(self, target: Path, stem: str) -> bool:
        """The recorded files of a frozen document are in output/ with their recorded bytes."""
        return state.intact(target, self.frozen[stem].filer)

    def missing(self, names: set[str]) -> dict[str, str]:
        """Recorded files left out of output/, with their recorded sha256 (so that the next build looks again)."""
        return {n: sha for e in self.ledger.values() for n, sha in e.filer.items() if n in names}

    def kept_files(self) -> set[str]:
        return {name for e in self.keep.values() for name in e.filer}


def companions(todo: Plan) -> dict[str, frozenset[str]]:
    """planned stem -> the documents a corrected version of it is made with: the same template about the
    same thing (minutes and their public version, the nb and nn editions of a joint meeting's invitation)."""
    groups: dict[tuple[str, str], set[str]] = {}
    for d in todo.documents:
        base = d.stem.removeprefix(f"{d.kind}-")
        if base.endswith(f"-{d.malform}"):
            base = base[: -len(d.malform) - 1]
        groups.setdefault((d.template.name, base), set()).add(d.stem)
    return {stem: frozenset(members) for members in groups.values() for stem in members}


@dataclass(frozen=True)
class _Result:
    current: str  # the newest version's name
    entry: Archived | None
    status: str  # "new" (not recorded), "same", "legacy" (an older ledger's digest matches), "code", "changed"
    found: tuple[Found, ...] = ()


def guard(
    region: Region,
    todo: Plan,
    new_versions: tuple[str, ...] = (),
    region_label: str = "",
    log: Callable[[str], None] = lambda _msg: None,
    templates: Path | None = None,
    today: date | None = None,
) -> tuple[Plan, Guard]:
    """Check a build's plan against the ledger. Returns the plan with each superseded document replaced
    by its newest version (a new item: own name, title with its version, a pointer back), and the guard.

    Raises InputError (exit 2) for every document that has gone out and would change, and for
    --ny-versjon names that have not gone out. Nothing is written here."""
    todo, g, problems = assess(region, todo, new_versions, region_label, templates, today)
    for note in g.notes:
        log(note)
    if problems:
        raise InputError(problems)
    return todo, g


def assess(
    region: Region,
    todo: Plan,
    new_versions: tuple[str, ...] = (),
    region_label: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> tuple[Plan, Guard, list[Problem]]:
    """What the ledger means for a plan, without raising: the plan with its versions, the guard (with what
    would stop the build and why) and the problems a build stops with."""
    today = today or date.today()
    ledger = read(region.folder)
    g = Guard(ledger)
    if not ledger and not new_versions and not any(i.sent and i.sent <= today for i in todo.items()):
        return todo, g, []
    label = region_label or region.name
    problems: list[Problem] = []
    cache: dict[tuple[str, str], Document | None] = {}
    requested = _requested(ledger, new_versions, problems)
    # which recorded documents would stop the build as things are: a corrected version is made of the
    # ones asked for, with their companions that would stop too
    _after, _versions, first = _compare(region, todo, ledger, templates, cache, today)
    planned_as = {r.current: stem for stem, r in first.items()}
    together = companions(todo)
    wanted: set[str] = set()
    for stem in requested:
        wanted.add(stem)
        for other in together.get(planned_as.get(stem, ""), frozenset()):
            if first[other].status == "changed":
                wanted.add(first[other].current)
    for pack in todo.packages:  # a package holding a document made again is made again with it
        if first[pack.stem].status == "changed" and any(planned_as.get(w) in _parts(pack) for w in wanted):
            wanted.add(first[pack.stem].current)
    taken = set(ledger) | set(todo.by_stem())
    for stem in sorted(wanted):
        entry = ledger[stem]
        entry.erstattet_av, entry.erstattet = next_version(stem, taken), today
        taken.add(entry.erstattet_av)
        g.changed = True
    after, _versions, results = _compare(region, todo, ledger, templates, cache, today)
    items = after.by_stem()
    values = all_values(after)
    blocked: dict[str, _Result] = {}
    for stem, r in results.items():
        item = items[r.current]
        if r.entry is None:
            if item.sent and item.sent <= today:  # goes out with this build
                g.record[r.current] = Archived(
                    r.current, {}, values[r.current], record_inputs(region, item, after), sendt=item.sent
                )
            continue
        if r.status == "changed":
            blocked[stem] = r
            continue
        g.frozen[r.current] = r.entry
        if r.status == "code":  # politidok (or a tool) words it differently now, from the same input
            g.notes.append(
                f"Merk: {r.current} er {r.entry.gone_out} og beholdes slik, selv om politidok nå ville skrevet "
                "den annerledes (inndataene er uendret)."
            )
        elif _refresh(region, r.entry, item, after, values[r.current]):
            g.changed = True
    groups = {s: set(together.get(s, frozenset())) for s in blocked}
    for pack in todo.packages:  # a package stops with the document it presents (its first part)
        first_part = pack.parts[0].stem if pack.parts else None
        if pack.stem in blocked and first_part in blocked:
            for s in groups[first_part] | {first_part}:
                groups.setdefault(s, set()).add(pack.stem)
            groups[pack.stem] |= groups[first_part] | {first_part}
    problems += _blocks(region, after, blocked, groups, label, g)
    planned = {x.stem for x in after.items()}
    g.keep = {s: e for s, e in ledger.items() if s not in planned}
    return after, g, problems


def _parts(pack: Package) -> set[str]:
    return {r.stem for r in pack.parts if r.stem}


def _requested(ledger: dict[str, Archived], new_versions: tuple[str, ...], problems: list[Problem]) -> list[str]:
    out = []
    for stem in new_versions:
        entry = ledger.get(stem)
        if entry is None:
            known = ", ".join(sorted(s for s, e in ledger.items() if not e.erstattet_av)) or "ingen"
            problems.append(
                Problem(
                    "--ny-versjon",
                    1,
                    "",
                    f"«{stem}» er ikke sendt eller arkivert; bare et slikt dokument får en ny versjon "
                    f"(sendt eller arkivert: {known})",
                )
            )
        elif entry.erstattet_av:
            problems.append(
                Problem(
                    "--ny-versjon",
                    1,
                    "",
                    f"«{stem}» er allerede erstattet av «{entry.erstattet_av}»; lag en ny versjon av den i stedet",
                )
            )
        else:
            out.append(stem)
    return out


def _compare(
    region: Region,
    todo: Plan,
    ledger: dict[str, Archived],
    templates: Path | None,
    cache: dict[tuple[str, str], Document | None],
    today: date,
) -> tuple[Plan, dict[str, Item], dict[str, _Result]]:
    """Each planned item against its newest recorded version: the plan with the versions, the versions
    (old stem -> new item) and, per planned stem, how it stands."""
    items = todo.by_stem()
    versions: dict[str, Item] = {}
    for stem, item in items.items():
        current, previous = stem, None
        while current in ledger and ledger[current].erstattet_av:
            previous, current = ledger[current], ledger[current].erstattet_av or ""
        if previous is not None:
            versions[stem] = _version(region, item, current, previous, templates, cache, today)
    after = todo.replacing(versions)
    renamed = after.by_stem()
    values, legacy = all_values(after), None
    results: dict[str, _Result] = {}
    for stem, item in items.items():
        now = renamed[versions[stem].stem] if stem in versions else item  # a package's parts renamed too
        entry = ledger.get(now.stem)
        if entry is None:
            results[stem] = _Result(now.stem, None, "new")
            continue
        if values[now.stem] == entry.innhold:
            results[stem] = _Result(now.stem, entry, "same")
            continue
        legacy = legacy or legacy_digests(after)
        if entry.innhold in legacy[now.stem]:
            results[stem] = _Result(now.stem, entry, "legacy")
            continue
        found = changed_inputs(region, entry.kilder, inputs_of(now, after))
        results[stem] = _Result(now.stem, entry, "changed" if found else "code", tuple(found))
    return after, versions, results


def _version(
    region: Region,
    item: Item,
    stem: str,
    previous: Archived,
    templates: Path | None,
    cache: dict[tuple[str, str], Document | None],
    today: date,
) -> Item:
    """The newest version `stem` of a document whose version `previous` went out."""
    from politidok import documents

    made = previous.erstattet or today
    version = item.as_version(stem, supersedes(item, stem, previous))
    if item.sent:  # a corrected invitation goes out the day it is made
        version = dataclasses.replace(version, sent=made)
    kind = documents.get(item.kind)
    if isinstance(version, Document) and isinstance(item, Document) and kind.correct is not None:
        key = (item.stem, previous.dokument)
        if key not in cache:
            cache[key] = _as_it_went_out(region, item, previous, templates)
        version = kind.correct(
            version, cache[key], Correction(previous.dokument, previous.sendt or previous.arkivert, made)
        )
    return version


def _as_it_went_out(region: Region, item: Document, entry: Archived, templates: Path | None) -> Document | None:
    """The document as it went out: planned again from the recorded copies of its inputs (None when a copy
    is missing or the inputs then do not load beside the others now)."""
    import tempfile

    from politidok import documents
    from politidok.core.options import BuildOptions
    from politidok.load import load_region

    layout = region.layout
    copies = {k.fil: layout.ledger_copy(k.fil, k.sha256) for k in entry.kilder.values() if k.fil.endswith(".yaml")}
    if templates is None or not all(_sha(c) == entry.kilder[f].sha256 for f, c in copies.items()):
        return None
    with tempfile.TemporaryDirectory(prefix="politidok-sendt-") as tmp:
        root = Path(tmp) / region.folder.name
        shutil.copytree(
            region.folder, root, ignore=shutil.ignore_patterns(layout.ledger.name, layout.ledger_copies.name)
        )
        for name, copy in copies.items():
            shutil.copyfile(copy, root / name)
        try:
            then = load_region(root, attachable=documents.attachable())
            old = documents.plan(then, templates, BuildOptions(only=frozenset({item.kind})))
        except InputError:
            return None
    found = old.by_stem().get(item.stem)
    return found if isinstance(found, Document) else None


def _refresh(region: Region, entry: Archived, item: Item, todo: Plan, value: str) -> bool:
    """A recorded document that says the same as recorded: its inputs as they are now, when a field it shows
    has a new value that does not change it (so that a later message names only what did), or the entry
    is of an older ledger. Returns whether the entry changed."""
    now = record_inputs(region, item, todo)

    def stale(old: Kilde | None, new: Kilde) -> bool:
        if old is None:
            return True
        if old.felt:
            return old.felt != new.felt  # a change elsewhere in the file is none of its business
        return old.sha256 != new.sha256 or bool(new.felt)

    if (
        entry.innhold == value
        and set(now) == set(entry.kilder)
        and not any(stale(entry.kilder.get(n), k) for n, k in now.items())
    ):
        return False
    entry.innhold, entry.kilder = value, now
    return True


def _blocks(
    region: Region,
    todo: Plan,
    blocked: dict[str, _Result],
    together: dict[str, set[str]],
    label: str,
    g: Guard,
) -> list[Problem]:
    """The problems a build stops with: one per changed field and group of documents, naming them, when
    they went out, the field's file and line, old → new, and the command that makes corrected versions."""
    order = {x.stem: i for i, x in enumerate(todo.items())}

    def position(stem: str) -> int:
        return order.get(blocked[stem].current, len(order))

    problems: list[Problem] = []
    done: set[str] = set()
    for stem in sorted(blocked, key=position):
        if stem in done:
            continue
        group = sorted((s for s in together.get(stem, set()) | {stem} if s in blocked), key=position)
        done.update(group)
        names = tuple(blocked[s].current for s in group)
        first = blocked[group[0]]
        command = f"politidok bygg {label} --ny-versjon {first.current}"
        found: dict[tuple, Found] = {}
        for s in group:
            for f in blocked[s].found:
                found.setdefault((f.fil, f.loc, f.what), f)
        for s in group:
            entry = blocked[s].entry
            if entry is not None:
                g.blocked[blocked[s].current] = Blocked(
                    blocked[s].current, entry, tuple(found.values()), names, command
                )
        verb = "er" if len(names) == 1 else "er begge" if len(names) == 2 else "er alle"
        gone_out = first.entry.gone_out if first.entry is not None else ""
        for f in found.values():
            problems.append(
                Problem(
                    region.display(f.fil),
                    region.line(f.fil, f.loc) if f.loc else 1,
                    f.field,
                    f"{' og '.join(names)} {verb} {gone_out} og kan ikke endres: {f.text()}. "
                    f"Sett endringen tilbake, eller lag en rettet versjon: {command}",
                )
            )
    return problems


def settle(staging: Path, target: Path, g: Guard, rebuilt: set[str]) -> tuple[list[str], set[str], set[str]]:
    """After a build, before anything is moved into place: recorded files that are missing and cannot be
    made again with their recorded bytes are reported, never written with other bytes.

    A frozen document rebuilt because a file was missing keeps every file that came out byte-identical;
    a file that came out different is put back from output/ when it is intact there, else left out.
    Returns (messages for the log, file names left out of output/, file names put back)."""
    messages, dropped, restored = [], set(), set()
    for stem in sorted(rebuilt & set(g.frozen)):
        entry = g.frozen[stem]
        for name, sha in entry.filer.items():
            if _sha(staging / name) == sha:
                continue
            if _sha(target / name) == sha:
                shutil.copyfile(target / name, staging / name)
                restored.add(name)
                continue
            (staging / name).unlink(missing_ok=True)
            dropped.add(name)
            messages.append(
                f"{name} er {entry.gone_out}, men mangler i output/, og en ny bygging gir "
                "ikke de samme bytene (malen eller politidok er endret siden): filen er ikke skrevet. "
                "Hent den fra arkivet og legg den i output/."
            )
    for stem, entry in sorted(g.keep.items()):
        for name, sha in entry.filer.items():
            if _sha(staging / name) != sha:
                (staging / name).unlink(missing_ok=True)
                dropped.add(name)
                why = f"erstattet av {entry.erstattet_av}" if entry.erstattet_av else "lages ikke lenger av inndataene"
                messages.append(
                    f"{name} er {entry.gone_out} ({why}), men mangler eller er endret i "
                    "output/ og kan ikke lages likt igjen. Hent den fra arkivet og legg den i output/."
                )
    return messages, dropped, restored


def save(region_dir: Path, g: Guard, target: Path | None = None, files_of: dict[str, list[str]] | None = None) -> None:
    """After a build: record what went out with it (its files as written to `target`), and write the
    ledger and the copies of the inputs when anything changed."""
    for stem, entry in sorted(g.record.items()):
        files = {n: _sha(target / n) for n in (files_of or {}).get(stem, [])} if target is not None else {}
        if files and all(files.values()):
            entry.filer = files
            g.ledger[stem] = entry
            g.changed = True
    if not g.changed:
        return
    layout = RegionLayout(region_dir)
    for entry in g.ledger.values():
        keep_copies(layout, entry.kilder.values())
    write(region_dir, g.ledger)
    prune_copies(layout, g.ledger)


def _sha(path: Path | None) -> str:
    return state.file_sha(path) if path and path.is_file() else ""
