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

Mangler en tekst på den målformen et dokument trenger, bruker politidok den andre og `make check` sier fra
med fil, linje og felt («teksten finnes bare på bokmål …»). En ukjent nøkkel (annet enn `nb` og `nn`) er en feil.

**Et politiråd der alle skriver nynorsk** skriver YAML-filene på nynorsk og får alle dokumentene på nynorsk.
`politidok ny-region NAVN --kommune "Ørsta@nn" --kommune "Volda@nn" …` lager en avtale.yaml med nynorske titler,
og `make next-year` skriver neste års filer på nynorsk. agreements/sogn er et eksempel.

**Samiske og kvenske navn** (`andre_navn`, `parallellnavn`) står på sitt eget språk i PDF-en, så skjermlesere
uttaler dem riktig.
"""
