"""Small Norwegian text helpers shared by the stages."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
_TALLORD = {
    2: "to",
    3: "tre",
    4: "fire",
    5: "fem",
    6: "seks",
    7: "sju",
    8: "åtte",
    9: "ni",
    10: "ti",
    11: "elleve",
    12: "tolv",
}
_EN = {"n": "ett", "m": "én", "f": "ei"}


def slug(text: str) -> str:
    """'Ordfører i Hol' -> 'ordforer_i_hol' (ASCII, for field and file names)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")


def liste(items: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B og C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def tallord(n: int, kjonn: str = "n") -> str:
    """1 -> 'ett' (neuter, as in 'ett møte'; 'm': 'én'), 2 -> 'to' … 12 -> 'tolv'; digits above twelve.

    Språkrådet: write small numbers as words in running text.
    """
    if n == 1:
        return _EN[kjonn]
    return _TALLORD.get(n, str(n))


def tall(n: int, kjonn: str = "n") -> str:
    """A count in running text: 0 -> 'ingen', 1–12 as words, larger numbers as digits."""
    return "ingen" if n == 0 else tallord(n, kjonn)


def antall(n: int, entall: str, flertall: str, kjonn: str = "n", ord: bool = False) -> str:
    """(1, 'dokument', 'dokumenter') -> '1 dokument'; (3, …) -> '3 dokumenter'; ord=True -> 'tre dokumenter'."""
    number = tallord(n, kjonn) if ord else str(n)
    return f"{number} {entall if n == 1 else flertall}"


def stor_forbokstav(text: str) -> str:
    """Capitalize the first letter (a sentence must not start with a digit: use tallord first)."""
    return text[:1].upper() + text[1:]


_ORGAN_WORDS = (
    "politirådet",
    "politirådsmøtet",
    "kommunestyret",
    "bystyret",
    "formannskapet",
    "regionrådet",
    "fellesmøtet",
    "kommunestyra",
    "heradsstyret",
    "formannskapa",
    "rådet",
    "styret",
)


def organ_bestemt(organ: str) -> str:
    """An addressee inside a sentence: 'Kommunestyret i Kåfjord' -> 'kommunestyret i Kåfjord'.

    Only a common noun in the definite form is lowered; a proper name («Hallingtinget») stays.
    """
    first, _, rest = organ.partition(" ")
    if first.lower() in _ORGAN_WORDS or first.lower().endswith(("rådet", "styret", "møtet", "skapet")):
        return first.lower() + (" " + rest if rest else "")
    return organ
