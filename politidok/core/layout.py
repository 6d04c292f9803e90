"""A region's folder: where each of its inputs lives. The one place that spells the layout.

    agreements/<region>/
      avtale.yaml                the council and its cooperation agreement
      saker/<sak>.yaml           a case (saksframlegg) each
      moter/<møte>.yaml          a meeting each: invitation, and once held, minutes
      handlingsplan/<år>.yaml    the action plan of a year
      evaluering/<år>.yaml       the year-end evaluation of a year
      arkivert.yaml              the archive ledger (written by `politidok arkiver`, and by a build
                                 for an invitation that has gone out)
      arkivert/                  the YAML inputs as they were when a document went out (copies named
                                 by their SHA-256, written with the ledger), for «old → new» in messages

Inputs are named by their path relative to the region folder (`moter/2025-03-11-al.yaml`), as the
ledger and the planned documents record them; `RegionLayout.path()` makes a path of such a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

AGREEMENT = "avtale.yaml"
CASES = "saker"
MEETINGS = "moter"
PLANS = "handlingsplan"
EVALUATIONS = "evaluering"
LEDGER = "arkivert.yaml"
LEDGER_COPIES = "arkivert"


def agreement_file() -> str:
    return AGREEMENT


def case_file(name: str) -> str:
    return f"{CASES}/{name}.yaml"


def meeting_file(name: str) -> str:
    return f"{MEETINGS}/{name}.yaml"


def plan_file(ar: int) -> str:
    return f"{PLANS}/{ar}.yaml"


def evaluation_file(ar: int) -> str:
    return f"{EVALUATIONS}/{ar}.yaml"


@dataclass(frozen=True)
class RegionLayout:
    """The files of one region folder."""

    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def agreement(self) -> Path:
        return self.folder / AGREEMENT

    @property
    def cases(self) -> Path:
        return self.folder / CASES

    @property
    def meetings(self) -> Path:
        return self.folder / MEETINGS

    @property
    def plans(self) -> Path:
        return self.folder / PLANS

    @property
    def evaluations(self) -> Path:
        return self.folder / EVALUATIONS

    @property
    def ledger(self) -> Path:
        return self.folder / LEDGER

    @property
    def ledger_copies(self) -> Path:
        return self.folder / LEDGER_COPIES

    def ledger_copy(self, name: str, sha256: str) -> Path:
        """Where the ledger keeps the input `name` (relative to the region) as it was with this SHA-256:
        arkivert/moter/2025-02-10-gol.5c1f0a2b9e3d.yaml."""
        relative = Path(name)
        return self.ledger_copies / relative.parent / f"{relative.stem}.{sha256[:12]}{relative.suffix}"

    def case(self, name: str) -> Path:
        return self.folder / case_file(name)

    def meeting(self, name: str) -> Path:
        return self.folder / meeting_file(name)

    def plan(self, ar: int) -> Path:
        return self.folder / plan_file(ar)

    def evaluation(self, ar: int) -> Path:
        return self.folder / evaluation_file(ar)

    def path(self, relative: str) -> Path:
        """The path of an input named relative to the region folder."""
        return self.folder / relative

    def relative(self, path: Path) -> str:
        """An input's name relative to the region folder (ValueError outside it)."""
        return path.relative_to(self.folder).as_posix()

    def yaml_files(self) -> list[Path]:
        """Every YAML input of the region (not the ledger), in a stable order."""
        out = [self.agreement] if self.agreement.is_file() else []
        for folder in (self.cases, self.meetings, self.plans, self.evaluations):
            out += sorted(folder.glob("*.yaml"))
        return out
