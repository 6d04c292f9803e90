"""Norwegian hyphenation with LibreOffice's patterns (Debian package hyphen-no, /usr/share/hyphen).

Liang's algorithm over the pattern file (the same that LibreOffice hyphenates with): where a
word may break with a hyphen. render.tables puts soft hyphens there in words wider than their
column, so that they break with a hyphen and only there.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SOFT_HYPHEN = "\u00ad"
HYPHEN_DIRS = [Path("/usr/share/hyphen")]
PATTERN_FILE = {"nb": "hyph_nb_NO.dic", "nn": "hyph_nn_NO.dic"}
MIN_HYPHEN = 2  # characters before the first and after the last hyphenation point


@cache
def _patterns(language: str) -> dict[str, tuple[int, ...]] | None:
    name = PATTERN_FILE.get(language, PATTERN_FILE["nb"])
    for folder in HYPHEN_DIRS:
        path = folder / name
        if path.is_file():
            raw = path.read_bytes()
            lines = raw.splitlines()
            encoding = lines[0].decode("ascii", "replace").strip() or "ISO8859-1"
            patterns: dict[str, tuple[int, ...]] = {}
            for line in lines[1:]:
                text = line.decode(encoding, "replace").strip()
                if not text or text[0].isupper() or text.startswith("%"):
                    continue  # LEFTHYPHENMIN and the like, comments
                letters = re.sub(r"\d", "", text)
                values = [0] * (len(letters) + 1)
                i = 0
                for ch in text:
                    if ch.isdigit():
                        values[i] = int(ch)
                    else:
                        i += 1
                patterns[letters] = tuple(values)
            return patterns
    return None


def hyphenation_points(word: str, language: str = "nb") -> list[int]:
    """The positions in `word` where it may break with a hyphen ('kommunedirektøren' -> [3, 6, …])."""
    patterns = _patterns(language)
    if not patterns or len(word) < 2 * MIN_HYPHEN or not word.isalpha():
        return []
    padded = f".{word.lower()}."
    values = [0] * (len(padded) + 1)
    for start in range(len(padded)):
        for end in range(start + 1, min(len(padded), start + 12) + 1):
            found = patterns.get(padded[start:end])
            if found:
                for k, v in enumerate(found):
                    values[start + k] = max(values[start + k], v)
    # values[i] lies between padded[i-1] and padded[i]; in the word, a break before word[j] is values[j + 1]
    return [j for j in range(MIN_HYPHEN, len(word) - MIN_HYPHEN + 1) if values[j + 1] % 2]


def patterns_installed(language: str = "nb") -> bool:
    return _patterns(language) is not None


def fragments(word: str, language: str = "nb") -> list[str]:
    """A word's pieces between hyphenation points (after a hard hyphen, too), each with its hyphen."""
    parts: list[str] = []
    for chunk in re.split(r"(?<=-)", word):
        lead = len(chunk) - len(chunk.lstrip("([«\"'"))
        core = chunk[lead:].rstrip(")]».,;:!?\"'-")
        points = [lead + p for p in hyphenation_points(core, language)] if core else []
        last = 0
        for point in points:
            parts.append(chunk[last:point] + "-")
            last = point
        parts.append(chunk[last:])
    return [p for p in parts if p]


def soft_points(word: str, language: str = "nb") -> list[int]:
    """The positions in `word` (punctuation and hard hyphens included) where a soft hyphen may go."""
    points, start = [], 0
    for chunk in re.split(r"(?<=-)", word):
        lead = len(chunk) - len(chunk.lstrip("([«\"'"))
        core = chunk[lead:].rstrip(")]».,;:!?\"'-")
        points += [start + lead + p for p in hyphenation_points(core, language)] if core else []
        start += len(chunk)
    return points
