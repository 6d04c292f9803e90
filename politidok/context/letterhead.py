"""The letterhead every document has (`brevhode` in every template): the sender, the document's date
and its archive references, and a logo.

One function for every kind: the registry's planner merges it into each document's context
(documents.Planner.add), and the variable catalogue into each kind's sample. The sender is the
council and its secretariat (avtale.yaml `brevhode:`); the date is the document's own; the
references are those the input gives (the agreement's or the case's `arkiv:`): arkivsak
(saksnummer), vår and deres referanse, arkivkode (the classes). A municipality's own logo is used
on the documents of its meetings, else the council's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from politidok.core.picture import Picture
from politidok.load.models import Arkiv, Avtale

DEFAULT_SECRETARY = "sekretæren"  # load.models.Politirad.sekretar's default: no secretariat named


def arkivkode(arkiv: Arkiv | None) -> str:
    """The classes of a document, as case systems print them: «FE-X06, FA-H12»."""
    if arkiv is None:
        return ""
    return ", ".join(f"{k.system}-{k.klasse}" for k in arkiv.klassifikasjon)


def letterhead(
    avtale: Avtale,
    day: date | None,
    arkiv: Arkiv | None,
    folder: Path | None = None,
    kommune: str | None = None,
) -> dict:
    """{"brevhode": …}: the letterhead of a document of `avtale`'s council dated `day`, with the references
    of `arkiv`; the logo of `kommune` (or the council's) as a picture from the region's `folder`."""
    head = avtale.brevhode
    secretary = avtale.politirad.sekretar
    own = avtale.kommune(kommune) if kommune else None
    logo = (own.logo if own is not None and own.logo else None) or (head.logo if head else None)
    return {
        "brevhode": {
            "avsender": avtale.politirad.navn,
            "sekretariat": (head.sekretariat if head and head.sekretariat else "")
            or (f"Sekretær: {secretary}" if secretary and secretary != DEFAULT_SECRETARY else ""),
            "adresse": (head.adresse or "") if head else "",
            "telefon": (head.telefon or "") if head else "",
            "e_post": (head.e_post or "") if head else "",
            "dato": day.strftime("%d.%m.%Y") if day else "",
            "arkivsak": (arkiv.saksnummer or "") if arkiv else "",
            "var_referanse": (arkiv.var_referanse or "") if arkiv else "",
            "deres_referanse": (arkiv.deres_referanse or "") if arkiv else "",
            "arkivkode": arkivkode(arkiv),
            "logo": Picture((folder or Path()) / logo.fil, logo.alt, logo.bredde_mm) if logo else "",
        }
    }
