"""The words politidok writes itself, in the document's målform: one table for the whole project.

Each entry is bokmål -> nynorsk; a word that is the same in both is not listed. A measure's status
has its labels with the status enumeration (core.status); everything else a document says is in
its template (templates/nb/, templates/nn/).
"""

from __future__ import annotations

import re

from politidok.core.status import Status

NYNORSK = {
    # a measure's deadline, as judged at the year's end
    "overholdt": "overhalden",
    "ikke overholdt": "ikkje overhalden",
    "ikke nådd": "ikkje nådd",
    "ikke vedtatt": "ikkje vedteke",
    "forfalt": "forfalle",
    "uten referat": "utan referat",  # a meeting called, without minutes
    "Antall tiltak": "Tal på tiltak",
    # items closed to the public
    "Unntatt offentlighet": "Unnateke offentlegheit",
    "Unntatt offentlighet, jf. {}": "Unnateke offentlegheit, jf. {}",
    "offentlig": "offentleg",
    # a meeting's calendar entry
    "Saksliste:": "Sakliste:",
    # the action plan
    "foreslått": "føreslått",
    "Tiltak vedtatt i sak unntatt offentlighet": "Tiltak vedteke i sak unnateken offentlegheit",
    "Vedtatt i møtet.": "Vedteke i møtet.",
    # the heading of a saksframlegg's recommendation (a heading the secretary wrote stays)
    "Rådgivers tilrådning": "Rådgjevar si tilråding",
    "Tilrådning": "Tilråding",
    # a corrected invitation (context.corrections): what changed since the one that was sent
    "Rettet innkalling": "Retta innkalling",
    "Nytt sted: {}": "Ny stad: {}",
    "Den praktiske informasjonen er endret.": "Den praktiske informasjonen er endra.",
    "Ny mottaker: {}": "Ny mottakar: {}",
    "Ikke lenger mottaker: {}": "Ikkje lenger mottakar: {}",
    "Sak {} har ny innleder: {}": "Sak {} har ny innleiar: {}",
    "Sak {} har ikke lenger innleder.": "Sak {} har ikkje lenger innleiar.",
    "Vedleggene til sak {} er endret.": "Vedlegga til sak {} er endra.",
    "Sak {} er tatt ut av sakslisten.": "Sak {} er teken ut av sakslista.",
    "Innkallingen er rettet.": "Innkallinga er retta.",
}

_STATUSES = {s.value: s for s in Status}


def word(text: str, malform: str) -> str:
    """A word or phrase politidok writes, in the målform ('nb' as it is); a status takes its label."""
    if text in _STATUSES:
        return _STATUSES[text].label(malform)
    return NYNORSK.get(text, text) if malform == "nn" else text


# Role titles and their forms, bokmål -> nynorsk (a form that is the same in both is not listed): a title
# from the YAML is written in the document's målform, whichever målform the secretary wrote it in.
ROLLER_NYNORSK = {
    "ordfører": "ordførar",
    "ordføreren": "ordføraren",
    "ordførere": "ordførarar",
    "ordførerne": "ordførarane",
    "varaordfører": "varaordførar",
    "varaordføreren": "varaordføraren",
    "leder": "leiar",
    "lederen": "leiaren",
    "ledere": "leiarar",
    "lederne": "leiarane",
    "nestleder": "nestleiar",
    "tjenesteenhetsleder": "tenesteeiningsleiar",
    "tjenesteenhetslederen": "tenesteeiningsleiaren",
    "tjenesteenhetsledere": "tenesteeiningsleiarar",
    "tjenesteenhetslederne": "tenesteeiningsleiarane",
    "driftsenhetsleder": "driftseiningsleiar",
    "driftsenhetslederen": "driftseiningsleiaren",
    "driftsenhetsledere": "driftseiningsleiarar",
    "driftsenhetslederne": "driftseiningsleiarane",
    "kommunedirektører": "kommunedirektørar",
    "kommunedirektørene": "kommunedirektørane",
    "kommunaldirektører": "kommunaldirektørar",
    "kommunaldirektørene": "kommunaldirektørane",
    "politikontakter": "politikontaktar",
    "politikontaktene": "politikontaktane",
    "politimester": "politimeister",
    "politimesteren": "politimeisteren",
    "koordinatorer": "koordinatorar",
    "koordinatorene": "koordinatorane",
    "slt-koordinatorer": "slt-koordinatorar",
    "slt-koordinatorene": "slt-koordinatorane",
    "representanter": "representantar",
    "representantene": "representantane",
    "kontaktpersoner": "kontaktpersonar",
    "kontaktpersonene": "kontaktpersonane",
    "rådgiver": "rådgjevar",
    "rådgiveren": "rådgjevaren",
}
ROLLER_BOKMAL = {nn: nb for nb, nn in ROLLER_NYNORSK.items()}
# role words that are the same in both målformer: a description made of these and role words is fully known
_SAME = {
    "kommunedirektør", "kommunedirektøren", "kommunaldirektør", "kommunaldirektøren", "rådmann", "rådmannen",
    "rådmenn", "rådmennene", "politikontakt", "politikontakten", "lensmann", "lensmannen", "stasjonssjef",
    "stasjonssjefen", "koordinator", "koordinatoren", "slt-koordinator", "slt-koordinatoren", "sekretær",
    "sekretæren", "representant", "representanten", "kontaktperson", "kontaktpersonen",
    "folkehelsekoordinator", "folkehelsekoordinatoren", "og", "i", "/",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|/")


def _case_as(word: str, like: str) -> str:
    """`word` with the capitals of `like`, part by part («SLT-koordinatorene» -> «SLT-koordinatorane»)."""
    parts, shape = word.split("-"), like.split("-")
    if len(parts) != len(shape):
        shape = [like]
        parts = [word]
    return "-".join(
        p.upper() if s.isupper() and len(s) > 1 else (p[:1].upper() + p[1:] if s[:1].isupper() else p)
        for p, s in zip(parts, shape, strict=True)
    )


# role words: what a title is named by (its head noun), whatever the words before it («kommunalsjef»,
# «barnevernsleiar», «ruskonsulent») and in every form; with the tables' words, a word matching this is a role
_ROLE_HEAD = re.compile(
    r"(?:leder|leiar|sjef|direktør|koordinator|kontakt|rådgiver|rådgjevar|konsulent|sekretær|ordfører|ordførar"
    r"|lensmann|rådmann|mester|meister|representant|kontaktperson)"
    r"(?:en|a|e|ne|ene|ane|er|ar|erne|arar|arane|ere)?$"
)


def _role_word(word: str) -> bool:
    lowered = word.lower()
    return lowered in ROLLER_NYNORSK or lowered in ROLLER_BOKMAL or lowered in _SAME or bool(_ROLE_HEAD.search(lowered))


def rolle(text: str, malform: str) -> str:
    """A role title from the YAML in `malform`: «Ordfører i Gol» -> «Ordførar i Gol» in nynorsk, and
    «Tenesteeiningsleiar» -> «Tjenesteenhetsleder» in bokmål; words it does not know stay as written.

    A role title is a common noun: only the first word keeps a capital (it begins the table cell or the
    line), a role after it is written in lower case, as the secretary may have capitalised each title
    («Politikontakt og Kommunedirektør i Gol» -> «Politikontakt og kommunedirektør i Gol»). Acronyms
    («SLT-koordinator»), names («Gol», «Hallingdal politistasjonsdistrikt») and hyphenated words stay."""
    table = ROLLER_NYNORSK if malform == "nn" else ROLLER_BOKMAL
    first = True

    def swap(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group()
        found = table.get(word.lower())
        out = _case_as(found, word) if found else word
        if word == "/":
            return out
        if not first and "-" not in out and out[:1].isupper() and out[1:].islower() and _role_word(out):
            out = out.lower()
        first = False
        return out

    return _WORD.sub(swap, text)


def omtale(text: str, malform: str) -> str:
    """A description of roles («ordførerne og rådmennene») in `malform`, when every word of it is a role
    word politidok knows; else as written (a free text: the YAML gives it in both målformer if needed)."""
    words = [w.lower() for w in _WORD.findall(text)]
    known = set(ROLLER_NYNORSK) | set(ROLLER_BOKMAL) | _SAME
    return rolle(text, malform) if words and all(w in known for w in words) else text
