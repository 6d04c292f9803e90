"""Problems found in user input, reported together in Norwegian."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass

QUOTE_LIMIT = 80  # characters of a user's value quoted in a message
FIELD_LIMIT = 120  # characters of a field path
MESSAGE_LIMIT = 600  # characters of one message, the quoted values included

# Control characters, and the invisible ones that reorder or hide text on a terminal (bidi overrides,
# the tag characters U+E0000–E007F)
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\U000e0000-\U000e007f]"
)
_NAMES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\f": "\\f", "\x00": "\\0"}


def escape(text: str) -> str:
    """Control and bidi characters written visibly (\\n, \\x0c, \\u202e): safe for a terminal."""
    return _UNSAFE.sub(
        lambda m: _NAMES.get(m.group()) or _escaped(ord(m.group())),
        text,
    )


def _escaped(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, with «…» where text was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A user's value for a message: escaped and at most `limit` characters (the caller adds «»)."""
    text = value if isinstance(value, str) else repr(value)
    return escape(shorten(text, limit))


_CHAR_NAMES = {
    "\x00": "NUL",
    "\t": "tabulator",
    "\n": "linjeskift",
    "\r": "vognretur",
    "\x0b": "linjetabulator",
    "\x0c": "sideskift",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "neste linje",
    "\u00a0": "hardt mellomrom",
    "\u00ad": "myk bindestrek",
    "\u200b": "null-bredde mellomrom",
    "\u200c": "null-bredde ikke-sammenbinder",
    "\u200d": "null-bredde sammenbinder",
    "\u2028": "linjeskilletegn",
    "\u2029": "avsnittsskilletegn",
    "\u2060": "ordsammenbinder",
    "\ufeff": "byte-rekkefølgemerke (BOM)",
    "\ufffe": "ikke-tegn",
    "\uffff": "ikke-tegn",
}


def char_name(ch: str) -> str:
    """'\\x0c' -> 'U+000C (sideskift)': a character named so a secretary can search for it."""
    name = _CHAR_NAMES.get(ch) or (
        "retningsstyring"
        if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"
        else "usynlig merketegn"
        if "\U000e0000" <= ch <= "\U000e007f"
        else "kontrolltegn"
        if ch < " " or "\x7f" <= ch <= "\x9f"
        else ""
    )
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


@dataclass(frozen=True)
class Problem:
    """One problem in one input file: `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str
    unit: str = ""  # "avsnitt" for Word templates: `line` counts paragraphs

    def __post_init__(self) -> None:
        # a problem quotes user input: never print control characters or megabytes of it
        object.__setattr__(self, "file", escape(shorten(str(self.file), 300)))
        object.__setattr__(self, "field", escape(shorten(str(self.field), FIELD_LIMIT)))
        object.__setattr__(self, "message", escape(shorten(str(self.message), MESSAGE_LIMIT)))

    def __str__(self) -> str:
        where = f"{self.file}, {self.unit} {self.line}" if self.unit else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: every problem found, to be shown at once (exit code 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self, limit: int = 100) -> str:
        n = len(self.problems)
        head = "Fant 1 feil i inndata:" if n == 1 else f"Fant {n} feil i inndata:"
        shown = [f"  {p}" for p in self.problems[:limit]]
        if n > limit:
            shown.append(f"  … og {n - limit} feil til (rett de over og kjør på nytt)")
        return "\n".join([head, *shown, "Ingenting er skrevet til output/."])


class ToolError(Exception):
    """A tool or environment failure (LibreOffice missing, conversion hung …): exit code 1."""

    exit_code = 1


# What an operating-system error means for the user (what happened, what to do), by errno
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disken er full", "Frigjør plass på disken, eller velg en annen mappe, og kjør på nytt."),
    errno.EDQUOT: ("diskkvoten din er brukt opp", "Frigjør plass, eller velg en annen mappe, og kjør på nytt."),
    errno.EROFS: (
        "filsystemet er skrivebeskyttet",
        "Velg en mappe du kan skrive til, eller gjør denne skrivbar, og kjør på nytt.",
    ),
    errno.EACCES: ("ingen tilgang", "Gi brukeren din tilgang til mappen, eller velg en annen mappe, og kjør på nytt."),
    errno.EPERM: ("ikke tillatt", "Gi brukeren din tilgang til mappen, eller velg en annen mappe, og kjør på nytt."),
    errno.EIO: ("lese- eller skrivefeil på disken", "Kontroller disken, og kjør på nytt."),
    errno.EFBIG: ("filen er for stor for filsystemet", "Velg en mappe på et annet filsystem, og kjør på nytt."),
    errno.EMFILE: ("for mange åpne filer", "Lukk andre programmer, og kjør på nytt."),
    errno.ENFILE: ("for mange åpne filer på maskinen", "Lukk andre programmer, og kjør på nytt."),
    errno.ENOENT: ("finnes ikke, eller er ikke en mappe politidok kan lage filer i", "Velg en vanlig mappe."),
    errno.ENOTDIR: ("en del av stien er ikke en mappe", "Velg en vanlig mappe."),
    errno.ENAMETOOLONG: ("stien er for lang", "Velg en mappe med en kortere sti."),
    errno.EEXIST: ("finnes allerede og kan ikke brukes", "Flytt den bort, eller velg en annen mappe."),
}
# errors that never come from a mistake in politidok: reported as the environment's, wherever they arise
ENVIRONMENT = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG})


def environment_error(exc: OSError, where: object = "", then: str = "") -> ToolError:
    """An operating-system error as the user's message (exit code 1): the file or folder, what happened
    and what to do. `where` names the place when the error itself does not (a full disk's write);
    `then` says what the failure left as it was («Ingenting er skrevet til output/.»)."""
    reason, advice = _OS_REASONS.get(exc.errno or 0, ("", "Kontroller mappen, og kjør på nytt."))
    if not reason:
        name = errno.errorcode.get(exc.errno or 0, str(exc.errno))
        reason = f"systemfeil {name}"
    place = exc.filename if exc.filename is not None else where
    place = os.fsdecode(place) if isinstance(place, (str, bytes, os.PathLike)) else str(place or "")
    text = f"{escape(shorten(place, 300))}: {reason}" if place else reason[:1].upper() + reason[1:]
    return ToolError(" ".join(part for part in (f"{text}.", advice, then) if part))


def report(exc: BaseException) -> tuple[str, int]:
    """The Norwegian message and exit code of a failure, as the CLI and the warm server show it."""
    if isinstance(exc, InputError):
        return exc.report(), exc.exit_code
    if isinstance(exc, ToolError):
        return f"Feil: {exc}", exc.exit_code
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT:
        return f"Feil: {environment_error(exc)}", 1
    return (
        f"Intern feil i politidok ({type(exc).__name__}: {exc}).\n"
        "Kjør på nytt med POLITIDOK_DEBUG=1 for detaljer, og meld feilen."
    ), 1
