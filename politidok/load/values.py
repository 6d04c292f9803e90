"""The value types every text and date a secretary writes passes through (shared by all models).

Tekst: at most MAKS_TEKST characters; Langtekst: at most MAKS_LANGTEKST. Both refuse control
characters (also at the ends), values of only invisible characters and words that never end.
Dato: ÅÅÅÅ-MM-DD that exists in the calendar, within FORSTE_AR–SISTE_AR; never a number.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import InitErrorDetails

from politidok.core.errors import char_name, quote
from politidok.core.status import Status

MAKS_TEKST = 10_000  # characters in one value (a title, a name, a line)
MAKS_LANGTEKST = 50_000  # characters in a long text (a description, an assessment, minutes of an item)
MAKS_ORD = 300  # characters without a space: longer is no word (it would run off the page)
FORSTE_AR, SISTE_AR = 1990, 2100  # dates outside are typing errors (2999, 1970 from a number)

# Characters that are not text: controls (but tab and line break), line/paragraph separators,
# bidi overrides (text that reads differently than it is stored), surrogates, non-characters and
# the tag characters U+E0000–E007F (invisible, yet they reach the PDF's text and title)
_IKKE_TEKST = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U000e0000-\U000e007f]"
)
_USYNLIG = set("\u115f\u1160\u3164\uffa0\u2800")  # filler characters that print as nothing
_LANGT_ORD = re.compile(rf"\S{{{MAKS_ORD + 1},}}")


def _ingen_styretegn(value: object) -> object:
    """Control characters are refused where they stand, also at the ends (before spaces are stripped)."""
    if isinstance(value, str):
        bad = _IKKE_TEKST.search(value)
        if bad:
            raise ValueError(
                f"inneholder det ulovlige tegnet {char_name(bad.group())} (tegn nr. {bad.start() + 1}); "
                "slett det og skriv teksten på nytt"
            )
    return value


def _ren_tekst(value: str) -> str:
    """Refuse what no document should print: only invisible characters, endless words."""
    if all(unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cf", "Cc", "Mn", "Me") or c in _USYNLIG for c in value):
        raise ValueError("inneholder bare usynlige tegn – fyll inn tekst")
    word = _LANGT_ORD.search(value)
    if word:
        raise ValueError(
            f"har et «ord» på {len(word.group())} tegn uten mellomrom («{quote(word.group(), 30)}»); høyst {MAKS_ORD}"
        )
    return value


class Tospraakleg(str):
    """A free text given in both målformer, `{nb: …, nn: …}` (or one of them), as the YAML allows for any
    text. As a str it is its bokmål text (its nynorsk one when that is all there is); a document takes
    the text of its own målform (`i(malform)`), politidok.load.malform resolves a whole model."""

    variants: dict[str, str]

    def __new__(cls, variants: dict[str, str]) -> Self:
        obj = super().__new__(cls, variants.get("nb") or variants["nn"])
        obj.variants = dict(variants)
        return obj

    def i(self, malform: str) -> str:
        """The text in `malform`, else the other one (a fallback `check` warns about)."""
        return self.variants.get(malform) or str.__str__(self)

    def __reduce__(self) -> tuple:
        return (Tospraakleg, (self.variants,))


def _to_malformer(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    """A text, or a mapping {nb: …, nn: …} whose texts are each checked as a text is."""
    if not isinstance(value, dict):
        return handler(value)
    unknown = [k for k in value if k not in ("nb", "nn")]
    if unknown or not value:
        shown = ", ".join(f"«{quote(str(k), 20)}»" for k in unknown)
        raise ValueError(
            f"ukjent målform {shown} (en tekst på to målformer har nøklene nb og nn)"
            if unknown
            else "er tom – skriv teksten, eller nb: og nn: med teksten på hver målform"
        )
    texts: dict[str, str] = {}
    errors: list[InitErrorDetails] = []
    for key, text in value.items():
        try:
            texts[key] = handler(text)
        except ValidationError as exc:  # at the line of the målform's own text: `tittel.nn`, not `tittel`
            errors += [
                InitErrorDetails(type=e["type"], loc=(key, *e["loc"]), input=e["input"], ctx=e.get("ctx", {}))
                for e in exc.errors()
            ]
    if errors:
        raise ValidationError.from_exception_data("Tekst", errors)
    return Tospraakleg(texts)


_TEKST = (BeforeValidator(_ingen_styretegn), AfterValidator(_ren_tekst))
Tekst = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAKS_TEKST),
    *_TEKST,
    WrapValidator(_to_malformer),
]
Langtekst = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAKS_LANGTEKST),
    *_TEKST,
    WrapValidator(_to_malformer),
]

_DATO = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*$")


def _dato_inn(value: object) -> date:
    """A date written ÅÅÅÅ-MM-DD that exists in the calendar; never a number (pydantic would read 1970 + seconds)."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError("må være en dato uten klokkeslett, f.eks. 2024-10-25")
        value = value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATO.match(value)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                raise ValueError(f"datoen {value.strip()} finnes ikke i kalenderen") from None
        if value.strip():
            raise ValueError(f"«{quote(value.strip())}» er ikke en dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2024-10-25")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("er tomt – fyll inn en dato på formen ÅÅÅÅ-MM-DD")
    if isinstance(value, bool):
        raise ValueError("må være en dato på formen ÅÅÅÅ-MM-DD, ikke true/false")  # noqa: TRY004 (pydantic wants ValueError)
    if isinstance(value, (int, float)):
        raise ValueError("må være en dato på formen ÅÅÅÅ-MM-DD, ikke et tall")  # noqa: TRY004
    raise ValueError("må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2024-10-25")


def _dato_rimelig(value: date) -> date:
    if not FORSTE_AR <= value.year <= SISTE_AR:
        raise ValueError(f"{value.isoformat()} er neppe riktig: datoen må ligge mellom {FORSTE_AR} og {SISTE_AR}")
    return value


Dato = Annotated[date, BeforeValidator(_dato_inn), AfterValidator(_dato_rimelig)]


# --- målform and status: the words of the Language Act and of the action plan, in either målform

_MALFORM = {"nb": "nb", "bokmal": "nb", "bokmål": "nb", "nn": "nn", "nynorsk": "nn"}
_NOYTRAL = ("noytral", "nøytral")


def _malform(value: object) -> object:
    """«nb»/«bokmål» -> nb, «nn»/«nynorsk» -> nn (as the Language Act names them); else a Norwegian message."""
    if isinstance(value, str) and value.strip().lower() in _MALFORM:
        return _MALFORM[value.strip().lower()]
    raise ValueError("må være nb (bokmål) eller nn (nynorsk)")


def _kommune_malform(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() in _NOYTRAL:
        return "noytral"
    try:
        return _malform(value)
    except ValueError:
        raise ValueError(
            "må være nb (bokmål), nn (nynorsk) eller noytral (kommunen har ikke vedtatt målform)"
        ) from None


# a målform: nb (bokmål) or nn (nynorsk); «bokmal»/«nynorsk» are accepted too
Malform = Annotated[Literal["nb", "nn"], BeforeValidator(_malform)]
# a municipality's choice under the Language Act § 11: nb, nn, or neutral (no decision)
Kommunemalform = Annotated[Literal["nb", "nn", "noytral"], BeforeValidator(_kommune_malform)]
# a measure's status, in bokmål or nynorsk (core.status)
Statusverdi = Annotated[Status, BeforeValidator(Status.parse)]
