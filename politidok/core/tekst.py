"""Small Norwegian text helpers shared by the stages."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
_TALLORD = {1: "ett", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}


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


def tallord(n: int) -> str:
    """1 -> 'ett', 2 -> 'to' … (neuter, as in 'ett møte'); digits above six."""
    return _TALLORD.get(n, str(n))
