"""The words politidok writes itself, in the document's målform: one table for the whole project.

Each entry is bokmål -> nynorsk; a word that is the same in both is not listed. A measure's status
has its labels with the status enumeration (core.status); everything else a document says is in
its template (templates/nb/, templates/nn/).
"""

from __future__ import annotations

from politidok.core.status import Status

NYNORSK = {
    # a measure's deadline, as judged at the year's end
    "holdt": "innan fristen",
    "ikke holdt": "fristen passert",
    "ikke nådd": "ikkje nådd",
    "ikke vedtatt": "ikkje vedteke",
    "forfalt": "forfalle",
    "Antall tiltak": "Tal på tiltak",
    # items closed to the public
    "Unntatt offentlighet": "Unnateke offentlegheit",
    "Unntatt offentlighet, jf. {}": "Unnateke offentlegheit, jf. {}",
    "offentlig": "offentleg",
    # the action plan
    "foreslått": "føreslått",
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
