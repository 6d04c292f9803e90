"""A picture from a file of the region (a council's or municipality's logo) for a template, with its
alternative text: plain data that the context stage can hold and the render stage inserts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Picture:
    path: Path  # an image file (PNG or JPEG), checked by the load stage
    alt: str  # alternative text (the tagged PDF's /Alt, Word's «Alternativ tekst»)
    width_mm: float = 25
    data: bytes | None = None  # the image itself, instead of reading `path` (the guide's sample)

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    @cached_property
    def fingerprint_key(self) -> str:
        """What the picture depends on: the file's bytes, the text and the width (build fingerprints)."""
        found = self.data is not None or self.path.is_file()
        digest = hashlib.sha256(self.read()).hexdigest() if found else "missing"
        return f"{digest}:{self.alt}:{self.width_mm}"
