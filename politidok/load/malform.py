"""Texts in two målformer: a region as a document in one målform sees it, and the texts that lack one.

Any text of the YAML may be written as `{nb: …, nn: …}` (load.values.Tospraakleg). A document takes
the text of its own målform; where that is missing it takes the other, and `check` warns about it
(`gaps`), naming file, line and field.

A free text written once, without `nb:`/`nn:`, is in one målform only too: `gaps` warns when documents
in both målformer show it, or documents in the other målform than the one it is taken to be written in
(the council's målform; a case's own). What a document shows is what it is made from (its declared
inputs, core.fieldpath) and what its template values hold.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from politidok.core import fieldpath
from politidok.core.errors import Problem
from politidok.core.layout import CASES
from politidok.load.values import Tospraakleg

if TYPE_CHECKING:
    from politidok.load import Region

NAMES = {"nb": "bokmål", "nn": "nynorsk"}

# The free texts of each model: what the secretary writes in sentences (titles, minutes, measures,
# descriptions). The other texts of the models are names, places, role titles (written in the document's
# målform by core.words), the titles of attached documents (as those are written), references and codes
# (tests/unit/test_two_malformer.py checks that every text field of every model is one or the other).
FRITEKST: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        # avtale.yaml
        "Politirad": ("kontaktledd", "formal", "hovedoppgaver"),
        "Medlem": ("omtale",),
        "Satsingsomrade": ("tittel", "beskrivelse"),
        "Satsingsomrader": ("periode",),
        "Tjenestested": ("merknad",),
        "Kontaktpunkt": ("periode",),
        "Gyldighet": ("evaluering",),
        "Logo": ("alt",),
        # saker/*.yaml
        "Sak": ("tittel", "ingress", "vurdering", "tilradning_overskrift", "tilradning"),
        "Blokk": ("avsnitt", "sitat"),
        # moter/*.yaml
        "Mote": ("praktisk",),
        "Motesak": ("tittel", "offentlig_tittel", "referat", "vedtak"),
        "Tiltak": ("tiltak",),
        "Rapportering": ("kommentar",),
        "Referat": ("neste_mote",),
        # handlingsplan/*.yaml
        "Handlingsplan": ("innledning",),
        "Plantiltak": ("tiltak", "effektindikator", "offentlig_tekst"),
        "Plansak": ("ingress", "vurdering", "tilradning_overskrift", "tilradning"),
        # evaluering/*.yaml
        "Evaluering": ("utfordringer", "egenevaluering", "laeringspunkter", "fra_forrige_ar", "videreforte_tiltak"),
        "Effekt": ("tiltak", "effekt"),
        "Evalueringssak": ("tilradning_overskrift", "tilradning"),
    }.items()
}


def resolve(value: Any, malform: str, fallbacks: dict[str, str] | None = None) -> Any:
    """`value` (a model, a list or dict of them, a text) with every two-målform text in `malform`; what
    has none is returned as it is (the same object). A text that lacks `malform` is taken in the other,
    and put in `fallbacks` (text -> its BCP 47 language), so that the document can tag it as such."""
    if isinstance(value, Tospraakleg):
        if malform not in value.variants and fallbacks is not None:
            other = next(iter(value.variants))
            fallbacks[value.variants[other]] = f"{other}-NO"
        return value.i(malform)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = resolve(old, malform, fallbacks)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, (list, tuple)):
        items = [resolve(v, malform, fallbacks) for v in value]
        return type(value)(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        resolved = {k: resolve(v, malform, fallbacks) for k, v in value.items()}
        return resolved if any(resolved[k] is not value[k] for k in value) else value
    return value


def _texts(value: Any, path: tuple = (), free: bool = False) -> list[tuple[tuple, str]]:
    """Every two-målform text in a model, and every free text (FRITEKST) written once, with its path
    (field names and list indices)."""
    if isinstance(value, Tospraakleg) or (free and isinstance(value, str)):
        return [(path, value)]
    if isinstance(value, BaseModel):
        own = FRITEKST.get(type(value).__name__, frozenset())
        return [
            t for name in type(value).model_fields for t in _texts(getattr(value, name), (*path, name), name in own)
        ]
    if isinstance(value, (list, tuple)):
        return [t for i, v in enumerate(value) for t in _texts(v, (*path, i), free)]
    return []


@dataclass(frozen=True)
class Shown:
    """What one planned document (or calendar file) shows of a region's input: its name and målform, the
    YAML fields it is made from (file -> core.fieldpath paths; () for the whole file) and every text of
    its template values."""

    stem: str
    malform: str
    fields: Mapping[str, tuple[str, ...]]
    texts: Collection[str]

    def shows(self, name: str, loc: tuple, data: Any, text: str) -> bool:
        """Whether the document is made from the field at `loc` of input `name` and shows `text` (a
        paragraph of it at least: a text can be split into paragraphs or be part of a sentence)."""
        if name not in self.fields:
            return False
        paths = self.fields[name]
        if paths and not any(fieldpath.within(p, loc, data) for p in paths if not p.endswith("?")):
            return False
        return any(para in self._joined for para in _paragraphs(text))

    @cached_property
    def _joined(self) -> str:
        return "\0".join(" ".join(t.split()) for t in self.texts)


def _paragraphs(text: str) -> list[str]:
    return [p for p in (" ".join(part.split()) for part in text.split("\n\n")) if p]


def _listed(stems: Sequence[str], most: int = 3) -> str:
    """«a, b og c», or «a, b, c og 4 til» for a long list."""
    names = list(stems[:most])
    if len(stems) > most:
        return f"{', '.join(names)} og {len(stems) - most} til"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def gaps(region: Region, shown: Sequence[Shown], malform: str) -> list[Problem]:
    """The texts in one målform only that a document in the other målform shows (one problem per field).

    `shown`: the region's documents; `malform`: the målform a text written once is taken to be in (the
    council's; a case is taken to be in its own). A text written once that documents in both målformer
    show, is written in one målform for some of them whatever it is."""
    from politidok.load.yamlsource import format_loc

    found = []
    for name, model in region.files():
        source = region.sources.get(name)
        data = source.data if source else None
        case = name.startswith(f"{CASES}/")
        written_in, why = (
            (getattr(model, "malform", malform), "sakens målform") if case else (malform, "politirådets målform")
        )
        for path, text in _texts(model):
            variants = text.variants if isinstance(text, Tospraakleg) else {}
            if len(variants) > 1:
                continue
            by: dict[str, list[str]] = {}
            for doc in shown:
                if doc.shows(name, path, data, text):
                    by.setdefault(doc.malform, []).append(doc.stem)
            message = _message(variants, by, written_in, why)
            if message:
                line = source.line_of(path) if source else 1
                found.append(Problem(source.display if source else name, line, format_loc(path), message))
    return found


def _message(variants: Mapping[str, str], by: Mapping[str, list[str]], written_in: str, why: str) -> str | None:
    """What is wrong with a text in one målform that the documents in `by` (målform -> stems) show;
    `written_in`: the målform a text written once is taken to be in, for the reason `why`."""
    if variants:  # `{nb: …}` or `{nn: …}`: its målform is known
        [given] = variants
        other = next((m for m in sorted(by) if m != given), None)
        if other is None:
            return None
        return (
            f"teksten finnes bare på {NAMES[given]}; dokumentene på {NAMES[other]} ({_listed(by[other])}) får "
            f"den på {NAMES[given]}: legg til {other}: med teksten på {NAMES[other]}"
        )
    if len(by) > 1:
        return (
            f"teksten er skrevet bare én gang, men står i dokumenter på både bokmål ({_listed(by['nb'])}) og "
            f"nynorsk ({_listed(by['nn'])}): skriv den som nb: og nn:"
        )
    if not by or written_in in by:
        return None
    [(other, stems)] = by.items()
    return (
        f"teksten er skrevet bare én gang og regnes som {NAMES[written_in]} ({why}), men står i dokumenter på "
        f"{NAMES[other]} ({_listed(stems)}): skriv den som nb: og nn:, eller som {other}: om den alt er på "
        f"{NAMES[other]}"
    )
