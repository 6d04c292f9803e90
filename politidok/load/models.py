"""The data model of a politiråd: what agreements/<region>/avtale.yaml holds.

Field names are the Norwegian domain words (transliterated: ø→o, å→a, æ→ae), as in the
documents and in Fiks Arkiv. Every model forbids unknown keys, so a typo is an error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from politidok.core.status import Status
from politidok.load.letterhead import Brevhode, Logo, Saksgang
from politidok.load.values import Dato, Kommunemalform, Langtekst, Malform, Statusverdi, Tekst

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=100)]


class Modell(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Sprakkode = Literal["nb", "nn", "se", "sma", "smj", "fkv"]


class Navn(Modell):
    """One official name in a language: nb/nn (Norwegian), se (nordsamisk), sma (sørsamisk), smj (lulesamisk), fkv (kvensk)."""

    navn: Tekst
    sprak: Sprakkode


class Kommune(Modell):
    navn: Tekst = Field(description="Det norske navnet (brukes som nøkkel i de andre filene)")
    malform: Kommunemalform = Field(description="Målformen kommunen har vedtatt (språklova § 11): nb, nn eller noytral")
    parallellnavn: Tekst | None = Field(None, description="Likestilt navn, f.eks. samisk (Røros: Rosse)")
    andre_navn: list[Navn] = Field(
        [],
        description="Offisielle navn på andre språk, i kommunens rekkefølge, "
        "f.eks. [{navn: Gáivuotna, sprak: se}, {navn: Kaivuono, sprak: fkv}]",
    )
    logo: Logo | None = Field(None, description="Kommunens logo i brevhodet på dokumentene fra kommunens møter")

    @property
    def alle_navn(self) -> list[str]:
        names = [self.navn] + ([self.parallellnavn] if self.parallellnavn else []) + [n.navn for n in self.andre_navn]
        return list(dict.fromkeys(names))

    @property
    def visningsnavn(self) -> str:
        return " / ".join(self.alle_navn)


class Klassifikasjon(Modell):
    system: Tekst = Field(description="Klassifikasjonssystemet, f.eks. «FE» (funksjon/emne) eller «ARKNØKKEL»")
    klasse: Tekst = Field(description="Klassen, f.eks. «X06» eller «026»")
    tittel: Tekst | None = None


class Arkiv(Modell):
    """Optional references into the municipality's record system (Noark 5)."""

    saksnummer: Annotated[str, StringConstraints(pattern=r"^\d{4}/\d+$", max_length=40)] | None = Field(
        None, description="Saken dokumentene skal arkiveres i, på formen ÅÅÅÅ/løpenummer, f.eks. «2024/1234»"
    )
    klassifikasjon: list[Klassifikasjon] = []
    arkivdel: Tekst | None = None
    var_referanse: Tekst | None = Field(None, description="«Vår referanse» i brevhodet, f.eks. «2024/1873-4»")
    deres_referanse: Tekst | None = Field(None, description="«Deres referanse» i brevhodet (mottakerens)")


Enhetsslag = Literal["politistasjonsdistrikt", "lensmannsdistrikt", "driftsenhet", "politidistrikt", "tjenesteenhet"]


class Politienhet(Modell):
    navn: Tekst = Field(description="F.eks. «Hallingdal politistasjonsdistrikt»")
    slag: Enhetsslag | None = Field(
        None,
        description="Hva slags enhet: politistasjonsdistrikt, lensmannsdistrikt, "
        "driftsenhet eller politidistrikt (standard: fra navnet)",
    )
    leder: Tekst = Field(description="Tittelen på lederen, f.eks. «tjenesteenhetsleder» eller «lensmann»")
    kommuner: list[Tekst] | None = Field(None, description="Kommunene enheten dekker (standard: alle)")


class Politi(Modell):
    distrikt: Tekst = Field(description="F.eks. «Sør-Øst politidistrikt»")
    enheter: list[Politienhet] = Field(min_length=1)


class Regionrad(Modell):
    navn: Tekst = Field(description="F.eks. «Regionrådet for Hallingdal»")


class Politirad(Modell):
    navn: Tekst = Field(description="F.eks. «Politirådet i Hallingdal»")
    sekretar: Tekst = Field("sekretæren", description="Hvem som tar imot forfall, f.eks. «SLT-koordinator»")
    noytral_malform: Malform = Field("nb", description="Målformen dokumenter til nøytrale kommuner skrives på")
    malform: Malform | None = Field(
        None,
        description="Målformen rådets egne dokumenter skrives på: samarbeidsavtalen, handlingsplanens og "
        "evalueringsrapportens saksframlegg, evalueringsrapporten og møteplanen (standard: nynorsk når alle "
        "kommunene har nynorsk, ellers bokmål)",
    )
    avtaleutgaver: list[Malform] | None = Field(
        None,
        description="Samarbeidsavtalen på disse målformene, f.eks. [nb, nn] for begge utgavene i et politiråd "
        "der kommunene har ulik målform (standard: bare politirådets målform)",
    )
    region: Tekst = Field(description="Regionens navn slik det står i teksten, f.eks. «Hallingdal»")
    kontaktledd: Tekst = Field(
        description="Kommunenes faste kontaktledd, f.eks. «kommunedirektørene og SLT-koordinatoren»"
    )
    koordinator: Literal["slt", "folkehelse", "ingen"] | None = Field(
        None,
        description="Kommunenes koordinator i politirådet: slt (SLT-koordinator), folkehelse "
        "(folkehelsekoordinator) eller ingen (standard: fra medlemslisten)",
    )
    andre_navn: list[Navn] = Field([], description="Politirådets navn på andre språk, f.eks. nordsamisk")
    formal: Langtekst | None = Field(
        None, description="Egen formålstekst i stedet for standardteksten (tom linje skiller avsnitt)"
    )
    hovedoppgaver: list[Tekst] | None = Field(None, description="Egne hovedoppgaver i stedet for standardlisten")


class Medlem(Modell):
    tittel: Tekst = Field(description="Rollen, f.eks. «Ordfører»")
    omtale: Tekst | None = Field(None, description="Slik rollen omtales i avtaleteksten, f.eks. «ordførere»")
    kommune: Tekst | None = Field(None, description="En kommune, eller «alle» for én per kommune")
    organisasjon: Tekst | None = None
    navn: Tekst | None = None
    deltakelse: Literal["fast", "tillegg", "ved_behov"] = "fast"


class Satsingsomrade(Modell):
    id: Id = Field(description="Kort nøkkel som tiltak viser til, f.eks. «ungdom»")
    tittel: Tekst
    beskrivelse: Langtekst = Field(description="Ett eller flere avsnitt; tom linje skiller avsnitt")


class Satsingsomrader(Modell):
    vedtatt: Dato | None = Field(None, description="Datoen politirådet vedtok områdene (valgfri)")
    videreforing: bool = Field(False, description="true når områdene videreføres fra forrige periode")
    periode: Tekst | None = None
    omrader: list[Satsingsomrade] = Field(min_length=1)


Preposisjon = Literal["i", "på"]


class Tjenestested(Modell):
    sted: Tekst
    preposisjon: Preposisjon = "i"
    merknad: Tekst | None = None


class Kontaktpunkt(Modell):
    sted: Tekst
    preposisjon: Preposisjon = "i"
    fra: Dato
    periode: Tekst | None = Field(None, description="F.eks. «gjennom vintersesongen»")


_KLOKKE = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _klokkeslett(value: str) -> str:
    """'8:00' / '08.00' -> '08.00' (Norwegian style)."""
    match = _KLOKKE.match(value)
    if not match:
        raise ValueError("må være et klokkeslett som «08:00»")
    return f"{int(match.group(1)):02d}.{match.group(2)}"


Klokkeslett = Annotated[str, AfterValidator(_klokkeslett)]


class Sentralbord(Modell):
    fra: Klokkeslett = Field(description="Klokkeslett, f.eks. «08:00»")
    til: Klokkeslett


class Tjenestetilbud(Modell):
    dekning: Tekst = Field(description="Enheten som dekker kommunene, f.eks. «Hallingdal politistasjonsdistrikt»")
    tjenestesteder: list[Tjenestested] = []
    kontaktpunkter: list[Kontaktpunkt] = []
    sentralbord: Sentralbord | None = None
    nettside: Tekst = "www.politiet.no"


class Moter(Modell):
    per_kommune: int = Field(0, ge=0, description="Faste møter i året i hver kommune")
    felles: int = Field(0, ge=0, description="Felles møter i året for alle kommunene")
    felles_sted: Tekst | None = Field(None, description="Hvor fellesmøtet holdes, f.eks. «Regionrådet»")
    ad_hoc: bool = False
    ved_behov: bool = Field(
        False, description="true når politirådet møtes ved behov i stedet for et fast antall ganger"
    )

    @model_validator(mode="after")
    def _minst_ett(self) -> Moter:
        if self.per_kommune + self.felles < 1 and not self.ved_behov:
            raise ValueError(
                "politirådet må ha minst ett møte i året (per_kommune eller felles), eller «ved_behov: true»"
            )
        return self


class Gyldighet(Modell):
    fra: Dato | None = Field(None, description="Uten dato gjelder avtalen fra den er signert")
    til: Dato | None = None
    evaluering: Tekst | None = Field(
        None, description="Hvor avtalen evalueres, f.eks. «politirådsmøtet på Hallingtinget»"
    )


class Signatar(Modell):
    tittel: Tekst = Field(description="F.eks. «Ordfører» eller «Tjenesteenhetsleder i politiet»")
    kommune: Tekst | None = None
    navn: Tekst | None = None
    felt: Id | None = Field(
        None, description="Navnet på signaturfeltet i PDF-en (standard: avledet av tittel og kommune)"
    )


class Signering(Modell):
    dato: Dato | None = Field(None, description="Uten dato får avtalen en tom datolinje")
    signatarer: list[Signatar] = Field(min_length=1)


class Avtale(Modell):
    """One politiråd and its samarbeidsavtale."""

    politirad: Politirad
    kommuner: list[Kommune] = Field(min_length=1)
    politi: Politi
    regionrad: Regionrad | None = None
    medlemmer: list[Medlem] = Field(min_length=1)
    satsingsomrader: Satsingsomrader | None = None
    tjenestetilbud: Tjenestetilbud | None = None
    moter: Moter
    gyldighet: Gyldighet
    signering: Signering
    arkiv: Arkiv | None = None
    brevhode: Brevhode | None = Field(None, description="Avsenderen i brevhodet: sekretariat, adresse og logo")

    def kommune(self, navn: str) -> Kommune | None:
        return next((k for k in self.kommuner if k.navn == navn), None)

    @property
    def dato(self) -> date | None:
        """The agreement's own date: signing, else start of validity."""
        return self.signering.dato or self.gyldighet.fra


class Blokk(Modell):
    """One block of a saksframlegg's Saksopplysninger: a paragraph or a quotation with its source."""

    avsnitt: Langtekst | None = None
    sitat: Langtekst | None = None
    kilde: Tekst | None = Field(
        None, description="Kildelinjen under sitatet, f.eks. «Trøndelag politidistrikt, 10.12.2018»"
    )

    @model_validator(mode="after")
    def _ett_slag(self) -> Blokk:
        if (self.avsnitt is None) == (self.sitat is None):
            raise ValueError("hver blokk må ha enten «avsnitt» eller «sitat»")
        if self.kilde and not self.sitat:
            raise ValueError("«kilde» hører til et «sitat»")
        return self


class Vedlegg(Modell):
    dokument: Id = Field(description="Dokumenttypen fra samme region som legges ved, f.eks. «samarbeidsavtale»")
    tittel: Tekst | None = Field(None, description="Tittel i vedleggslisten (standard: dokumentets tittel)")


class Sak(Modell):
    """A saksframlegg (case presentation) to a regional council or kommunestyre."""

    tittel: Tekst
    organ: Tekst = Field(description="Hvem saken legges fram for, f.eks. «Regionrådet Trøndelag Sør»")
    dato: Dato | None = None
    saksnummer: Tekst | None = None
    saksbehandler: Tekst | None = Field(None, description="Rolle eller navn")
    malform: Malform = Field(
        "nb",
        validation_alias=AliasChoices("malform", "sprak"),
        description="Målformen saksframlegget skrives på: nb eller nn («sprak» er det gamle navnet)",
    )
    ingress: Langtekst
    saksopplysninger: list[Blokk] = Field(min_length=1)
    vurdering: Langtekst
    tilradning_overskrift: Tekst = "Rådgivers tilrådning"
    tilradning: list[Tekst] = Field(min_length=1, description="Nummererte punkter")
    vedlegg: list[Vedlegg] = []
    arkiv: Arkiv | None = Field(None, description="Standard: avtalens arkivreferanser")
    saksgang: list[Saksgang] = Field(
        [], description="Organene som behandler saken, i rekkefølge (standard: «organ» med «saksnummer»)"
    )


# --- meetings (agreements/<region>/moter/*.yaml) -------------------------------------------

Saksnummer = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,5}/[0-9]{2}$")]


class Deltaker(Modell):
    tittel: Tekst = Field(description="Rollen, f.eks. «Ordfører»")
    kommune: Tekst | None = None
    organisasjon: Tekst | None = None
    navn: Tekst | None = None
    parti: Tekst | None = Field(None, description="Partiet til en folkevalgt, f.eks. «Sp» (vises i referatet)")
    delvis: Tekst | None = Field(None, description="Delvis til stede, f.eks. «sak 2/25»")


class Tiltak(Modell):
    tiltak: Tekst
    ansvarlig: Tekst | None = None
    frist: Dato | None = None
    satsingsomrade: Id | None = Field(None, description="id-en til et satsingsområde i avtale.yaml")
    status: Statusverdi = Status.IKKE_STARTET


TiltakId = Annotated[str, StringConstraints(pattern=r"^T-[0-9]{4}-[0-9]{2,3}$")]


class Rapportering(Modell):
    """What was reported on one measure of the action plan at a meeting."""

    tiltak: TiltakId = Field(description="Tiltakets id i handlingsplanen, f.eks. «T-2025-03»")
    status: Statusverdi
    kommentar: Tekst | None = Field(None, description="Kort kommentar, f.eks. «Første patrulje 14. juni»")
    gjennomfort: Dato | None = Field(
        None,
        description="Dagen tiltaket ble gjennomført, f.eks. «2025-04-22» (valgfritt, bare med status "
        "gjennomført): evalueringsrapporten vurderer fristen etter den",
    )

    @model_validator(mode="after")
    def _gjennomfort_krever_status(self) -> Rapportering:
        if self.gjennomfort is not None and self.status != Status.GJENNOMFORT:
            raise ValueError("«gjennomfort» (dagen tiltaket ble gjennomført) hører til status «gjennomført»")
        return self


class Motevedlegg(Modell):
    fil: Tekst | None = Field(None, description="PDF/A-fil, relativt til regionmappen")
    dokument: Id | None = Field(
        None, description="Dokumenttypen fra samme region som legges ved, f.eks. «samarbeidsavtale»"
    )
    tittel: Tekst | None = None

    @model_validator(mode="after")
    def _ett(self) -> Motevedlegg:
        if (self.fil is None) == (self.dokument is None):
            raise ValueError("hvert vedlegg må ha enten «fil» eller «dokument»")
        if self.fil and not self.tittel:
            raise ValueError("et vedlegg fra fil trenger «tittel»")
        return self


class Motesak(Modell):
    nummer: Saksnummer = Field(description="Saksnummer N/ÅÅ, fortløpende gjennom året i hvert politiråd")
    tittel: Tekst
    innleder: Tekst | None = Field(None, description="Hvem som legger fram saken")
    vedlegg: list[Motevedlegg] = []
    unntatt_offentlighet: Tekst | None = Field(None, description="Hjemmel, f.eks. «offl. § 13 jf. fvl. § 13»")
    offentlig_tittel: Tekst | None = Field(None, description="Nøytral tittel i den offentlige versjonen")
    referat: Langtekst | None = Field(None, description="Kort referat fra behandlingen")
    vedtak: Langtekst | None = None
    tiltak: list[Tiltak] = Field(
        [], description="Eldre form: tiltak skrevet i møtefilen (bruk handlingsplan/ og «rapportert»)"
    )
    rapportert: list[Rapportering] = Field(
        [], description="Status for tiltak i handlingsplanen, slik den ble rapportert i dette møtet"
    )


class Referat(Modell):
    referent: Tekst
    til_stede: list[Deltaker] = Field(min_length=1)
    forfall: list[Deltaker] = []
    neste_mote: Tekst | None = None


class Mote(Modell):
    """One council meeting: its invitation, and once held, its minutes."""

    kommune: Tekst | None = Field(None, description="Kommunens årlige møte (utelates for fellesmøtet)")
    felles: bool = Field(False, description="true for fellesmøtet for alle kommunene")
    dato: Dato
    fra: Klokkeslett | None = Field(None, description="Når møtet begynner (valgfritt til tiden er bestemt)")
    til: Klokkeslett | None = None
    sted: Tekst | None = Field(None, description="Hvor møtet holdes (valgfritt til stedet er bestemt)")
    sendt: Dato | None = Field(None, description="Datoen innkallingen sendes (dokumentets dato)")
    svarfrist: Dato | None = None
    praktisk: Langtekst | None = None
    saker: list[Motesak] = Field(min_length=1)
    referat: Referat | None = Field(None, description="Fylles ut når møtet er holdt")

    @model_validator(mode="after")
    def _hvilket_rad(self) -> Mote:
        if self.felles == (self.kommune is not None):
            raise ValueError("oppgi enten «kommune» (kommunens møte) eller «felles: true» (fellesmøtet)")
        if self.referat is not None and not self.sted:
            raise ValueError("et holdt møte (med «referat») må ha «sted»")
        if self.til and not self.fra:
            raise ValueError("«til» krever «fra»")
        return self

    @property
    def rad(self) -> str:
        """Which council's sequence of sak numbers this meeting belongs to."""
        if self.felles:
            return "felles"
        assert self.kommune is not None  # the validator above: a meeting not felles has a kommune
        return self.kommune
