"""What a build reads and writes, and the document kinds: light, so that the CLI starts fast."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KINDS = (
    "samarbeidsavtale", "saksframlegg", "innkalling", "referat", "referat-offentlig", "kalender", "evalueringsrapport", "pakke",
)


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes; defaults are relative to the project folder."""

    agreements: Path = Path("agreements")
    templates: Path = Path("templates")
    output: Path = Path("output")
