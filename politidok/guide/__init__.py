"""docs/maler.md: the guide for secretaries, with the variable lists generated from the data model."""

from __future__ import annotations

from pathlib import Path

from politidok import documents
from politidok.documents.catalogue import catalogue
from politidok.guide.malform import MALFORM
from politidok.guide.rutiner import ROUTINES

INTRO = """# Maler for politidok – veiledning for sekretærer

Malene i `templates/` er vanlige Word-filer. De er dine: endre ordlyden i Word som i et hvilket som helst
dokument. `templates/nb/` er bokmål og `templates/nn/` nynorsk; endrer du en formulering i den ene, endre den
samme i den andre.

## Slik endrer du teksten

- Skriv, stryk og flytt tekst som vanlig. Bruk Words innebygde stiler (Tittel, Overskrift 1 og 2,
  Punktliste, Nummerert liste, Sitat, Normal) – da blir overskriftene bokmerker i PDF-en.
- Hold deg til fonten Calibri (eller Carlito, Liberation). Fonter uten en fri erstatning, som **Aptos**,
  blir byttet ut når PDF-en lages, og teksten flyter annerledes.
- Felt i doble krøllparenteser, `{{ politirad.navn }}`, fylles fra YAML-filene. Listene under viser hvilke felt
  hver mal kan bruke. Punktum viser vei inn i en gruppe: `{{ mote.dato }}` er datoen i gruppen `mote`.

## Gjentakelser og vilkår

- `{%p for avsnitt in sak.vurdering %}` … `{%p endfor %}` gjentar avsnittene mellom dem, én gang per element.
  Taggene med `p` skal stå alene i hvert sitt avsnitt; avsnittet de står i forsvinner i det ferdige dokumentet.
- `{%tr for t in oppfolging %}` … `{%tr endfor %}` gjentar en tabellrad; taggene står i egne rader.
- `{%p if merking %}` … `{%p else %}` … `{%p endif %}` tar med avsnitt bare når feltet har innhold.
- Inne i et avsnitt: `{% if mote.svarfrist %}Svarfrist: {{ mote.svarfrist }}{% endif %}`.
- I en gjentakelse heter elementet det som står etter `for`: i `{%p for punkt in sak.tilradning %}` er
  hvert punkt `{{ punkt }}`. `{{ loop.index }}` er nummeret (1, 2, 3 …).

## Dette ødelegger en mal

- Å dele en tag over to avsnitt (linjeskift eller Enter inne i `{{ … }}`), eller å slette én av parentesene.
- Å skrive om en tag for hånd slik at `{%p for %}` og `{%p endfor %}` ikke lenger passer sammen, eller å
  blande `{%p …%}` og `{%tr …%}` i samme blokk.
- Å skrive et feltnavn som ikke finnes (f.eks. `{{ politirad.nav }}`). Listene under viser de gyldige.

Word deler ofte en tag i flere biter i filen når du redigerer i nærheten (stavekontroll, «smarte»
anførselstegn, endringsmerker). Det er ufarlig så lenge taggen står i ett avsnitt: politidok setter den sammen
igjen.

## Brevhodet og tabellene

- Brevhodet står i topptekst for første side (Word: dobbeltklikk øverst på siden; «Annen første side» er slått
  på). Der står `{{ brevhode.avsender }}`, sekretariatet, adresse, `{{ brevhode.dato }}` og arkivreferansene,
  hver i sitt avsnitt med `{%p if … %}`, og logoen som `{{ brevhode.logo }}`. Feltene finnes i alle malene
  (listene under). Endre oppsettet som du vil, men la `{%p if %}`/`{%p endif %}` stå alene i hvert sitt
  avsnitt. Resten av sidene har malens vanlige topptekst og bunntekst.
- Logoen er et bilde i regionmappen (`brevhode.logo` i avtale.yaml, eller `logo` under en kommune) med en
  alternativ tekst; sett ikke inn logoen som et fast bilde i malen.
- Tabellbreddene regner politidok ut fra innholdet når dokumentet lages; du trenger ikke justere dem i Word.
  En fet første rad blir overskriftsrad som gjentas på hver side, kolonner med tall høyrejusteres, en siste rad
  som heter «Sum» blir fet, og radene holdes samlet (en rad deles aldri over to sider). Innstillingen
  «Tillat at raden brytes over sider» i malen har derfor ingen virkning.

## Kontroller og bygg på nytt

```sh
make check REGION=hallingdal          # kontrollerer YAML-filene og alle malene, uten å lage noe
make all REGION=hallingdal            # lager dokumentene på nytt
```

`check` viser alle feil på én gang, med malens filnavn, avsnittsnummer og teksten i avsnittet, f.eks.:

```
templates/nb/referat.docx, avsnitt 12: «Sak {{ sak.nummer }}: {{ sak.titel }}»: ukjent variabel «sak.titel» – mente du «sak.tittel»?
```

For å se hva du har endret i en mal som tekst: `git diff templates/` (se README, «Lesbare maldiffer»), eller
`politidok tekst templates/nb/referat.docx`.

## Dokumenttypene og feltene hver mal kan bruke

Listene lages av politidok fra datamodellen (`make docs`); en test feiler hvis de ikke er oppdatert.
`[]` betyr «hvert element i listen»: i en `for`-løkke over `saker` er `sak.nummer` det som står som
`saker[].nummer` her.
"""


def _safety() -> str:
    """The section on what a template may not do, with the limits as politidok has them."""
    from politidok.render.limits import LIMITS as RENDER
    from politidok.render.package import LIMITS as FILE

    def mb(size: int) -> str:
        return f"{size / 1_000_000:g} MB".replace(".", ",")

    def n(value: float) -> str:
        return f"{value:,.0f}".replace(",", " ")

    return f"""## Dette godtar ikke politidok i en mal

En mal kan komme fra hvem som helst, så politidok behandler den som fremmed innhold. `check` og bygget
kontrollerer det samme, og sier fra med malens navn og delen av filen (eller avsnittet) det gjelder:

- **Ingenting utenfra.** Alt malen viser, må ligge i selve filen. Et bilde, et OLE-objekt, en tilknyttet mal
  (attachedTemplate), et underdokument, en ramme eller et innsatt dokument (altChunk) som er *koblet* til en
  fil eller en nettadresse, blir avvist; det samme gjør feltkoder som henter noe (INCLUDEPICTURE, INCLUDETEXT,
  LINK, DDE). Sett inn bildet på nytt i Word uten «Koble til fil». Vanlige lenker i teksten (https:, mailto:)
  er i orden. LibreOffice er i tillegg satt opp til aldri å hente noe utenfor dokumentet.
- **Ingen makroer.** En mal lagret som .docm eller .dotx/.dotm avvises (lagre som «Word-dokument (.docx)»);
  et makroprosjekt (vbaProject) i en .docx blir ikke tatt med i dokumentene politidok lager.
- **Ingen DOCTYPE.** Word skriver aldri DOCTYPE- eller ENTITY-erklæringer i XML-delene av en .docx; en mal som
  har det, avvises.
- **Størrelse.** En mal kan være høyst {mb(FILE.template_bytes)}, hver XML-del av den (teksten, stilene)
  høyst {mb(FILE.xml_part_bytes)} og hver annen del (et bilde) høyst {mb(FILE.part_bytes)} utpakket, alle delene til sammen høyst {mb(FILE.unpacked_bytes)}, og den kan ha
  høyst {n(FILE.parts)} deler. En vanlig mal er 10–200 kB; er den større, gjør bildene mindre (Komprimer bilder).
- **Tid og omfang når malen fylles ut.** Ett dokument får bruke høyst {n(RENDER.seconds)} sekunder (et vanlig
  dokument bruker et hundredels sekund); løkkene i det kan til sammen gå rundt høyst {n(RENDER.rounds)} ganger; en
  verdi malen lager, kan ha høyst {n(RENDER.size)} tegn eller elementer og et tall høyst {n(RENDER.digits)}
  sifre; og én del av dokumentet kan bli høyst {n(RENDER.output)} tegn. En mal som går over, stoppes med en
  melding om hvilket avsnitt det gjelder.
- Mal-koden kjører i en sandkasse: den kan ikke lese filer, hente inn andre maler (include, import, extends)
  eller bruke Pythons indre (`__class__` o.l.).

"""


def render() -> str:
    parts = [INTRO.replace("## Kontroller og bygg på nytt", _safety() + "## Kontroller og bygg på nytt", 1)]
    variables = catalogue()
    for kind in documents.registry().values():
        parts.append(f"\n### {kind.title}\n\n{kind.guide}\n\nFiler i output/: {kind.files}.\n")
        if not kind.template or kind.sample is None:
            parts.append(
                "\nIngen egen mal.\n"
                if not kind.template
                else f"\nMal: {_files(kind)} (feltene står under {_owner(kind)}).\n"
            )
            continue
        parts.append(f"\nMal: {_files(kind)}\n\n| Felt | Type |\n|---|---|\n")
        parts.append("".join(f"| `{path}` | {kind_} |\n" for path, kind_ in variables[kind.template].items()))
    parts.append(MALFORM)
    parts.append(ROUTINES)
    return "".join(parts)


def _files(kind: documents.Kind) -> str:
    return " og ".join(f"`{f}`" for f in kind.template_files())


def _owner(kind: documents.Kind) -> str:
    owner = next(k for k in documents.registry().values() if k.template == kind.template and k.sample is not None)
    return f"«{owner.title}»"


def write(out: Path, check_only: bool = False) -> bool:
    """Write the guide to `out`; with `check_only`, only tell whether `out` is up to date."""
    text = render()
    if check_only:
        return out.exists() and out.read_text(encoding="utf-8") == text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return True
