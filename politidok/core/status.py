"""A measure's status: one enumeration, its labels in bokmål and nynorsk.

The values are the bokmål labels (what the YAML has always said, and what digests of archived
documents were made from); input in either målform is accepted («ikkje starta» is «ikke startet»),
and a document writes the label of its own målform.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    GJENNOMFORT = "gjennomført"
    PAGAR = "pågår"
    IKKE_STARTET = "ikke startet"
    UTGATT = "utgått"
    VIDEREFORT = "videreført"

    def label(self, malform: str = "nb") -> str:
        return NYNORSK.get(self, self.value) if malform == "nn" else self.value

    @property
    def open(self) -> bool:
        """Not finished, not dropped or carried over: still to be done this year."""
        return self in (Status.PAGAR, Status.IKKE_STARTET)

    @classmethod
    def parse(cls, text: object) -> Status:
        """A status written in bokmål or nynorsk; ValueError (Norwegian) for anything else."""
        if isinstance(text, Status):
            return text
        if isinstance(text, str):
            key = " ".join(text.split()).lower()
            for status in cls:
                if key in (status.value, status.label("nn")):
                    return status
        raise ValueError(f"må være en av: {choices()}")


NYNORSK = {Status.IKKE_STARTET: "ikkje starta", Status.VIDEREFORT: "vidareført"}


def choices() -> str:
    """«gjennomført, pågår, ikke startet (ikkje starta), …» for messages."""
    return ", ".join(s.value + (f" ({s.label('nn')})" if s.label("nn") != s.value else "") for s in Status)
