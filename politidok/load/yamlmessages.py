"""libyaml's and PyYAML's problems in Norwegian: no English reaches a secretary."""

from __future__ import annotations

MAX_DEPTH = 40  # nesting of lists and groups; the models need 6


_MESSAGES = [
    (
        "mapping values are not allowed",
        ("kolon på feil sted: en verdi med «: » i seg må stå i anførselstegn, eller innrykket er feil"),
    ),
    (
        "did not find expected key",
        "feil innrykk: linjen passer ikke inn blant feltene over (sjekk mellomrommene foran)",
    ),
    ("did not find expected '-' indicator", "feil innrykk i listen: hvert element begynner med «- » og samme innrykk"),
    (
        "could not find expected ':'",
        ("mangler «:» etter feltnavnet (eller teksten fortsetter på neste linje uten innrykk)"),
    ),
    ("did not find expected ',' or ']'", "listen i [ ] lukkes ikke med «]»"),
    ("did not find expected ',' or '}'", "gruppen i { } lukkes ikke med «}»"),
    ("did not find expected node content", "mangler en verdi"),
    ("did not find expected comment or line break", "uventet tekst etter verdien"),
    ("found a tab character", "tabulator i innrykket; bruk mellomrom"),
    ("found undefined alias", "ukjent alias: ankeret (&navn) er ikke definert før"),
    ("found duplicate anchor", "ankeret (&navn) er brukt før"),
    ("could not determine a constructor", "ukjent YAML-merke (tag); fjern det som begynner med «!»"),
    ("but found another document", "filen kan bare ha ett dokument: fjern «---» midt i filen"),
    ("expected a single document", "filen kan bare ha ett dokument: fjern «---» midt i filen"),
    (
        "found unknown escape character",
        (
            "ukjent tegn etter «\\» i tekst i doble anførselstegn (skriv «\\\\» "
            "for en omvendt skråstrek, eller bruk enkle anførselstegn)"
        ),
    ),
    (
        "did not find expected hexdecimal number",
        ("ufullstendig «\\x»/«\\u»/«\\U»-kode i tekst i doble anførselstegn (skriv «\\\\» for en omvendt skråstrek)"),
    ),
    ("expected escape sequence", "ufullstendig «\\x»/«\\u»-kode i tekst i doble anførselstegn"),
    ("found incompatible YAML document", "ukjent YAML-versjon (fjern linjen «%YAML»)"),
    ("found duplicate %YAML directive", "linjen «%YAML» står to ganger"),
    ("expected a scalar node", "YAML-merket (tag) passer ikke til en liste eller gruppe"),
    ("found unhashable key", "et feltnavn må være tekst, ikke en liste eller gruppe"),
    ("expected a mapping or list of mappings for merging", "«<<» må vise til en gruppe av felt"),
    ("expected a mapping for merging", "«<<» må vise til en gruppe av felt"),
    (
        "did not find expected alphabetic or numeric character",
        ("anker eller alias (& eller *) uten navn, eller et tegn som ikke kan begynne en verdi"),
    ),
    ("did not find the expected '>'", "ufullstendig YAML-merke (tag)"),
    ("did not find expected tag URI", "ufullstendig YAML-merke (tag)"),
    ("exceeded maximum nesting depth", f"for mange nivåer av lister og grupper inni hverandre (høyst {MAX_DEPTH})"),
    ("failed to decode base64", "ugyldige base64-data etter «!!binary»"),
    ("found invalid Unicode character escape", "ugyldig «\\u»-kode i tekst i doble anførselstegn"),
    ("found unexpected end of stream", "filen slutter før verdien er ferdig"),
    ("found unexpected document indicator", "«---» eller «...» midt i en tekst i anførselstegn"),
    (
        "found character that cannot start any token",
        ("tegnet kan ikke begynne en verdi (@, ` og % må stå i anførselstegn), eller tabulator i innrykket"),
    ),
    ("block sequence entries are not allowed", "et listeelement («- ») kan ikke stå her; sjekk innrykket"),
    ("did not find expected <document start>", "uventet innhold; filen skal bestå av linjer «navn: verdi»"),
    ("found unknown directive", "ukjent direktiv (linje som begynner med «%»); sett verdien i anførselstegn"),
    ("control characters are not allowed", "ulovlig kontrolltegn i filen"),
    ("special characters are not allowed", "ulovlig kontrolltegn i filen"),
    ("unacceptable character", "ulovlig tegn i filen"),
    ("invalid leading UTF-8 octet", "filen er ikke UTF-8"),
    ("incomplete UTF-8 octet sequence", "filen er ikke UTF-8"),
    ("invalid trailing UTF-8 octet", "filen er ikke UTF-8"),
    ("found unexpected ':'", "kolon på feil sted: sett verdien i anførselstegn"),
    ("expected <block end>", "feil innrykk: linjen passer ikke inn blant feltene over"),
    ("expected ',' or ']'", "listen i [ ] lukkes ikke med «]»"),
    ("expected ',' or '}'", "gruppen i { } lukkes ikke med «}»"),
]


def translate(problem: str, context: str) -> str:
    """A Norwegian sentence for a libyaml/PyYAML problem; unknown ones get a general one (no English)."""
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return "anførselstegnet lukkes aldri (verdien fortsetter til slutten av filen)"
    if "while scanning a simple key" in context and "could not find expected ':'" in problem:
        return "mangler «:» etter feltnavnet, eller teksten fortsetter på neste linje uten innrykk"
    for text in (problem, context):
        for needle, message in _MESSAGES:
            if needle in text:
                return message
    return "sjekk innrykk, kolon og anførselstegn"
