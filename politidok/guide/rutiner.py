"""The secretaries' routines beside the templates: the action plan and the archive ledger (docs/maler.md)."""

ROUTINES = """
## Handlingsplanen: tiltak og status

Politirådets tiltak står i handlingsplanen for året, `agreements/REGION/handlingsplan/ÅR.yaml`, ikke i
møtefilene. Hvert tiltak har en fast id som aldri endres og aldri brukes på nytt. Status skrives ikke i planen:
den rapporteres i møtet der den ble lagt fram. Da viser referatet fra hvert møte planen slik den sto i det
møtet, og et nytt møte endrer aldri et gammelt referat.

**Legge til et tiltak.** Skriv det i planfilen med neste ledige id for året:

```yaml
tiltak:
  - id: T-2026-03                 # år og løpenummer; endres aldri og brukes aldri på nytt
    satsingsomrade: ungdom        # id-en til et satsingsområde i avtale.yaml
    tiltak: Nattevandring i sentrum i helgene
    ansvarlig: Kommunedirektør i Gol og politiet   # kommune, «politiet» eller en rolle i politirådet
    frist: 2026-09-30             # valgfri
    effektindikator: Meldinger om uro i sentrum på lørdagskveldene   # valgfri
    vedtatt: {mote: 2026-02-09-gol, sak: 3/26}     # møtefilen og saken som vedtok tiltaket
```

Uten `vedtatt` står tiltaket som *foreslått*, f.eks. i en plan som legges fram til vedtak: med
`saksframlegg:` i planfilen lager politidok et saksframlegg og en pakke med planen som vedlegg. Referatet fra
møtet som vedtok et tiltak, viser det som «nytt tiltak».

**Rapportere status.** I møtefilen for møtet der statusen ble lagt fram, under saken den hørte til:

```yaml
  - nummer: 4/26
    tittel: Oppfølging av handlingsplanen
    rapportert:
      - tiltak: T-2026-03
        status: pågår             # ikke startet, pågår, gjennomført, utgått eller videreført
        kommentar: Første helg er gjennomført.
```

Endre aldri statusen i et tidligere møtes fil: det referatet er kanskje arkivert, og en ny status hører til
møtet der den ble rapportert. `make check` sier fra om ukjente og doble id-er, tiltak utenfor satsingsområdene,
en ansvarlig som ikke er med i politirådet, og status rapportert før tiltaket ble vedtatt.

**Ved årets slutt.** Evalueringsrapporten viser for hvert tiltak statusen gjennom året (møtene der den ble
rapportert), statusen ved årets slutt, om fristen ble holdt og effekten (`effekter:` i `evaluering/ÅR.yaml`,
med tiltakets id), og lister tiltak som aldri ble rapportert. `make next-year REGION=… YEAR=…` fører tiltakene
som ikke er gjennomført, videre til `handlingsplan/ÅR+1.yaml` med samme id (`viderefort_fra`); sett ny frist.
En plan for neste år som du alt har begynt på, endres ikke (uten `--force`).

## Arkivere, og rette et arkivert dokument

Når dokumentene er levert til sak/arkiv-systemet, før dem inn i arkivlisten og legg den i versjonskontrollen:

```sh
.venv/bin/politidok arkiver hallingdal referat-2025-02-10-gol   # uten dokumentnavn: alle i output/hallingdal/
git add agreements/hallingdal/arkivert.yaml && git commit -m "Arkivert referatet fra Gol"
```

`agreements/REGION/arkivert.yaml` holder filnavn, SHA-256 og dato for hvert arkiverte dokument. Fra da av
skriver ingen bygging andre bytes under et arkivert navn: endres en mal eller politidok, står arkiverte
dokumenter urørt. Endrer du inndata et arkivert dokument er laget av, stopper byggingen (kode 2):

```
agreements/hallingdal/moter/2025-02-10-gol.yaml:1: referat-2025-02-10-gol er arkivert 2025-02-20 og kan ikke
endres, men moter/2025-02-10-gol.yaml er endret siden. Sett endringen tilbake, eller lag en rettet versjon:
politidok build hallingdal --ny-versjon referat-2025-02-10-gol
```

Sett endringen tilbake, eller lag en rettet versjon med `--ny-versjon`. Den får eget navn
(`referat-2025-02-10-gol-v2.pdf`) og en arkivmelding med en merknad og en kryssreferanse til originalen, som
står urørt i output/ og i arkivet; arkivlisten noterer hvilken versjon som erstatter den. Arkiver den rettede
versjonen med `politidok arkiver` når den er levert.

`politidok verify --region hallingdal` kontrollerer at de arkiverte filene i output/ er de arkiverte. Mangler en
arkivert fil i output/, lager byggingen den bare når resultatet blir byte for byte det arkiverte; ellers sier
den fra, og du henter filen fra arkivet.

Arkivlisten skrives bare av politidok. Er den ødelagt (redigert for hånd, en syntaksfeil, en SHA-256 som ikke
stemmer med filen i output/), stopper byggingen med linjen i arkivlisten og sletter ingenting: hent
arkivlisten fra versjonskontrollen (`git checkout -- agreements/REGION/arkivert.yaml`), eller legg den
arkiverte filen tilbake i output/. `politidok arkiver` og `build --ny-versjon` skriver arkivlisten én om
gangen; kjører den andre alt, stopper den nye og ber deg vente.
"""
