"""`politidok new-region NAME`: a commented avtale.yaml to fill in, and the list of what is blank."""

from __future__ import annotations

from pathlib import Path

from politidok.core.errors import InputError, Problem
from politidok.core.layout import RegionLayout
from politidok.core.words import rolle
from politidok.load.yamlsource import format_loc, read

TEMPLATE = """\
# Samarbeidsavtale for politirådet i {title}.
# Fyll inn feltene som står tomme etter kolon (kommentaren etter # forklarer hva som skal stå der),
# og kjør  politidok sjekk {name}  (eller make check REGION={name}) – den viser alt som fortsatt mangler.
# agreements/hallingdal/avtale.yaml er et fullstendig eksempel.

politirad:
  navn:             # f.eks. «Politirådet i {title}»
  region: {title}
  kontaktledd:      # kommunenes faste kontaktledd, f.eks. «kommunedirektørene og SLT-koordinatoren»
  sekretar: SLT-koordinator

regionrad:
  navn:             # f.eks. «Regionrådet for {title}» (slett hele gruppen hvis det ikke er et regionråd)

# Én «- navn:» per kommune. malform: nb (bokmål), nn (nynorsk) eller noytral (kommunens vedtak etter språklova § 11)
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
  vedtatt:          # datoen politirådet vedtok dem, ÅÅÅÅ-MM-DD
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


def _free_folder(agreements: Path, name: str) -> Path:
    """agreements/NAME for a new region: a valid name, not taken yet."""
    if not name or not all(c.isalnum() or c == "-" for c in name) or name != name.lower():
        raise InputError(
            [
                Problem(
                    str(agreements / name),
                    1,
                    "",
                    "regionnavnet må bestå av små bokstaver, sifre og «-», f.eks. «valdres» eller «nord-gudbrandsdal»",
                )
            ]
        )
    folder = agreements / name
    if folder.exists():
        raise InputError([Problem(str(folder), 1, "", "regionen finnes allerede")])
    return folder


def new_region(agreements: Path, name: str) -> Path:
    folder = _free_folder(agreements, name)
    folder.mkdir(parents=True)
    layout = RegionLayout(folder)
    layout.meetings.mkdir()
    title = " ".join(part.capitalize() for part in name.split("-"))
    path = layout.agreement
    path.write_text(TEMPLATE.format(name=name, title=title), encoding="utf-8")
    return path


# --- a region from facts given on the command line (issue 14) ---------------------------------------

SPRAKKODER = ("nb", "nn", "se", "sma", "smj", "fkv")
MALFORMER = {"nb": "nb", "bokmal": "nb", "bokmål": "nb", "nn": "nn", "nynorsk": "nn", "noytral": "noytral"}
ENHETSSLAG = ("politistasjonsdistrikt", "lensmannsdistrikt", "driftsenhet", "politidistrikt")
LEDER = {
    "politistasjonsdistrikt": "stasjonssjef",
    "lensmannsdistrikt": "lensmann",
    "driftsenhet": "driftsenhetsleder",
    "politidistrikt": "politimester",
}


def _kommune(spec: str, where: str) -> dict:
    """'Kåfjord=Gáivuotna:se,Kaivuono:fkv@noytral' -> a kommuner entry (målform after @, other names after =)."""
    spec, _, malform = spec.partition("@")
    navn, _, andre = spec.partition("=")
    chosen = malform.strip().lower() or "noytral"
    if chosen not in MALFORMER:
        raise InputError([Problem(where, 1, "--kommune", f"ukjent målform «{chosen}» (nb, nn eller noytral)")])
    entry: dict = {"navn": navn.strip(), "malform": MALFORMER[chosen]}
    names = []
    for part in filter(None, (p.strip() for p in andre.split(","))):
        name, _, code = part.rpartition(":")
        if not name or code not in SPRAKKODER:
            raise InputError(
                [
                    Problem(
                        where,
                        1,
                        "--kommune",
                        f"«{part}»: skriv navn:språkkode, f.eks. Gáivuotna:se ({', '.join(SPRAKKODER)})",
                    )
                ]
            )
        names.append({"navn": name, "sprak": code})
    if names:
        entry["andre_navn"] = names
    return entry


def region_from_facts(
    name: str,
    title: str,
    kommuner: list[str],
    distrikt: str,
    enhet: str,
    slag: str | None,
    leder: str | None,
    signatar: str | None,
    koordinator: str,
    regionrad: str | None,
    per_kommune: int,
    felles: int,
    ved_behov: bool,
    where: str,
) -> dict:
    """The avtale.yaml data for the facts given; every required field filled, so it builds at once."""
    entries = [_kommune(k, where) for k in kommuner]
    # a council whose every municipality writes nynorsk gets its YAML in nynorsk (core.words)
    malform = "nn" if entries and all(e["malform"] == "nn" for e in entries) else "nb"
    kind = slag or next((k for k in ENHETSSLAG if k in enhet.lower()), None)
    leader = rolle(leder or LEDER.get(kind or "", "tjenesteenhetsleder"), malform)
    en = len(entries) == 1
    coordinator = {"slt": "SLT-koordinator", "folkehelse": "folkehelsekoordinator"}.get(koordinator)
    mayor = rolle("Ordfører", malform)
    medlemmer: list[dict] = [
        {"tittel": mayor, "kommune": "alle", "omtale": rolle("ordføreren" if en else "ordførerne", malform)},
        {
            "tittel": "Kommunedirektør",
            "kommune": "alle",
            "omtale": rolle("kommunedirektøren" if en else "kommunedirektørene", malform),
        },
    ]
    if coordinator:
        medlemmer.append(
            {"tittel": coordinator[:1].upper() + coordinator[1:], **({"organisasjon": regionrad} if regionrad else {})}
        )
    medlemmer += [
        {
            "tittel": leader[:1].upper() + leader[1:],
            "organisasjon": enhet,
            "omtale": f"{leader}en" if not leader.endswith("en") else leader,
        },
        {"tittel": "Politikontakt", "organisasjon": enhet, "omtale": "politikontakten"},
    ]
    kontakt = rolle("kommunedirektøren" if en else "kommunedirektørene", malform) + (
        f" og {coordinator}en" if coordinator else ""
    )
    moter: dict = {}
    if per_kommune:
        moter["per_kommune"] = per_kommune
    if felles:
        moter["felles"] = felles
        if not regionrad:
            moter["felles_sted"] = f"fellesmøtet i {title}"
    if ved_behov or not (per_kommune or felles):
        moter["ved_behov"] = True
    data: dict = {
        "politirad": {
            "navn": f"Politirådet i {title}",
            "region": title,
            "kontaktledd": kontakt,
            "sekretar": coordinator or "kommunedirektøren",
            "koordinator": koordinator,
            **({"malform": "nn"} if malform == "nn" else {}),
        },
    }
    if regionrad:
        data["regionrad"] = {"navn": regionrad}
    data["kommuner"] = entries
    enhet_entry = {"navn": enhet, "leder": leader}
    if slag:
        enhet_entry["slag"] = slag
    data["politi"] = {"distrikt": distrikt, "enheter": [enhet_entry]}
    data["medlemmer"] = medlemmer
    data["moter"] = moter
    data["gyldighet"] = {}
    data["signering"] = {
        "signatarer": [{"tittel": signatar or f"{leader[:1].upper() + leader[1:]} i {enhet}", "felt": "politiet"}]
        + [{"tittel": mayor, "kommune": e["navn"]} for e in entries]
    }
    return data


FACTS_HEADER_NN = """\
# Samarbeidsavtale for {navn}, laga med «politidok ny-region» frå fakta på kommandolinja.
# Avtalen kan byggjast med ein gong (make agreement REGION={name}). Legg til det de har vedteke:
#   satsingsomrader (med eller utan vedtaksdato), tjenestetilbud, gyldighet.fra/til/evaluering,
#   signering.dato og namn på signatarane. agreements/hallingdal/avtale.yaml er eit fullstendig døme.
"""
FACTS_HEADER = """\
# Samarbeidsavtale for {navn}, laget med «politidok ny-region» fra faktaene på kommandolinjen.
# Avtalen kan bygges med en gang (politidok bygg {name}). Legg til det dere har vedtatt:
#   satsingsomrader (med eller uten vedtaksdato), tjenestetilbud, gyldighet.fra/til/evaluering,
#   signering.dato og navn på signatarene. agreements/hallingdal/avtale.yaml er et fullstendig eksempel.
"""


def new_region_from_facts(agreements: Path, name: str, **facts) -> Path:
    import yaml

    folder = _free_folder(agreements, name)
    kommuner = facts.get("kommuner") or []
    single = kommuner[0].partition("=")[0].partition("@")[0].strip() if len(kommuner) == 1 else None
    title = facts.pop("title", None) or single or " ".join(part.capitalize() for part in name.split("-"))
    layout = RegionLayout(folder)
    data = region_from_facts(name, title, where=str(layout.agreement), **facts)
    folder.mkdir(parents=True)
    layout.meetings.mkdir()
    path = layout.agreement
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    header = FACTS_HEADER_NN if data["politirad"].get("malform") == "nn" else FACTS_HEADER
    path.write_text(header.format(navn=data["politirad"]["navn"], name=name) + "\n" + body, encoding="utf-8")
    return path
