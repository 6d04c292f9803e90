"""`politidok new-region NAME`: a commented avtale.yaml to fill in, and the list of what is blank."""

from __future__ import annotations

from pathlib import Path

from politidok.core.errors import InputError, Problem
from politidok.load.yamlsource import format_loc, read

TEMPLATE = """\
# Samarbeidsavtale for politirådet i {title}.
# Fyll inn feltene som står tomme etter kolon (kommentaren etter # forklarer hva som skal stå der),
# og kjør  make check REGION={name}  – den viser alt som fortsatt mangler, med linjenummer.
# agreements/hallingdal/avtale.yaml er et fullstendig eksempel.

politirad:
  navn:             # f.eks. «Politirådet i {title}»
  region: {title}
  kontaktledd:      # kommunenes faste kontaktledd, f.eks. «kommunedirektørene og SLT-koordinatoren»
  sekretar: SLT-koordinator

regionrad:
  navn:             # f.eks. «Regionrådet for {title}» (slett hele gruppen hvis det ikke er et regionråd)

# Én «- navn:» per kommune. malform: bokmal, nynorsk eller noytral (kommunens vedtak etter språklova § 11)
kommuner:
  - navn:
    malform:

politi:
  distrikt:         # f.eks. «Innlandet politidistrikt»
  enheter:
    - navn:         # f.eks. «{title} politistasjonsdistrikt»
      leder: tjenesteenhetsleder

# deltakelse: fast (standard), tillegg eller ved_behov. kommune: alle gir én per kommune.
medlemmer:
  - tittel: Ordfører
    kommune: alle
    omtale: ordførere
  - tittel: Kommunedirektør
    kommune: alle
    omtale: kommunedirektører
  - tittel: SLT-koordinator
  - tittel: Tjenesteenhetsleder
  - tittel: Politikontakt

satsingsomrader:
  vedtatt:          # datoen politirådet ble enige om dem, ÅÅÅÅ-MM-DD
  omrader:
    - id:           # kort nøkkel som tiltak viser til, f.eks. ungdom
      tittel:
      beskrivelse:

moter:
  per_kommune: 1    # faste møter i året i hver kommune
  felles: 1         # felles møter i året for alle kommunene
  felles_sted:      # hvor fellesmøtet holdes, f.eks. «Regionrådet»

gyldighet:
  fra:              # ÅÅÅÅ-MM-DD; la stå tom hvis avtalen gjelder fra den er signert
  evaluering:       # hvor avtalen evalueres hvert år, f.eks. «fellesmøtet i regionrådet»

signering:
  dato:             # ÅÅÅÅ-MM-DD; la stå tom til datoen er kjent
  signatarer:
    - tittel: Tjenesteenhetsleder i politiet
      felt: tjenesteenhetsleder
    - tittel: Ordfører
      kommune:      # én slik signatar per kommune
"""


def blanks(path: Path, display: str) -> list[tuple[str, int]]:
    """(field, line) of every field left empty in a YAML file."""
    source, problems = read(path, display)
    if source is None:
        raise InputError(problems)
    found: list[tuple[str, int]] = []

    def walk(value, loc):
        if value is None:
            found.append((format_loc(loc), source.line_of(loc)))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    walk(source.data, ())
    return found


def new_region(agreements: Path, name: str) -> Path:
    if not name or not all(c.isalnum() or c == "-" for c in name) or name != name.lower():
        raise InputError([Problem(str(agreements / name), 1, "", "regionnavnet må bestå av små bokstaver, sifre og «-», "
                                                                 "f.eks. «valdres» eller «nord-gudbrandsdal»")])
    folder = agreements / name
    if folder.exists():
        raise InputError([Problem(str(folder), 1, "", "regionen finnes allerede")])
    folder.mkdir(parents=True)
    (folder / "moter").mkdir()
    title = " ".join(part.capitalize() for part in name.split("-"))
    path = folder / "avtale.yaml"
    path.write_text(TEMPLATE.format(name=name, title=title), encoding="utf-8")
    return path
