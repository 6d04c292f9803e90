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
        signert: …                   # other keys (the agreement's signed copy) are kept as they are

arkivert/ beside it holds the YAML inputs as they were (named by their SHA-256), so that a message can
say what a field was and what it is now. What the ledger means for a build is in build/outgoing.py;
`arkiver` is build/arkiver.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from politidok.build import state
from politidok.core import fieldpath
from politidok.core.docinfo import Supersedes
from politidok.core.errors import InputError, Problem
from politidok.core.layout import RegionLayout

if TYPE_CHECKING:
    from politidok.documents import Item

HEADER = (
    "# Dokumenter som er sendt eller arkivert: levert til mottakerne eller sak/arkiv-systemet, og skal aldri\n"
    "# endres. Skrevet av «politidok arkiver» (og av byggingen for en innkalling med «sendt:»). Ikke rediger\n"
    "# for hånd. Mappen arkivert/ ved siden av har inndataene slik de var. En rettet versjon lages med\n"
    "#   politidok bygg REGION --ny-versjon DOKUMENT\n"
)
_KNOWN = ("dokument", "arkivert", "sendt", "filer", "innhold", "kilder", "erstattet_av", "erstattet", "signert")


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
    andre: dict[str, Any] = field(default_factory=dict)  # keys this politidok does not know (kept as they are)

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
    out.update(entry.andre)
    return out


def entry_from_yaml(item: dict) -> Archived:
    """One entry of arkivert.yaml (also the older form, whose `kilder` maps a file to its SHA-256)."""
    kilder = item.get("kilder") or {}
    if isinstance(kilder, dict):  # before fields were recorded: file -> sha256
        recorded = {str(f): Kilde(str(f), str(sha)) for f, sha in kilder.items()}
    else:
        recorded = {
            str(k["fil"]): Kilde(
                str(k["fil"]), str(k.get("sha256") or ""), {str(f): str(d) for f, d in (k.get("felt") or {}).items()}
            )
            for k in kilder
        }
    for k in recorded.values():
        if Path(k.fil).is_absolute() or ".." in Path(k.fil).parts:
            raise ValueError(f"«{k.fil}» er ikke en fil i regionmappen")
        for path in k.felt:
            fieldpath.parse(path)  # ValueError: not a field path (read() says the ledger cannot be read)
    return Archived(
        dokument=str(item["dokument"]),
        filer={str(f["fil"]): str(f["sha256"]) for f in item["filer"]},
        innhold=str(item["innhold"]),
        kilder=recorded,
        arkivert=_date(item.get("arkivert")),
        sendt=_date(item.get("sendt")),
        erstattet_av=item.get("erstattet_av"),
        erstattet=_date(item.get("erstattet")),
        signert={str(item["signert"]["fil"]): str(item["signert"]["sha256"])} if item.get("signert") else {},
        andre={k: v for k, v in item.items() if k not in _KNOWN},
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _pdf_first(files: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(files.items(), key=lambda kv: (not kv[0].endswith(".pdf"), kv[0]))


class _Dumper(yaml.SafeDumper):
    """No anchors and aliases (&id001, *id001): each entry reads on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def path_of(region_dir: Path) -> Path:
    return RegionLayout(region_dir).ledger


def read(region_dir: Path) -> dict[str, Archived]:
    path = path_of(region_dir)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out = {}
        for item in data.get("dokumenter") or []:
            entry = entry_from_yaml(item)
            if entry.arkivert is None and entry.sendt is None:
                raise ValueError(f"{entry.dokument} har verken «arkivert» eller «sendt»")
            out[entry.dokument] = entry
        return out
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            [Problem(str(path), 1, "", f"arkivlisten kan ikke leses ({exc}); hent den fra versjonskontrollen")]
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
    tmp = path.with_suffix(".tmp")
    tmp.write_text(HEADER + body, encoding="utf-8")
    tmp.replace(path)
    return path


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
