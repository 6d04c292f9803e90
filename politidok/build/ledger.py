"""The archive ledger, agreements/<region>/arkivert.yaml: the documents that have gone out.

A document goes out when it is archived (`politidok arkiver REGION [DOKUMENT…]`) or, for a meeting's
invitation and its meeting pack, when the meeting file says `sendt:` (a date that has come: the build
records it). The ledger lives beside the YAML the documents were made from (so that it is in version
control) and has one entry per document, in a stable order and without YAML aliases:

    dokumenter:                      # sorted by document
      - dokument: referat-2025-02-10-gol
        arkivert: 2025-02-20         # and/or sendt: 2025-02-03 (an invitation)
        filer:                       # every file with its SHA-256, the PDF first
          - fil: referat-2025-02-10-gol.pdf
            sha256: …
        innhold: …                   # a digest of what the document says (provenance.document_values)
        kilder:                      # what it was made from: the inputs its kind declares
          - fil: moter/2025-02-10-gol.yaml
            sha256: …                # the whole file, as last seen giving this document
            felt:                    # the fields it shows (core.fieldpath) -> SHA-256 of their value
              saker[*].vedtak: …
        erstattet_av: referat-2025-02-10-gol-v2   # a corrected version, made on
        erstattet: 2025-03-01
        signert:                     # the signed copy (build.signed), beside the unsigned original
          fil: samarbeidsavtale-signert.pdf
          sha256: …

Every key is known (build/ledgerfile.py reads the file as hostile input: a corrupt ledger stops a command
before it deletes or writes anything).

arkivert/ beside it holds the YAML inputs as they were (named by their SHA-256), so that a message can
say what a field was and what it is now. What the ledger means for a build is in build/outgoing.py;
`arkiver` is build/arkiver.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from politidok.build import ledgerfile, state
from politidok.core import fieldpath
from politidok.core.docinfo import Supersedes
from politidok.core.errors import InputError
from politidok.core.layout import RegionLayout

if TYPE_CHECKING:
    from politidok.documents import Item

HEADER = (
    "# Dokumenter som er sendt eller arkivert: levert til mottakerne eller sak/arkiv-systemet, og skal aldri\n"
    "# endres. Skrevet av «politidok arkiver» (og av byggingen for en innkalling med «sendt:»). Ikke rediger\n"
    "# for hånd. Mappen arkivert/ ved siden av har inndataene slik de var. En rettet versjon lages med\n"
    "#   politidok bygg REGION --ny-versjon DOKUMENT\n"
)


@dataclass
class Kilde:
    """One input a recorded document was made from."""

    fil: str  # relative to the region folder (core.layout)
    sha256: str  # the whole file, as last seen giving this document ("": it did not exist)
    felt: dict[str, str] = field(default_factory=dict)  # field path -> SHA-256 of its value; {}: the whole file


@dataclass
class Archived:
    """One document that has gone out, as the ledger records it."""

    dokument: str  # file stem, e.g. referat-2025-02-10-gol
    filer: dict[str, str]  # file name -> sha256
    innhold: str  # digest of the document's values
    kilder: dict[str, Kilde] = field(default_factory=dict)  # input file -> what of it the document shows
    arkivert: date | None = None
    sendt: date | None = None
    erstattet_av: str | None = None  # the corrected version's stem
    erstattet: date | None = None  # the day the corrected version was made
    # the signed copy in output/ (<stem>-signert.pdf, build.signed) -> sha256, beside the unsigned original
    signert: dict[str, str] = field(default_factory=dict)

    @property
    def pdf(self) -> str:
        return next((n for n in self.filer if n.endswith(".pdf")), next(iter(self.filer)))

    @property
    def dato(self) -> date:
        """The day it went out: archived, else sent."""
        day = self.arkivert or self.sendt
        if day is None:
            raise ValueError(f"{self.dokument}: neither archived nor sent")
        return day

    @property
    def hvordan(self) -> str:
        return "arkivert" if self.arkivert else "sendt"

    @property
    def gone_out(self) -> str:
        """«arkivert 2025-02-20» / «sendt 2025-02-03»."""
        return f"{self.hvordan} {self.dato.isoformat()}"


# --- the entries in arkivert.yaml ---------------------------------------------------------------


def entry_to_yaml(entry: Archived) -> dict:
    """One entry as arkivert.yaml writes it: a fixed order of keys, files and inputs sorted."""
    out: dict[str, Any] = {"dokument": entry.dokument}
    if entry.arkivert:
        out["arkivert"] = entry.arkivert
    if entry.sendt:
        out["sendt"] = entry.sendt
    out["filer"] = [{"fil": name, "sha256": sha} for name, sha in _pdf_first(entry.filer)]
    out["innhold"] = entry.innhold
    out["kilder"] = [
        {"fil": k.fil, "sha256": k.sha256, **({"felt": dict(sorted(k.felt.items()))} if k.felt else {})}
        for k in sorted(entry.kilder.values(), key=lambda k: k.fil)
    ]
    if entry.erstattet_av:
        out["erstattet_av"] = entry.erstattet_av
    if entry.erstattet:
        out["erstattet"] = entry.erstattet
    for name, sha in entry.signert.items():
        out["signert"] = {"fil": name, "sha256": sha}
    return out


def _pdf_first(files: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(files.items(), key=lambda kv: (not kv[0].endswith(".pdf"), kv[0]))


class _Dumper(yaml.SafeDumper):
    """No anchors and aliases (&id001, *id001): each entry reads on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def path_of(region_dir: Path) -> Path:
    return RegionLayout(region_dir).ledger


def read(region_dir: Path) -> dict[str, Archived]:
    """The ledger's entries by document (empty without a ledger); InputError (exit 2) when it is corrupt
    (build.ledgerfile checks the file as hostile input)."""
    entries, _lines = ledgerfile.load(path_of(region_dir))
    return {e.dokument: _archived(e) for e in entries}


def _archived(e: ledgerfile.Entry) -> Archived:
    if isinstance(e.kilder, dict):  # the older form, before fields were recorded: file -> sha256
        kilder = {f: Kilde(f, sha) for f, sha in e.kilder.items()}
    else:
        kilder = {k.fil: Kilde(k.fil, k.sha256, dict(k.felt)) for k in e.kilder}
    return Archived(
        dokument=e.dokument,
        filer={f.fil: f.sha256 for f in e.filer},
        innhold=e.innhold,
        kilder=kilder,
        arkivert=e.arkivert,
        sendt=e.sendt,
        erstattet_av=e.erstattet_av,
        erstattet=e.erstattet,
        signert={e.signert.fil: e.signert.sha256} if e.signert else {},
    )


def write(region_dir: Path, entries: dict[str, Archived]) -> Path:
    path = path_of(region_dir)
    body = yaml.dump(
        {"dokumenter": [entry_to_yaml(e) for _stem, e in sorted(entries.items())]},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=120,
    )
    ledgerfile.save(path, HEADER + body)
    return path


def locked(region_dir: Path) -> AbstractContextManager[None]:
    """The ledger's lock, held from reading the ledger to writing it back (`arkiver`, `build --ny-versjon`)."""
    return ledgerfile.locked(path_of(region_dir))


def unlike_output(region_dir: Path, target: Path) -> None:
    """Stop (InputError) when an archived file in output/<region>/ has other bytes than the ledger records."""
    from politidok.build.signed import is_signed  # a signed original is set aside by the build (build.signed)

    problems = ledgerfile.unlike_output(path_of(region_dir), target, skip=is_signed)
    if problems:
        raise InputError(problems)


# --- the inputs as they were (arkivert/) ----------------------------------------------------------

_COPY = re.compile(r"\.[0-9a-f]{12}\.yaml$")


def keep_copies(layout: RegionLayout, kilder: Iterable[Kilde]) -> None:
    """Copy each YAML input, as it is now, to arkivert/ (when it is what the entry recorded)."""
    for k in kilder:
        source, copy = layout.path(k.fil), layout.ledger_copy(k.fil, k.sha256)
        if not k.fil.endswith(".yaml") or not k.sha256 or copy.is_file() or _sha(source) != k.sha256:
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_suffix(".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(copy)


def prune_copies(layout: RegionLayout, entries: dict[str, Archived]) -> None:
    """Remove the copies no entry points to any more."""
    if not layout.ledger_copies.is_dir():
        return
    wanted = {layout.ledger_copy(k.fil, k.sha256) for e in entries.values() for k in e.kilder.values()}
    for path in sorted(layout.ledger_copies.rglob("*.yaml")):
        if _COPY.search(path.name) and path not in wanted:
            path.unlink()


def copy_data(layout: RegionLayout, kilde: Kilde) -> Any:
    """The input's data as the entry recorded it (fieldpath.MISSING when there is no good copy)."""
    from politidok.load.yamlsource import read as read_yaml

    copy = layout.ledger_copy(kilde.fil, kilde.sha256)
    if not kilde.sha256 or _sha(copy) != kilde.sha256:
        return fieldpath.MISSING
    source, _problems = read_yaml(copy)
    return source.data if source is not None else fieldpath.MISSING


def next_version(stem: str, taken: set[str]) -> str:
    match = re.match(r"^(.*)-v([0-9]+)$", stem)
    base, n = (match.group(1), int(match.group(2)) + 1) if match else (stem, 2)
    while f"{base}-v{n}" in taken:
        n += 1
    return f"{base}-v{n}"


def supersedes(item: Item, stem: str, original: Archived) -> Supersedes:
    """What the newest version `stem` of a recorded document points back to."""
    return Supersedes(
        dokument=original.dokument,
        pdf=original.pdf,
        sha256=original.filer[original.pdf],
        arkivert=original.dato,
        original_title=item.base_title,
        version=int(stem.rsplit("-v", 1)[1]),
        gone_out=original.hvordan,
    )


def _sha(path: Path | None) -> str:
    return state.file_sha(path) if path and path.is_file() else ""


@dataclass(frozen=True)
class FileCheck:
    """One recorded file checked against output/<region>/."""

    name: str
    arkivert: date  # the day it went out (archived, else sent)
    expected: str  # sha256 as recorded
    found: str  # sha256 in output/ ("" when the file is missing)
    hvordan: str = "arkivert"  # or "sendt"

    @property
    def ok(self) -> bool:
        return self.found == self.expected

    @property
    def missing(self) -> bool:
        return not self.found


def verify_output(region_dir: Path, target: Path) -> list[FileCheck]:
    """Every recorded file of the region against output/<region>/ (empty without a ledger)."""
    return [
        FileCheck(name, entry.dato, sha, _sha(target / name), entry.hvordan)
        for entry in read(region_dir).values()
        for name, sha in {**entry.filer, **entry.signert}.items()
    ]
