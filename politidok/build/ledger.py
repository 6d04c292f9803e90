"""The archive ledger: documents handed to the record system never change.

`politidok arkiver REGION [DOKUMENT…]` records in agreements/<region>/arkivert.yaml, beside the
YAML it was made from (so it lives in version control), each archived document's files with
their SHA-256, the date, a digest of what the document says (its values: context, metadata,
archive references — not the template or politidok's code) and the input files it came from.

From then on the build (hooks in build.py: guard, frozen/intact, settle, kept_files, missing, save):
- keeps an archived document's files as they are, also after a template or code change;
- stops (exit 2) when what an archived document says has changed, naming the document and the
  changed input, and telling how to make a corrected version;
- with `--ny-versjon DOKUMENT` writes a corrected version under its own name (DOKUMENT-v2), with
  an arkivmelding that points to the original, and records the link in the ledger;
- rebuilds a missing archived file only when the result has the archived bytes; otherwise says so.
"""

from __future__ import annotations

import dataclasses
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from politidok.build import ledgerfile, state
from politidok.core.errors import InputError, Problem

LEDGER_FILE = "arkivert.yaml"
HEADER = (
    "# Arkiverte dokumenter: levert til sak/arkiv-systemet og skal aldri endres.\n"
    "# Skrevet av «politidok arkiver». Ikke rediger for hånd. En rettet versjon lages med\n"
    "#   politidok build REGION --ny-versjon DOKUMENT\n"
)


@dataclass
class Archived:
    """One archived document as the ledger records it."""

    dokument: str  # file stem, e.g. referat-2025-02-10-gol
    arkivert: date
    filer: dict[str, str]  # file name -> sha256
    innhold: str  # digest of the document's values
    kilder: dict[str, str] = field(default_factory=dict)  # input file (relative to the region) -> sha256
    erstattet_av: str | None = None  # the corrected version's stem

    def to_yaml(self) -> dict:
        out = {
            "dokument": self.dokument,
            "arkivert": self.arkivert,
            "filer": [{"fil": name, "sha256": sha} for name, sha in self.filer.items()],
            "innhold": self.innhold,
            "kilder": dict(self.kilder),
        }
        if self.erstattet_av:
            out["erstattet_av"] = self.erstattet_av
        return out

    @property
    def pdf(self) -> str:
        return next((n for n in self.filer if n.endswith(".pdf")), next(iter(self.filer)))


def path_of(region_dir: Path) -> Path:
    return region_dir / LEDGER_FILE


def read(region_dir: Path) -> dict[str, Archived]:
    """The ledger's entries by document (empty without a ledger); InputError (exit 2) when it is corrupt
    (build.ledgerfile checks the file)."""
    entries, _lines = ledgerfile.load(path_of(region_dir))
    return {
        e.dokument: Archived(
            e.dokument,
            e.arkivert,
            {f.fil: f.sha256 for f in e.filer},
            e.innhold,
            dict(e.kilder),
            e.erstattet_av,
        )
        for e in entries
    }


def write(region_dir: Path, entries: dict[str, Archived]) -> Path:
    path = path_of(region_dir)
    body = yaml.safe_dump(
        {"dokumenter": [e.to_yaml() for e in entries.values()]}, allow_unicode=True, sort_keys=False, width=120
    )
    ledgerfile.save(path, HEADER + body)
    return path


def locked(region_dir: Path) -> AbstractContextManager[None]:
    """The ledger's lock, held from reading the ledger to writing it back (`arkiver`, `build --ny-versjon`)."""
    return ledgerfile.locked(path_of(region_dir))


def unlike_output(region_dir: Path, target: Path) -> None:
    """Stop (InputError) when an archived file in output/<region>/ has other bytes than the ledger records."""
    problems = ledgerfile.unlike_output(path_of(region_dir), target)
    if problems:
        raise InputError(problems)


# --- what a document says, and where it comes from ------------------------------------------------


def document_values(item) -> str:
    """A digest of what a document says: values, metadata and archive references (not template or code)."""
    return state.fingerprint(
        item.kind,
        getattr(item, "context", None),
        dataclasses.replace(item.info, title=_base_title(item)),
        item.language,
        [(f.name, f.title) for f in getattr(item, "signature_fields", [])],
        item.arkiv,
        item.skjerming,
        item.codes,
        item.attachments,
    )


def _base_title(item) -> str:
    return getattr(item, "original_title", None) or item.info.title


def all_values(todo) -> dict[str, str]:
    """stem -> values digest, for every document and package of a plan (packages from their parts')."""
    out = {d.stem: document_values(d) for d in todo.documents}
    for pack in todo.packages:
        parts = [(r.title, out.get(r.stem) if r.stem else _sha(r.path)) for r in pack.parts]
        out[pack.stem] = state.fingerprint(
            pack.kind,
            dataclasses.replace(pack.info, title=_base_title(pack)),
            pack.language,
            pack.arkiv,
            pack.skjerming,
            pack.codes,
            parts,
        )
    return out


def _sha(path: Path | None) -> str:
    return state.file_sha(path) if path and path.is_file() else ""


def sources(region_dir: Path, stem: str, parts: list[Path] = ()) -> dict[str, str]:
    """The input files a document is made from (relative path -> sha256): the agreement, and the files
    whose names the document's name carries (meeting, case, year's evaluation and plan)."""
    wanted: set[Path] = {region_dir / "avtale.yaml"}
    years = set(re.findall(r"(?<![0-9])(20[0-9]{2})(?![0-9])", stem))
    for p in (region_dir / "moter").glob("*.yaml"):
        if p.stem in stem:
            wanted.add(p)
            years.add(p.stem[:4])
    for p in (region_dir / "saker").glob("*.yaml"):
        if stem.endswith(p.stem):
            wanted.add(p)
    for year in years:
        wanted.add(region_dir / "handlingsplan" / f"{year}.yaml")
        if "evaluering" in stem:
            wanted.add(region_dir / "evaluering" / f"{year}.yaml")
        if "evaluering" in stem or stem.startswith(
            ("handlingsplan", "saksframlegg-handlingsplan", "pakke-handlingsplan")
        ):
            wanted |= set((region_dir / "moter").glob(f"{year}-*.yaml"))
    wanted |= {Path(p) for p in parts}
    out = {}
    for p in sorted(wanted):
        if p.is_file():
            try:
                out[p.relative_to(region_dir).as_posix()] = state.file_sha(p)
            except ValueError:
                continue
    return out


# --- build hooks ---------------------------------------------------------------------------------


@dataclass
class Guard:
    """What the ledger means for one build."""

    ledger: dict[str, Archived]
    frozen: dict[str, Archived] = field(default_factory=dict)  # planned stems whose archived files must stay
    keep: dict[str, Archived] = field(default_factory=dict)  # archived, no longer planned under that name
    changed: bool = False  # the ledger must be written after the build (a new version was recorded)

    def intact(self, target: Path, stem: str) -> bool:
        """The archived files of a frozen document are in output/ with their archived bytes."""
        return state.intact(target, self.frozen[stem].filer)

    def missing(self, names: set[str]) -> dict[str, str]:
        """Archived files left out of output/, with their archived sha256 (so that the next build looks again)."""
        return {n: sha for e in self.ledger.values() for n, sha in e.filer.items() if n in names}

    def kept_files(self) -> set[str]:
        return {name for e in self.keep.values() for name in e.filer}


def next_version(stem: str, taken: set[str]) -> str:
    match = re.match(r"^(.*)-v([0-9]+)$", stem)
    base, n = (match.group(1), int(match.group(2)) + 1) if match else (stem, 2)
    while f"{base}-v{n}" in taken:
        n += 1
    return f"{base}-v{n}"


def guard(region, todo, new_versions: list[str] = (), region_label: str = "", log=lambda _msg: None) -> Guard:
    """Check a build's plan against the ledger; rename superseded documents to their newest version.

    Raises InputError (exit 2) for every archived document whose values have changed, and for
    --ny-versjon names that are not archived. Nothing is written here."""
    folder = region.folder
    ledger = read(folder)
    g = Guard(ledger)
    if not ledger and not new_versions:
        return g
    label = region_label or region.name
    ledger_display = path_of(folder).as_posix()
    items = {x.stem: x for x in [*todo.documents, *todo.packages]}
    values = all_values(todo)
    problems: list[Problem] = []
    taken = set(ledger) | set(items)
    for stem in new_versions:
        entry = ledger.get(stem)
        if entry is None:
            known = ", ".join(sorted(s for s, e in ledger.items() if not e.erstattet_av)) or "ingen"
            problems.append(
                Problem(
                    "--ny-versjon",
                    1,
                    "",
                    f"«{stem}» er ikke arkivert; bare et arkivert dokument får en ny versjon (arkiverte: {known})",
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
            entry.erstattet_av = next_version(stem, taken)
            taken.add(entry.erstattet_av)
            g.changed = True
    renamed: dict[str, str] = {}
    for stem, item in items.items():
        current, previous = stem, None
        while current in ledger and ledger[current].erstattet_av:
            previous, current = ledger[current], ledger[current].erstattet_av
        if previous is not None:
            renamed[stem] = current
            _rename(item, current, previous)
        entry = ledger.get(current)
        if entry is None:
            continue
        if values[stem] == entry.innhold:
            g.frozen[current] = entry
            continue
        changed = [p for p, sha in entry.kilder.items() if _sha(folder / p) != sha]
        if not changed:  # politidok (or a tool) words it differently now, from the same input:
            g.frozen[current] = entry  # a code change alone never changes an archived document
            log(
                f"Merk: {current} er arkivert og beholdes som arkivert, selv om politidok nå ville skrevet den "
                f"annerledes (inndataene er uendret)."
            )
            continue
        where = [f"{folder.as_posix()}/{p}" for p in changed] or [ledger_display]
        what = ", ".join(changed) if changed else "inndataene"
        problems.append(
            Problem(
                where[0],
                1,
                "",
                (
                    f"{current} er arkivert {entry.arkivert.isoformat()} og kan ikke endres, men {what} er endret siden. "
                    f"Sett endringen tilbake, eller lag en rettet versjon: politidok build {label} --ny-versjon {current}"
                ),
            )
        )
    for pack in todo.packages:
        pack.parts = [dataclasses.replace(r, stem=renamed.get(r.stem, r.stem)) if r.stem else r for r in pack.parts]
    planned = {x.stem for x in [*todo.documents, *todo.packages]}
    g.keep = {s: e for s, e in ledger.items() if s not in planned}
    if problems:
        raise InputError(problems)
    return g


def _rename(item, stem: str, original: Archived) -> None:
    """The newest version of a superseded document: own name, title with its version, and a pointer back."""
    n = stem.rsplit("-v", 1)[1]
    item.original_title = _base_title(item)
    item.stem = stem
    item.info = dataclasses.replace(item.info, title=f"{item.original_title} (versjon {n})")
    item.erstatter = (original.pdf, original.filer[original.pdf], original.arkivert, original.dokument)


def settle(staging: Path, target: Path, g: Guard, rebuilt: set[str]) -> tuple[list[str], set[str], set[str]]:
    """After a build, before anything is moved into place: archived files that are missing and cannot be
    made again with their archived bytes are reported, never written with other bytes.

    A frozen document rebuilt because a file was missing keeps every file that came out byte-identical;
    a file that came out different is put back from output/ when it is intact there, else left out.
    Returns (messages for the log, file names left out of output/, file names put back)."""
    import shutil

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
                f"{name} er arkivert {entry.arkivert.isoformat()}, men mangler i output/, og en ny bygging gir "
                "ikke de arkiverte bytene (malen eller politidok er endret siden): filen er ikke skrevet. "
                "Hent den fra arkivet og legg den i output/."
            )
    for stem, entry in sorted(g.keep.items()):
        for name, sha in entry.filer.items():
            if _sha(staging / name) != sha:
                (staging / name).unlink(missing_ok=True)
                dropped.add(name)
                why = f"erstattet av {entry.erstattet_av}" if entry.erstattet_av else "lages ikke lenger av inndataene"
                messages.append(
                    f"{name} er arkivert {entry.arkivert.isoformat()} ({why}), men mangler eller er endret i "
                    "output/ og kan ikke lages likt igjen. Hent den fra arkivet og legg den i output/."
                )
    return messages, dropped, restored


def save(region_dir: Path, g: Guard) -> None:
    if g.changed:
        write(region_dir, g.ledger)


# --- arkiver and verify ------------------------------------------------------------------------


def archive(
    region, todo, target: Path, saved_state: dict, fresh_prints: dict[str, str], stems: list[str], when: date
) -> tuple[list[str], list[str]]:
    """Record documents of output/<region>/ in the ledger. Returns (recorded, already archived)."""
    folder = region.folder
    g = guard(region, todo)
    ledger = g.ledger
    items = {x.stem: x for x in [*todo.documents, *todo.packages]}
    values = all_values(todo)
    by_new_name = {x.stem: x for x in items.values()}
    wanted = list(stems) or [s for s in by_new_name if (target / f"{s}.pdf").is_file()]
    problems, recorded, already = [], [], []
    old_docs = saved_state.get("documents", {})
    for stem in wanted:
        item = by_new_name.get(stem)
        if item is None:
            known = ", ".join(sorted(by_new_name))
            problems.append(Problem(stem, 1, "", f"ukjent dokument «{stem}» (kjente: {known})"))
            continue
        saved = old_docs.get(stem)
        if not saved or saved.get("fingerprint") != fresh_prints.get(stem):
            problems.append(
                Problem(
                    stem,
                    1,
                    "",
                    f"output/{region.name}/ er ikke bygget fra gjeldende inndata og maler for "
                    f"{stem}: kjør «politidok build {region.name}» først",
                )
            )
            continue
        files = {n: _sha(target / n) for n in saved["files"]}
        missing = [n for n, sha in files.items() if not sha]
        if missing:
            problems.append(Problem(stem, 1, "", f"mangler i output/: {', '.join(missing)}"))
            continue
        if stem in ledger:
            if ledger[stem].filer != files:
                problems.append(Problem(stem, 1, "", "er arkivert før med andre bytes; se «politidok verify --region»"))
            else:
                already.append(stem)
            continue
        parts = [r.path for r in getattr(item, "parts", []) if r.path]
        ledger[stem] = Archived(stem, when, files, values[stem], sources(folder, stem, parts))
        recorded.append(stem)
    if problems:
        raise InputError(problems)
    if recorded:
        write(folder, ledger)
    return recorded, already


def verify_output(region_dir: Path, target: Path) -> list[str]:
    """Lines «OK …» / «FEIL …» for every archived file in output/<region>/ (empty without a ledger)."""
    out = []
    for entry in read(region_dir).values():
        for name, sha in entry.filer.items():
            found = _sha(target / name)
            if not found:
                out.append(f"FEIL {name}: arkivert {entry.arkivert.isoformat()}, men mangler i {target.as_posix()}/")
            elif found != sha:
                out.append(
                    f"FEIL {name}: arkivert {entry.arkivert.isoformat()}, men filen er endret (SHA-256 {found[:12]}… "
                    f"i stedet for {sha[:12]}…)"
                )
            else:
                out.append(f"OK   {name}: som arkivert {entry.arkivert.isoformat()}")
    return out
