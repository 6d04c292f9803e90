"""The data model of the year-end evaluation: agreements/<region>/evaluering/<year>.yaml.

What only people can judge about a year (effects, challenges, self-evaluation, læringspunkter); the
facts come from the year's minutes and action plan (context/evaluation.py).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from politidok.load.letterhead import Saksgang
from politidok.load.models import Modell
from politidok.load.values import Dato, Langtekst, Tekst


class Effekt(Modell):
    tiltak: Tekst = Field(description="Tiltaket slik det står i referatet")
    effekt: Langtekst


class Evalueringssak(Modell):
    """The saksframlegg that presents the report (to the joint meeting)."""

    organ: Tekst = Field(description="F.eks. «Politirådsmøtet på Hallingtinget»")
    dato: Dato | None = None
    saksnummer: Tekst | None = None
    saksbehandler: Tekst | None = None
    tilradning_overskrift: Tekst = "Rådgivers tilrådning"
    tilradning: list[Tekst] = Field(min_length=1)
    saksgang: list[Saksgang] = Field(
        [], description="Organene som behandler saken, i rekkefølge (standard: «organ» med «saksnummer»)"
    )


class Evaluering(Modell):
    """What only people can judge about a year; the facts come from the year's minutes."""

    ar: int = Field(ge=2000, le=2100)
    dato: Dato | None = Field(None, description="Rapportens dato (standard: 31. desember)")
    utfordringer: Langtekst | None = Field(None, description="Forventede utfordringer tiltakene ble satt inn mot")
    egenevaluering: Langtekst | None = Field(None, description="Politirådets vurdering av eget arbeid")
    effekter: list[Effekt] = Field(default_factory=list)
    laeringspunkter: list[Tekst] = Field(default_factory=list)
    fra_forrige_ar: list[Tekst] = Field([], description="Læringspunkter ført videre fra året før")
    videreforte_tiltak: list[Tekst] = Field([], description="Uferdige tiltak ført videre fra året før")
    saksframlegg: Evalueringssak | None = None

    @property
    def report_date(self) -> date:
        return self.dato or date(self.ar, 12, 31)

    @property
    def missing(self) -> list[str]:
        """Fields that must be filled in before the report can be made."""
        return [name for name in ("utfordringer", "egenevaluering") if not getattr(self, name)]
