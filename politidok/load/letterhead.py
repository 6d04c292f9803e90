"""The data model of the letterhead and the saksgang: who sends a council's documents (secretariat,
address, logo) and which bodies treat a case. Optional fields of avtale.yaml, the cases and the
evaluation and plan files; models.py uses them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from politidok.core.errors import Problem
from politidok.load.values import Dato, Tekst
from politidok.load.yamlsource import Source, format_loc


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


def case_notes(cases: list[tuple[Source, tuple[str, ...], BaseModel, bool]]) -> list[Problem]:
    """Warnings (not errors) on a saksframlegg whose input lacks what its header shows: no date (the
    letterhead and the header are left without one) or no saksbehandler (the header has no such line).
    Each case: its file, where its fields are (() for a case file, ("saksframlegg",) in a plan or an
    evaluation), the model, and whether a missing date has a default (a plan's case: the plan's date)."""
    notes = []
    for source, at, case, dated in cases:
        missing = [
            (
                "dato",
                (
                    "saksframlegget har ingen dato: brevhodet og saksframlegget står uten dato. "
                    "Legg til «dato:» (ÅÅÅÅ-MM-DD), datoen saken legges fram."
                ),
            ),
            (
                "saksbehandler",
                (
                    "saksframlegget har ingen saksbehandler: hodet får ingen linje «Saksbehandler:». "
                    "Legg til «saksbehandler:» med rolle eller navn."
                ),
            ),
        ]
        for name, message in missing:
            if getattr(case, name, None) is None and not (name == "dato" and dated):
                notes.append(Problem(source.display, source.line_of(at), format_loc((*at, name)), message))
    return notes
