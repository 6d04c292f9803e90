"""Problems found in user input, reported together in Norwegian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one input file: `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str
    unit: str = ""  # "avsnitt" for Word templates: `line` counts paragraphs

    def __str__(self) -> str:
        where = f"{self.file}, {self.unit} {self.line}" if self.unit else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: every problem found, to be shown at once (exit code 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        n = len(self.problems)
        head = "Fant 1 feil i inndata:" if n == 1 else f"Fant {n} feil i inndata:"
        return "\n".join([head, *(f"  {p}" for p in self.problems), "Ingenting er skrevet til output/."])


class ToolError(Exception):
    """A tool or environment failure (LibreOffice missing, conversion hung …): exit code 1."""

    exit_code = 1


def report(exc: BaseException) -> tuple[str, int]:
    """The Norwegian message and exit code of a failure, as the CLI and the warm server show it."""
    if isinstance(exc, InputError):
        return exc.report(), exc.exit_code
    if isinstance(exc, ToolError):
        return f"Feil: {exc}", exc.exit_code
    return (f"Intern feil i politidok ({type(exc).__name__}: {exc}).\n"
            "Kjør på nytt med POLITIDOK_DEBUG=1 for detaljer, og meld feilen."), 1
