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
`saksframlegg:` i planfilen lager politidok et saksframlegg og en pakke med planen som vedlegg. Har
saksframlegget en annen dato enn planen, legges planen ved som «Forslag til handlingsplan ÅR» slik den var den
dagen: med tiltakene saken vedtar (saken med saksframleggets `saksnummer`) som foreslått, men uten tiltak som ble
vedtatt senere i andre saker. Referatet fra
møtet som vedtok et tiltak, viser det som «nytt tiltak».

**Et tiltak vedtatt i en sak unntatt offentlighet** står i sin helhet bare i det interne referatet. Planen og de
offentlige referatene viser id-en og «Tiltak vedtatt i sak unntatt offentlighet», og evalueringsrapporten tar det
ikke med (den sier hvor mange tiltak det gjelder). Kan tiltaket omtales offentlig, gi det en offentlig ordlyd;
da vises den med ansvarlig og frist, men aldri `tiltak` eller `effektindikator`:

```yaml
  - id: T-2026-04
    tiltak: Oppfølgingssamtaler med ungdommene ved stasjonen   # bare i det interne referatet
    offentlig_tekst: Oppfølging av ungdom i sentrum            # i planen, rapporten og offentlige referater
    vedtatt: {mote: 2026-03-10-al, sak: 3/26}                   # saken er unntatt offentlighet
```

`make check` advarer om et slikt tiltak uten `offentlig_tekst`.

**Rapportere status.** I møtefilen for møtet der statusen ble lagt fram, under saken den hørte til:

```yaml
  - nummer: 4/26
    tittel: Oppfølging av handlingsplanen
    rapportert:
      - tiltak: T-2026-03
        status: pågår             # ikke startet, pågår, gjennomført, utgått eller videreført
        kommentar: Første helg er gjennomført.
      - tiltak: T-2026-01
        status: gjennomført
        gjennomfort: 2026-04-22   # valgfri: dagen tiltaket ble gjennomført
        kommentar: Brevet ble sendt til alle foresatte 22. april.
```

Evalueringsrapporten sier om fristen ble overholdt. Den vurderer bare det møtefilene sier: et tiltak som er
rapportert gjennomført i et møte før fristen, har overholdt den; et tiltak som er rapportert gjennomført etter
fristen, står som «rapportert gjennomført i møtet DATO» uten vurdering, for det kan godt være gjort i tide. Skriv
derfor dagen det ble gjennomført i `gjennomfort` når du vet den: da står det «overholdt», eller «etter fristen»
når dagen er etter fristen. `gjennomfort` hører bare til status gjennomført og kan ikke være etter møtet.

Endre aldri statusen i et tidligere møtes fil: det referatet er kanskje arkivert, og en ny status hører til
møtet der den ble rapportert. `make check` sier fra om ukjente og doble id-er, tiltak utenfor satsingsområdene,
en ansvarlig som ikke er med i politirådet, status rapportert før tiltaket ble vedtatt, og en dag i
`gjennomfort` som er etter møtet eller hører til en annen status enn gjennomført.

**Ved årets slutt.** Evalueringsrapporten viser for hvert tiltak statusen gjennom året (møtene der den ble
rapportert), statusen ved årets slutt, om fristen ble overholdt og effekten (`effekter:` i `evaluering/ÅR.yaml`,
med tiltakets id), og lister tiltak som aldri ble rapportert. `make next-year REGION=… YEAR=…` fører de
vedtatte tiltakene som ikke er gjennomført, videre til `handlingsplan/ÅR+1.yaml` med samme id
(`viderefort_fra`), og sier hvilke det er; et forslag som aldri ble vedtatt, føres ikke videre. En frist som er
passert før det nye året, skrives som en kommentar (`frist:   # var 2025-12-31, som er passert: sett ny
frist`), og kommandoen sier på hvilken linje; en frist før planåret stopper `make check`. En plan for neste år
som du alt har begynt på, endres ikke (uten `--overskriv`). Evalueringen for det nye året står uferdig til
`utfordringer` og `egenevaluering` er fylt ut: `make all` og `make report` hopper over den så lenge.

## Sendt og arkivert: dokumenter som er gått ut, endres aldri

Et dokument er gått ut når det er arkivert, eller – for en innkalling og møtepakken – når møtefilen sier
`sendt: DATO` og dagen er kommet. Før dokumentene inn i arkivlisten når de er levert til sak/arkiv-systemet,
og legg arkivlisten og mappen `arkivert/` i versjonskontrollen:

```sh
.venv/bin/politidok arkiver hallingdal referat-2025-02-10-gol   # uten dokumentnavn: alle i output/hallingdal/
git add agreements/hallingdal/arkivert.yaml agreements/hallingdal/arkivert && git commit -m "Arkivert referatet fra Gol"
```

En innkalling med `sendt:` fører byggingen inn selv når dagen er kommet, og innkallingen har den datoen i brevhodet fra
første bygging (den endres ikke når dagen kommer). Uten `sendt:` er innkallingen et utkast så lenge møtet
ikke har referat: brevhodet sier «Utkast» der datoen ellers står, den føres aldri inn, og arkivmeldingen sier at
den er under redigering (dokumentstatus B, journalstatus R), ikke ferdig. Har møtet referat, ble innkallingen
sendt en dag inndataene ikke sier: den er ferdig, men uten dato. `agreements/REGION/arkivert.yaml` har ett avsnitt per
dokument: filene med SHA-256, datoen det ble sendt eller arkivert, og hvilke filer og felt det er laget av
(`kilder`); `arkivert/` har YAML-filene slik de var. Fra da av skriver ingen bygging andre bytes under det
navnet: endres en mal eller politidok, står dokumentet urørt.

En endring dokumentet ikke viser, går rett gjennom: en arkivreferanse (`arkiv:`), et nytt medlem som ikke står
i det, en skrivefeil i et senere møte, et referat som skrives i møtefilen etter at innkallingen er sendt. En
endring det viser, stopper byggingen (kode 2), bare for det dokumentet, med fil, linje, felt, gammel og ny
verdi og en kommando som virker:

```
agreements/hallingdal/moter/2025-02-10-gol.yaml:14: saker[1].vedtak: referat-2025-02-10-gol er arkivert
2025-02-20 og kan ikke endres: «Innkalling og saksliste er godkjent.» → «Innkalling og saksliste er godkjent
med ei endring.». Sett endringen tilbake, eller lag en rettet versjon: politidok bygg hallingdal --ny-versjon
referat-2025-02-10-gol
```

Sett endringen tilbake, eller lag en rettet versjon med `--ny-versjon`. Den får eget navn
(`referat-2025-02-10-gol-v2.pdf`) og en arkivmelding med en merknad og en kryssreferanse til originalen, som
står urørt i output/ og i arkivet; arkivlisten noterer hvilken versjon som erstatter den. Én `--ny-versjon`
tar med det som hører til: den offentlige versjonen av referatet, den andre målformen, pakken dokumentet
ligger i. Arkiver den rettede versjonen med `politidok arkiver` når den er levert.

En rettet innkalling heter «Rettet innkalling» («Retta innkalling» på nynorsk), sier når den første ble sendt
og hva som er endret (ny tid, nytt sted, ny tittel på en sak …, aldri det som er unntatt offentlighet), og
regnes som sendt den dagen den lages.

`politidok status hallingdal` viser hva som er bygget og oppdatert, hva som er endret siden, hva som er sendt
og arkivert, hva som stopper neste bygging og hvorfor, og hva `next-year` vil føre videre.
`politidok kontroller --region hallingdal` kontrollerer at de sendte og arkiverte filene i output/ er som de gikk
ut. Mangler en slik fil i output/, lager byggingen den bare når resultatet blir byte for byte det samme;
ellers sier den fra, og du henter filen fra arkivet.

**Signert avtale.** Er avtalen signert i output/ (`samarbeidsavtale.pdf` med signaturer), flytter byggingen den
til `samarbeidsavtale-signert.pdf` og lager den usignerte på nytt; ingen bygging skriver over en signert fil.
`politidok arkiver hallingdal samarbeidsavtale` fører da den signerte filen inn i arkivlisten ved siden av den
usignerte (`signert:`), også når originalen er arkivert før. Den signerte filen må være originalen med
signaturene lagt til (slik `politidok signer` gjør det), og hver signatur må holde (`politidok kontroller`).

Arkivlisten skrives bare av politidok. Er den ødelagt (redigert for hånd, en syntaksfeil, en SHA-256 som ikke
stemmer med filen i output/), stopper byggingen med linjen i arkivlisten og sletter ingenting: hent
arkivlisten fra versjonskontrollen (`git checkout -- agreements/REGION/arkivert.yaml`), eller legg den
arkiverte filen tilbake i output/. `politidok arkiver` og `build --ny-versjon` skriver arkivlisten én om
gangen; kjører den andre alt, stopper den nye og ber deg vente.
"""
