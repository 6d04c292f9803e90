"""The data model of the council's action plan: agreements/<region>/handlingsplan/<year>.yaml.

What a meeting reported on the plan (`Rapportering`, under a sak) lives with the meetings in models.py.
"""

from __future__ import annotations

from pydantic import Field

from politidok.load.evalmodels import Evalueringssak
from politidok.load.models import Id, Modell, Saksnummer, Tekst, TiltakId
from politidok.load.values import Dato, Langtekst


class Vedtatt(Modell):
    """The meeting and sak that adopted a measure into the plan."""

    mote: Tekst = Field(description="Møtefilen uten .yaml, f.eks. «2025-02-10-gol»")
    sak: Saksnummer = Field(description="Saksnummeret i møtet, f.eks. «2/25»")


class Plantiltak(Modell):
    """One measure of the action plan. Its id never changes and is never reused."""

    id: TiltakId = Field(description="Fast id, f.eks. «T-2025-03» (år og løpenummer)")
    satsingsomrade: Id = Field(description="id-en til et satsingsområde i avtale.yaml")
    tiltak: Tekst = Field(description="Hva som skal gjøres")
    ansvarlig: Tekst = Field(description="Kommune, «politiet» eller en rolle i politirådet; flere skilles med «og»")
    frist: Dato | None = None
    effektindikator: Tekst | None = Field(None, description="Hvordan effekten måles")
    vedtatt: Vedtatt | None = Field(
        None, description="Møtet og saken som vedtok tiltaket (tomt: foreslått, ikke vedtatt ennå)"
    )
    offentlig_tekst: Tekst | None = Field(
        None,
        description="Tiltaket slik offentlige dokumenter viser det når saken som vedtok det, er unntatt "
        "offentlighet (uten den: bare id-en og «Tiltak vedtatt i sak unntatt offentlighet»)",
    )
    viderefort_fra: int | None = Field(None, description="Året tiltaket ble ført videre fra (samme id)")


class Plansak(Evalueringssak):
    """The saksframlegg that puts the plan before the council for adoption."""

    ingress: Tekst | None = Field(None, description="Standard: at forslaget legges fram til vedtak")
    vurdering: Langtekst | None = None


class Handlingsplan(Modell):
    """The council's action plan for a year: measures per priority area."""

    ar: int = Field(ge=2000, le=2100)
    dato: Dato | None = Field(
        None, description="Datoen planen gjengir status for (standard: siste møte med rapportering)"
    )
    innledning: Langtekst | None = None
    tiltak: list[Plantiltak] = Field(default_factory=list)
    saksframlegg: Plansak | None = None
