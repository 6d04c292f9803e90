"""Norwegian hyphenation with LibreOffice's patterns (Debian package hyphen-no, /usr/share/hyphen).

Liang's algorithm over the pattern file (the same that LibreOffice hyphenates with): where a
word may break with a hyphen. render.tables puts soft hyphens there in words wider than their
column, so that they break with a hyphen and only there.

A word of eight letters or fewer never breaks, and a break leaves at least three letters on each
side («gjen-|nomført» and «Kommunedirek-|tør» are allowed, «Te-|nesteeiningsleiar» is not). Where
the patterns allow both, a compound's joint is preferred: «Kommune-|direktør», «Tenesteeinings-|leiar».
A joint is a point where both sides are words, or compounds of words (the left side may end in a
linking s or e), by the Norwegian spelling dictionary of the målform (Debian package hunspell-no,
/usr/share/hunspell); without the dictionary every allowed point is used.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

SOFT_HYPHEN = "\u00ad"
HYPHEN_DIRS = [Path("/usr/share/hyphen")]
PATTERN_FILE = {"nb": "hyph_nb_NO.dic", "nn": "hyph_nn_NO.dic"}
MIN_HYPHEN = 3  # letters before the first and after the last hyphenation point
SHORT_WORD = 8  # a word of this many letters or fewer never breaks
DICTIONARY_DIRS = [Path("/usr/share/hunspell")]
DICTIONARY_FILE = {"nb": "nb_NO", "nn": "nn_NO"}
LINKING = ("s", "e")  # «tjenesteenhet|s|leder»: the letter a compound's first parts may end in
INFLECTIONS = ("", "en", "et", "a", "er", "ar", "ane", "ene", "ne", "e", "s", "ens", "ets")  # «direktør|en»
MIN_PART = 4  # letters of a compound's part («dir|ekt|øren» is no split of «direktøren»)


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
    return list(_points(word, language))


@lru_cache(maxsize=1 << 16)
def _points(word: str, language: str) -> tuple[int, ...]:
    """hyphenation_points, once per word (the same words come back in every table of every document)."""
    patterns = _patterns(language)
    if not patterns or len(word) <= SHORT_WORD or not word.isalpha():
        return ()
    padded = f".{word.lower()}."
    values = [0] * (len(padded) + 1)
    for start in range(len(padded)):
        for end in range(start + 1, min(len(padded), start + 12) + 1):
            found = patterns.get(padded[start:end])
            if found:
                for k, v in enumerate(found):
                    values[start + k] = max(values[start + k], v)
    # values[i] lies between padded[i-1] and padded[i]; in the word, a break before word[j] is values[j + 1]
    return tuple(j for j in range(MIN_HYPHEN, len(word) - MIN_HYPHEN + 1) if values[j + 1] % 2)


def patterns_installed(language: str = "nb") -> bool:
    return _patterns(language) is not None


def fragments(word: str, language: str = "nb", preferred: bool = False) -> list[str]:
    """A word's pieces between hyphenation points (after a hard hyphen, too), each with its hyphen; `preferred`:
    between a compound's joints, where it has them («Kommune-», «direktør»)."""
    return list(_fragments(word, language, preferred))


@lru_cache(maxsize=1 << 16)
def _fragments(word: str, language: str, preferred: bool) -> tuple[str, ...]:
    parts: list[str] = []
    for chunk in re.split(r"(?<=-)", word):
        lead = len(chunk) - len(chunk.lstrip("([«\"'"))
        core = chunk[lead:].rstrip(")]».,;:!?\"'-")
        found = hyphenation_points(core, language) if core else []
        if preferred and found:
            found = joints(core, language) or found
        points = [lead + p for p in found]
        last = 0
        for point in points:
            parts.append(chunk[last:point] + "-")
            last = point
        parts.append(chunk[last:])
    return tuple(p for p in parts if p)


def soft_points(word: str, language: str = "nb", fits: Callable[[str], bool] | None = None) -> list[int]:
    """The positions in `word` (punctuation and hard hyphens included) where a soft hyphen may go.

    With `fits` (does a piece, with its hyphen, fit on a line of the column?): a compound's joints, and
    within a piece between them that still does not fit, its other hyphenation points."""
    points, start = [], 0
    for chunk in re.split(r"(?<=-)", word):
        lead = len(chunk) - len(chunk.lstrip("([«\"'"))
        core = chunk[lead:].rstrip(")]».,;:!?\"'-")
        allowed = hyphenation_points(core, language) if core else []
        if fits is not None and allowed:
            allowed = _preferred(chunk, lead, allowed, joints(core, language), fits)
        points += [start + lead + p for p in allowed]
        start += len(chunk)
    return points


def _preferred(chunk: str, lead: int, allowed: list[int], joints: list[int], fits: Callable[[str], bool]) -> list[int]:
    """The joints, and the other allowed points inside each piece between them that does not fit."""
    chosen = sorted(set(joints))
    bounds = [-lead, *chosen, len(chunk) - lead]
    for a, b in itertools.pairwise(bounds):
        piece = chunk[lead + a : lead + b] + ("-" if b < len(chunk) - lead else "")
        if not fits(piece):
            chosen += [p for p in allowed if a < p < b]
    return sorted(set(chosen))


@cache
def _dictionary(language: str) -> list[str] | None:
    """The entries of the målform's spelling dictionary (a word, perhaps with «/» and its affix flags), sorted
    for bisect (None: not installed). A sorted list, not a set: it takes a third of the time to make."""
    name = DICTIONARY_FILE.get(language, DICTIONARY_FILE["nb"])
    for folder in DICTIONARY_DIRS:
        path = folder / f"{name}.dic"
        if path.is_file():
            affix = folder / f"{name}.aff"
            encoding = "ISO8859-1"
            if affix.is_file():
                found = re.search(rb"^SET\s+(\S+)", affix.read_bytes(), re.MULTILINE)
                encoding = found.group(1).decode("ascii", "replace") if found else encoding
            entries = path.read_bytes().decode(encoding, "replace").split("\n")
            entries.sort()  # the file is nearly sorted: fast
            return entries
    return None


def _known(word: str, language: str) -> bool:
    """Is `word` (lower case) a word of the dictionary?"""
    entries = _dictionary(language)
    if not entries:
        return False
    i = bisect.bisect_left(entries, word)
    return i < len(entries) and (entries[i] == word or entries[i].startswith(word + "/"))


def dictionary_installed(language: str = "nb") -> bool:
    return _dictionary(language) is not None


@lru_cache(maxsize=4096)
def _parts(word: str, language: str) -> tuple[int, ...]:
    """Where `word` (lower case) splits into the fewest words of the dictionary (at least two, each of at least
    four letters; each but the last perhaps followed by a linking s or e, the last perhaps inflected), and
    among as many parts the split whose shortest part is longest. () when it does not split so."""
    if _dictionary(language) is None:
        return ()
    n = len(word)

    def stem(part: str, last: bool) -> str | None:
        """The dictionary word `part` is, with its linking letter or inflection; None if it is none."""
        endings = INFLECTIONS if last else ("", *LINKING)
        for ending in endings:
            root = part[: len(part) - len(ending)] if ending else part
            if part.endswith(ending) and len(root) >= MIN_PART and _known(root, language):
                return root
        return None

    # best[i]: (parts, -its shortest part, the joints) of the best split of word[:i] into non-final parts
    best: list[tuple[int, int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0, -n, ())
    for i in range(MIN_PART, n + 1):
        for j in range(i - MIN_PART + 1):
            before = best[j]
            root = stem(word[j:i], last=i == n) if before is not None else None
            if before is None or root is None or (j == 0 and i == n):
                continue
            candidate = (before[0] + 1, max(before[1], -len(root)), (*before[2], j) if j else ())
            current = best[i]
            if current is None or candidate[:2] < current[:2]:
                best[i] = candidate
    found = best[n]
    return found[2] if found is not None else ()


def joints(word: str, language: str = "nb") -> list[int]:
    """The hyphenation points of `word` where a compound's parts meet («Kommune|direktør»,
    «Tenesteeinings|leiar»), by the split into the fewest words of the dictionary."""
    parts = set(_parts(word.lower(), language))
    return [p for p in hyphenation_points(word, language) if p in parts]
