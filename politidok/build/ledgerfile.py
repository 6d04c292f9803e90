"""The archive ledger as a file (agreements/<region>/arkivert.yaml): read as hostile input, written
atomically, locked while a command reads it to write it back.

What the entries mean is build.ledger's; this module knows only the file:
- `load`: the ledger's entries, checked as every input file is (a regular UTF-8 file, not a folder,
  FIFO or link; YAML with a Norwegian message at the right line), and its shape: every field
  known and of its type, at least one file per document, SHA-256 sums of 64 hex digits, plain
  file names (an entry never names a path outside output/), no document or file twice, no
  `erstattet_av` that goes in a circle, every entry sent or archived. A corrupt ledger stops a command
  (exit 2) before it deletes or writes anything, with a hint to fetch the file from version control.
- `unlike_output`: archived files in output/ whose bytes are not the ones the ledger records
  (the file was changed, or the ledger edited): a build stops rather than remove the file.
- `save`: a temporary file beside the ledger, synced, then renamed over it (never half a ledger;
  the temporary file is removed when anything fails); an environment failure is said as such.
- `locked`: one command at a time reads the ledger to write it back (`arkiver`; a build that records
  a sent invitation or makes a corrected version); another one stops at once instead of writing over
  what the first recorded.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from politidok.core.errors import InputError, Problem, ToolError, environment_error, quote
from politidok.load.values import Dato

FETCH = "hent arkivlisten fra versjonskontrollen (den skrives bare av politidok)"

_SHA = re.compile(r"^[0-9a-f]{64}$")


def _sha(value: str) -> str:
    if not _SHA.match(value):
        raise ValueError(f"«{quote(value, 70)}» er ikke en SHA-256-sum (64 tegn 0–9 og a–f)")
    return value


def _name(value: str) -> str:
    """A file name in output/ (or a document's name): no folder, no «..», nothing a path could escape by."""
    if not value or value in (".", "..") or re.search(r"[/\\\x00-\x1f\x7f]", value):
        raise ValueError(f"«{quote(value)}» er ikke et filnavn (uten mappe)")
    return value


def _relative(value: str) -> str:
    """An input file, relative to the region's folder and inside it."""
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or any(p in ("", ".", "..") for p in parts) or "\x00" in value:
        raise ValueError(f"«{quote(value)}» er ikke en fil i regionmappen (en relativ sti uten «..»)")
    return value


def _sha_or_none(value: str) -> str:
    """An input's SHA-256, or "" when the input did not exist when the document was made."""
    return value if value == "" else _sha(value)


def _field_path(value: str) -> str:
    from politidok.core import fieldpath

    fieldpath.parse(value)  # ValueError: not a field path
    return value


Sha = Annotated[str, AfterValidator(_sha)]
Name = Annotated[str, AfterValidator(_name)]
Relative = Annotated[str, AfterValidator(_relative)]
FieldPath = Annotated[str, AfterValidator(_field_path)]


class File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fil: Name
    sha256: Sha


class Kilde(BaseModel):
    """An input a document was made from: the whole file's SHA-256, and the fields it shows."""

    model_config = ConfigDict(extra="forbid")

    fil: Relative
    sha256: Annotated[str, AfterValidator(_sha_or_none)] = ""
    felt: dict[FieldPath, Sha] = Field(default_factory=dict)


# `kilder` as a list of inputs with their fields, or (the older form) a map of file -> SHA-256
Kilder = Annotated[
    Annotated[list[Kilde], Tag("liste")] | Annotated[dict[Relative, Sha], Tag("kart")],
    Discriminator(lambda v: "kart" if isinstance(v, dict) else "liste"),
]


class Entry(BaseModel):
    """One document that has gone out, as the file holds it (build.ledger.Archived is what the build uses)."""

    model_config = ConfigDict(extra="forbid")

    dokument: Name
    arkivert: Dato | None = None
    sendt: Dato | None = None
    filer: list[File] = Field(min_length=1)
    innhold: Annotated[str, Field(min_length=1)]
    kilder: Kilder = Field(default_factory=list)
    erstattet_av: Name | None = None
    erstattet: Dato | None = None
    signert: File | None = None

    @model_validator(mode="after")
    def _gone_out(self) -> Entry:
        if self.arkivert is None and self.sendt is None:
            raise ValueError("har verken «arkivert» eller «sendt»: et dokument i arkivlisten er sendt eller arkivert")
        return self


class Ledger(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dokumenter: list[Entry] | None = None


def display(path: Path) -> str:
    return path.as_posix()


def load(path: Path) -> tuple[list[Entry], dict[tuple, int]]:
    """The ledger's entries and the line of each field ((«dokumenter», i, …) -> line); ([], {}) when there is
    no ledger. InputError (exit 2) with every problem of a ledger that is not what `arkiver` writes."""
    from politidok.load.validation import validate_source
    from politidok.load.yamlsource import read

    try:
        os.lstat(path)
    except FileNotFoundError:
        return [], {}
    except OSError:
        pass  # read() says what is wrong
    source, problems = read(path, display(path))
    ledger = None
    if source is not None and source.data is None and not problems:  # nothing but comments: no documents
        return [], {}
    if source is not None:
        ledger, problems = validate_source(source, Ledger, problems)
    if source is None or ledger is None or problems:
        raise InputError([_with_hint(p) for p in problems])
    problems = _consistency(ledger.dokumenter or [], source)
    if problems:
        raise InputError([_with_hint(p) for p in problems])
    return list(ledger.dokumenter or []), dict(source.lines)


def _with_hint(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.field, f"{problem.message}; {FETCH}")


def _consistency(entries: list[Entry], source) -> list[Problem]:
    """What no field alone shows: a document or a file twice, versions that replace each other in a circle."""
    problems: list[Problem] = []

    def add(loc: tuple, message: str) -> None:
        from politidok.load.yamlsource import format_loc

        problems.append(Problem(source.display, source.line_of(loc), format_loc(loc), message))

    documents: dict[str, int] = {}
    files: dict[str, str] = {}
    for i, entry in enumerate(entries):
        if entry.dokument in documents:
            add(("dokumenter", i, "dokument"), f"«{quote(entry.dokument)}» står to ganger i arkivlisten")
        documents.setdefault(entry.dokument, i)
        for j, f in enumerate(entry.filer):
            if f.fil in files:
                owner = files[f.fil]
                where = "to ganger i samme dokument" if owner == entry.dokument else f"også under «{quote(owner)}»"
                add(("dokumenter", i, "filer", j, "fil"), f"filen «{quote(f.fil)}» står {where}")
            files.setdefault(f.fil, entry.dokument)
    replaced = {e.dokument: e.erstattet_av for e in entries if e.erstattet_av}
    reported: set[str] = set()
    for i, entry in enumerate(entries):
        seen, current = [entry.dokument], replaced.get(entry.dokument)
        while current is not None and current not in seen:
            seen.append(current)
            current = replaced.get(current)
        if current is not None and entry.dokument not in reported:
            circle = seen[seen.index(current) :]
            reported |= set(circle)
            add(
                ("dokumenter", i, "erstattet_av"),
                f"versjonene erstatter hverandre i ring ({' → '.join(quote(s, 40) for s in [*circle, current])})",
            )
    return problems


def unlike_output(path: Path, target: Path, skip: Callable[[Path], bool] = lambda _p: False) -> list[Problem]:
    """Archived files in `target` (output/<region>/) whose bytes are not those the ledger records (but
    those `skip` says another step deals with).

    Either the file was changed after it was archived, or the ledger was edited: politidok cannot tell
    which, so it removes nothing and says both (the build stops; `verify --region` lists them)."""
    from politidok.build.state import file_sha

    entries, lines = load(path)
    problems: list[Problem] = []
    for i, entry in enumerate(entries):
        for j, f in enumerate(entry.filer):
            found = target / f.fil
            try:
                if not found.is_file() or found.is_symlink():
                    continue
                sha = file_sha(found)
                if sha != f.sha256 and skip(found):
                    continue
            except OSError:
                continue
            if sha != f.sha256:
                problems.append(
                    Problem(
                        display(path),
                        lines.get(("dokumenter", i, "filer", j, "sha256"), lines.get(("dokumenter", i), 1)),
                        "",
                        (
                            f"{found.as_posix()} har andre byte enn arkivlisten oppgir (SHA-256 {sha[:12]}…, ikke "
                            f"{f.sha256[:12]}…): filen er endret etter at den ble {gone_out(entry)}, "
                            "eller arkivlisten er redigert. Legg den arkiverte filen tilbake i output/, eller slett "
                            "den (den lages på nytt om det gir de arkiverte bytene), eller hent arkivlisten fra "
                            "versjonskontrollen"
                        ),
                    )
                )
    return problems


def gone_out(entry: Entry) -> str:
    """«arkivert 2025-02-20» / «sendt 2025-02-03»."""
    return f"arkivert {entry.arkivert.isoformat()}" if entry.arkivert else f"sendt {entry.sendt}"


def save(path: Path, text: str) -> None:
    """Write the ledger atomically: the old or the new ledger, never half of one (nor a temporary
    file left beside it). ToolError (exit 1) when the folder cannot be written."""
    tmp: str | None = None
    try:
        mode = os.stat(path).st_mode & 0o777 if path.is_file() else None
        fd, tmp = tempfile.mkstemp(prefix=".arkivert-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:  # named by the ledger, not by the temporary file's random name
        raise environment_error(
            OSError(exc.errno, exc.strerror),
            path,
            f"Arkivlisten {display(path)} er uendret; rett feilen og kjør kommandoen på nytt.",
        ) from None
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock (in the user cache, keyed on where the ledger lies) while a command reads it
    to write it back. ToolError (exit 1) at once when another command holds it."""
    from politidok.core.paths import cache_dir

    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    folder = cache_dir("locks")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / f"arkivliste-{key}.lock", "w")  # noqa: SIM115 - held until the block ends
    except OSError as exc:
        raise environment_error(exc, folder) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise environment_error(exc, folder) from None
            raise ToolError(
                f"Arkivlisten {display(path)} er i bruk: en annen politidok-kommando («arkiver», eller en bygging "
                "som fører inn et sendt eller rettet dokument) skriver den for samme region. Vent til den er "
                "ferdig, og kjør på nytt (arkivlisten er uendret)."
            ) from None
        yield
