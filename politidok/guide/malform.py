"""The secretaries' guide on målform: nynorsk and mixed councils (docs/maler.md)."""

MALFORM = """
## Bokmål, nynorsk og blandede politiråd

Etter språklova skriver politiet til en kommune på den målformen kommunen har vedtatt (§ 11 og § 15).
politidok gjør det samme med hvert dokument:

- **Kommunens målform** står i `avtale.yaml`: `malform: nb` (bokmål), `nn` (nynorsk) eller `noytral`
  (kommunen har ikke vedtatt målform). `bokmal` og `nynorsk` går også. En nøytral kommune får dokumentene på
  `politirad.noytral_malform` (standard: nb).
- **Politirådets egne dokumenter** — samarbeidsavtalen, handlingsplanen med saksframlegg, evalueringsrapporten
  med saksframlegg og møteplanen — skrives på `politirad.malform` når den er satt, ellers på nynorsk når alle
  kommunene har nynorsk, ellers på bokmål.
- **Møtedokumentene** følger mottakerne: innkallingen og referatet til Gols møte på Gols målform, og
  fellesmøtet i hver målform kommunene har (filene får da `-nb` og `-nn` i navnet).
- **Et saksframlegg** i `saker/` skrives på `malform:` i saksfilen (standard nb).

**Faste ord.** Det politidok skriver selv — statuser («ikkje starta», «vidareført»), titler som «Ordførar» og
«Tenesteeiningsleiar», enhetsnavn i flertall («lensmannsdistrikta»), «Unnateke offentlegheit», datoer og
ukedager — kommer på dokumentets målform. I YAML-filene kan du skrive status og titler på den målformen du selv
bruker: «ikkje starta» og «ikke startet» er samme status, og «Ordførar» blir «Ordfører» i et bokmålsdokument.
Teksten i malene skriver du selv: `templates/nb/` er bokmål og `templates/nn/` nynorsk.

**Fritekst på to målformer.** Tekst dere skriver i YAML-filene (titler, vedtak, beskrivelser, referater) brukes
som den er skrevet. Et blandet politiråd kan skrive en tekst på begge målformer, så får hvert dokument sin:

```yaml
satsingsomrader:
  omrader:
    - id: ungdom
      tittel:
        nb: Ungdom og rus
        nn: Ungdom og rus
      beskrivelse:
        nb: Kommunene og politiet samarbeider om tiltak for ungdom.
        nn: Kommunane og politiet samarbeider om tiltak for ungdom.
```

Mangler en tekst på den målformen et dokument trenger, bruker politidok den andre. `make check` sier fra om
hver slik tekst, én linje per felt med fil, linje, felt og dokumentene det gjelder:

- en tekst med bare én av nøklene (`nb:` eller `nn:`) som står i et dokument på den andre målformen
  («teksten finnes bare på bokmål; dokumentene på nynorsk (handlingsplan-2025-nn) får den på bokmål …»);
- en fritekst skrevet én gang, uten `nb:`/`nn:`, som står i dokumenter på begge målformer (fellesmøtet, en
  handlingsplan som lages på begge), eller bare på den andre målformen enn politirådets (i `saker/`: sakens
  `malform`). politidok går ut fra at en slik tekst er skrevet på politirådets målform; er den skrevet på
  den andre, merk den med den nøkkelen (`nn: …`), eller skriv den på begge.

Fritekst er titler på saker og satsingsområder, referater, vedtak, tiltak, effektindikatorer, kommentarer,
beskrivelser og praktisk informasjon. Navn, steder, rolletitler (dem skriver politidok selv på dokumentets
målform) og titlene på vedlegg (som står slik dokumentet heter) sjekkes ikke. En ukjent nøkkel (annet enn
`nb` og `nn`) er en feil, og en feil i teksten på den ene målformen meldes på sin egen linje (`tittel.nn`).

**Et politiråd der alle skriver nynorsk** skriver YAML-filene på nynorsk og får alle dokumentene på nynorsk.
`politidok ny-region NAVN --kommune "Ørsta@nn" --kommune "Volda@nn" …` lager en avtale.yaml med nynorske titler,
og `make next-year` skriver neste års filer på nynorsk. agreements/sogn er et eksempel.

**Samiske og kvenske navn** (`andre_navn`, `parallellnavn`) står på sitt eget språk i PDF-en, så skjermlesere
uttaler dem riktig.
"""
