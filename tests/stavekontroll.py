"""Spelling of generated PDFs with Debian's hunspell (hunspell-no: nb_NO, nn_NO) and tests/ordliste.txt.

A word in a PDF is right when
  - the dictionary of the document's own målform knows it (template text must be in the document's målform), or
  - it is in tests/ordliste.txt (names, place names, council terms the dictionaries lack), or
  - it comes from the region's YAML (what the secretary wrote: names, titles, minutes) and the dictionary of
    either målform knows it: a joint meeting's texts are written once and shown in both målformer.
Hyphenated words are checked whole, then part by part; a word broken over two lines is joined first.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

ORDLISTE = Path(__file__).resolve().parent / "ordliste.txt"
DICTIONARY = {"nb": "nb_NO", "nn": "nn_NO"}
_URL = re.compile(r"\S+\.(?:no|com|org)\S*|\S+@\S+")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*-?")


@lru_cache(maxsize=1)
def ordliste() -> frozenset[str]:
    words = set()
    for line in ORDLISTE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.casefold())
    return frozenset(words)


def _latin1(word: str) -> bool:
    try:
        word.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def unknown_to(dictionary: str, words: set[str]) -> set[str]:
    """The words hunspell's `dictionary` does not know (words it cannot even encode count as unknown)."""
    asked = sorted(w for w in words if _latin1(w))
    out = {w for w in words if not _latin1(w)}
    if asked:
        proc = subprocess.run(
            ["hunspell", "-i", "UTF-8", "-d", dictionary, "-l"],
            input="\n".join(asked),
            capture_output=True,
            text=True,
            check=True,
        )
        out |= set(proc.stdout.split())
    return out


def tokens(text: str) -> list[str]:
    """Words of a text (pdftotext), with a word broken at a line end joined to its rest."""
    out: list[str] = []
    for line in _URL.sub(" ", text).splitlines():
        found = _TOKEN.findall(line)
        if out and out[-1].endswith("-") and found:
            out[-1] = out[-1] + "\0" + found.pop(0)  # decided later: one word broken by hyphenation, or two
        out += found
    return [t.rstrip("-") for t in out]


def _candidates(token: str) -> list[list[str]]:
    """Ways to read a token, each a list of words that must all be right."""
    if "\0" in token:
        first, rest = token.split("\0", 1)
        return [[first.rstrip("-") + rest]] + [_split(first.rstrip("-") + "-" + rest)]
    return [[token], _split(token)]


def _split(token: str) -> list[str]:
    return [p for p in re.split(r"[-‐]", token) if len(p) > 1]


def misspelled(texts: dict[str, tuple[str, str]], yaml_words: set[str]) -> dict[str, set[str]]:
    """{document: (målform, text)} -> {document: unknown words}."""
    per_doc = {name: (sprak, tokens(text)) for name, (sprak, text) in texts.items()}
    words: set[str] = set()
    for _sprak, toks in per_doc.values():
        for t in toks:
            for reading in _candidates(t):
                words.update(reading)
    words = {w for w in words if len(w) > 1}
    unknown = {code: unknown_to(dic, words) for code, dic in DICTIONARY.items()}
    known_words = ordliste()

    def right(word: str, sprak: str) -> bool:
        if len(word) <= 1 or word.casefold() in known_words:
            return True
        if word not in unknown[sprak]:
            return True
        if word.casefold() in yaml_words:
            return any(word not in unknown[other] for other in DICTIONARY)
        return False

    out: dict[str, set[str]] = {}
    for name, (sprak, toks) in per_doc.items():
        bad = {t.replace("\0", "") for t in toks if not any(all(right(w, sprak) for w in r) for r in _candidates(t))}
        if bad:
            out[name] = bad
    return out


def yaml_words(region_dir: Path) -> set[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(region_dir.rglob("*.yaml")))
    return {w.casefold() for t in _TOKEN.findall(text) for w in [t.rstrip("-"), *_split(t)] if w}


def pdf_texts(output_region: Path) -> dict[str, tuple[str, str]]:
    """Every document PDF of a built region (packages are made of them) with its målform, from manifest.json.

    In the order the text is drawn (pdftotext -raw): the lines of a table cell follow one another, so that a
    word hyphenated at the end of a cell's line is joined to its rest (in -layout the next column came between)."""
    import json

    manifest = json.loads((output_region / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for entry in manifest["files"]:
        if not entry["path"].endswith(".pdf") or entry["kind"] == "pakke":
            continue
        text = subprocess.run(
            ["pdftotext", "-raw", str(output_region / entry["path"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out[entry["path"]] = (entry["language"], text)
    return out
