"""The data model of the letterhead and the saksgang: who sends a council's documents (secretariat,
address, logo) and which bodies treat a case. Optional fields of avtale.yaml, the cases and the
evaluation and plan files; models.py uses them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from politidok.load.values import Dato, Tekst


class _Modell(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Logo(_Modell):
    """A logo in the letterhead: an image file in the region's folder."""

    fil: Tekst = Field(description="Bildefil (PNG eller JPEG) i regionmappen, f.eks. «logo.png»")
    alt: Tekst = Field(description="Alternativ tekst for skjermlesere, f.eks. «Kommunevåpenet til Gol»")
    bredde_mm: float = Field(25, ge=8, le=60, description="Bredden i brevhodet i millimeter (standard 25)")


class Brevhode(_Modell):
    """The sender in the letterhead of every document: the council and its secretariat."""

    sekretariat: Tekst | None = Field(
        None, description="Sekretariatet, f.eks. «SLT-koordinator, Regionrådet for Hallingdal»"
    )
    adresse: Tekst | None = Field(None, description="Postadressen, f.eks. «Postboks 1, 3570 Ål»")
    telefon: Tekst | None = None
    e_post: Tekst | None = Field(None, description="E-postadressen til sekretariatet")
    logo: Logo | None = Field(None, description="Politirådets logo (en kommunes egen logo står under kommunen)")


class Saksgang(_Modell):
    """One body that treats a case, as the saksgang table of a saksframlegg lists it."""

    utvalg: Tekst = Field(description="Organet, f.eks. «Formannskapet» eller «Regionrådet Trøndelag Sør»")
    motedato: Dato | None = Field(None, description="Møtedatoen (valgfri til møtet er satt)")
    saksnummer: Tekst | None = Field(None, description="Saksnummeret i organet, f.eks. «12/19»")
