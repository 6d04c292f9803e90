"""Spelling of generated PDFs with Debian's hunspell (hunspell-no: nb_NO, nn_NO) and tests/ordliste*.txt.

A word in a PDF is right when
  - the dictionary of the document's own målform knows it (template text must be in the document's målform), or
  - it is in tests/ordliste.txt (names, place names, council terms the dictionaries lack), or in the word
    list of the document's målform (tests/ordliste-nn.txt: nynorsk words nn_NO lacks), or
  - it comes from the region's YAML (what the secretary wrote: names, titles, minutes) and the dictionary of
    either målform knows it: a joint meeting's texts are written once and shown in both målformer.
Hyphenated words are checked whole, then part by part; a word broken over two lines is joined first.

The other målform's forms (`foreign_forms`): in a nynorsk document, a word nn_NO rejects and nb_NO accepts is
a bokmål form («ikke», «kommunene», «tjenestetilbud»), and the other way round in a bokmål document. They are
looked for in a document's fixed text only, the text politidok and its templates write: the text that comes
from the region's YAML (`yaml_strings`: every string the secretary wrote, as a run of words) is taken out
first, since a joint meeting shows what was written once in both målformer.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from itertools import product
from pathlib import Path

ORDLISTE = Path(__file__).resolve().parent / "ordliste.txt"  # both målformer; ordliste-nn.txt: nynorsk only
DICTIONARY = {"nb": "nb_NO", "nn": "nn_NO"}
_URL = re.compile(r"\S+\.(?:no|com|org)\S*|\S+@\S+")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*-?")


@lru_cache(maxsize=4)
def ordliste(sprak: str | None = None) -> frozenset[str]:
    """The project's word list; with a målform, also that målform's own list (ordliste-nn.txt …)."""
    files = [ORDLISTE] + ([ORDLISTE.with_name(f"ordliste-{sprak}.txt")] if sprak else [])
    words = set()
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
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
    broken = False  # the line before ended in a word and a hyphen
    for line in _URL.sub(" ", text).splitlines():
        found = _TOKEN.findall(line)
        joined = broken and bool(found)
        if joined:
            out[-1] = out[-1] + "\0" + found.pop(0)  # decided later: one word broken by hyphenation, or two
        out += found
        # the line's last word ends in a hyphen: also when it is the piece just joined («kom-|munedirek-|tør»)
        last = found[-1] if found else (out[-1].rsplit("\0", 1)[-1] if joined else "")
        broken = last.endswith("-") and line.rstrip().endswith(last)
    return [t.rstrip("-") for t in out]


def _candidates(token: str) -> list[list[str]]:
    """Ways to read a token, each a list of words that must all be right: at each line break (\\0) the
    hyphen is hyphenation (one word) or part of the word (words joined by a hyphen, each checked)."""
    if "\0" not in token:
        return [[token], _split(token)]
    pieces = token.split("\0")
    readings = []
    for kept in product((False, True), repeat=len(pieces) - 1):
        word = pieces[0]
        for piece, hyphen in zip(pieces[1:], kept, strict=True):
            word = word.rstrip("-") + ("-" if hyphen else "") + piece
        readings.append(_split(word) if any(kept) else [word])
    return readings


def _split(token: str) -> list[str]:
    return [p for p in re.split(r"[-‐]", token) if len(p) > 1]


def misspelled(
    texts: dict[str, tuple[str, str]],
    yaml_words: set[str],
    tagged: dict[str, list[tuple[str, str]]] | None = None,
) -> dict[str, set[str]]:
    """{document: (målform, text)} -> {document: unknown words}.

    `tagged`: per document, the texts its PDF marks as another language (`other_language_texts`): they are
    checked in their own målform (a bokmål quotation in a nynorsk document), or not at all (Sami names).
    """
    tagged = tagged or {}
    per_doc = {}
    for name, (sprak, text) in texts.items():
        per_doc[name] = (sprak, fixed_tokens(text, [t for t, _lang in tagged.get(name, [])]))
        for n, (quoted, lang) in enumerate(tagged.get(name, [])):
            if lang[:2] in DICTIONARY:
                per_doc[f"{name} [{lang} {n + 1}]"] = (lang[:2], tokens(quoted))
    words: set[str] = set()
    for _sprak, toks in per_doc.values():
        for t in toks:
            for reading in _candidates(t):
                words.update(reading)
    words = {w for w in words if len(w) > 1}
    unknown = {code: unknown_to(dic, words) for code, dic in DICTIONARY.items()}

    def right(word: str, sprak: str) -> bool:
        if len(word) <= 1 or word.casefold() in ordliste(sprak):
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


def pdf_texts(output_region: Path, layout: bool = True) -> dict[str, tuple[str, str]]:
    """Every document PDF of a built region (packages are made of them) with its målform, from manifest.json.

    With `layout`, in the order the text is drawn (pdftotext -raw): the lines of a table cell follow one
    another, so that a word hyphenated at the end of a cell's line is joined to its rest (in -layout the next
    column came between); without, in reading order (pdftotext's default)."""
    import json

    manifest = json.loads((output_region / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for entry in manifest["files"]:
        if not entry["path"].endswith(".pdf") or entry["kind"] == "pakke":
            continue
        text = subprocess.run(
            ["pdftotext", *(["-raw"] if layout else []), str(output_region / entry["path"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out[entry["path"]] = (entry["language"], text)
    return out


# --- the other målform's forms in a document's fixed text --------------------------------------------------

OTHER = {"nb": "nn", "nn": "nb"}
# YAML keys whose values are codes politidok translates or looks up, not text the secretary wrote into a
# document: their words are the template's business and stay in the fixed text.
CODE_KEYS = frozenset(
    {"malform", "noytral_malform", "sprak", "status", "deltakelse", "slag", "koordinator", "id", "satsingsomrade"}
    | {"preposisjon", "felt", "fil", "dokument", "mote", "sak", "nettside"}
)
# Role titles («Ordfører», «Tjenesteenhetsleder», «kommunedirektørene») are vocabulary, not free text: a
# nynorsk document names the roles in nynorsk whatever målform the YAML was written in. Their words stay in
# the fixed text too: the keys that hold a role, and «tittel» in a list of people.
ROLE_KEYS = frozenset({"innleder", "referent", "sekretar", "leder", "ansvarlig", "saksbehandler", "omtale"})
PEOPLE_LISTS = frozenset({"medlemmer", "til_stede", "forfall", "signatarer"})
_PAGE_FURNITURE = re.compile(r"^\s*Side \d+ av \d+\s*$", re.MULTILINE)
_SENTENCE = re.compile(r"[.;:!?()«»\u2013]\s")


def yaml_strings(region_dir: Path) -> list[str]:
    """Every text the secretary wrote in the region's YAML files: string values, not keys, codes, role
    titles, dates, numbers or comments."""
    import yaml

    out: list[str] = []

    def walk(value, key: str | None = None, within: str | None = None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k), key if within is None or key is not None else within)
        elif isinstance(value, list):
            for v in value:
                walk(v, None, key)
        elif isinstance(value, str):
            role = key in ROLE_KEYS or (key == "tittel" and within in PEOPLE_LISTS)
            if key not in CODE_KEYS and not role and not (key == "kommune" and value == "alle"):
                out.append(value)

    for path in sorted(region_dir.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def _key(token: str) -> str:
    """A word as matched against the YAML's words: without hyphens, line-break marks and case."""
    return re.sub(r"[-‐\0]", "", token).casefold()


def _runs(strings: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The YAML's texts as runs of words, whole and cut at sentence marks (a page break or a table cell
    can cut a text; a piece of two words or more is still the secretary's), by their first word."""
    runs: set[tuple[str, ...]] = set()
    for text in strings:
        whole = tuple(k for t in _TOKEN.findall(text) if (k := _key(t)))
        if whole:
            runs.add(whole)
        for piece in _SENTENCE.split(text):
            part = tuple(k for t in _TOKEN.findall(piece) if (k := _key(t)))
            if len(part) >= 2:
                runs.add(part)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for run in runs:
        by_first.setdefault(run[0], []).append(run)
    return by_first


def _matches(toks: list[str], i: int, run: tuple[str, ...]) -> int:
    """How many tokens from toks[i] the run of words covers (0: it does not start there). A word broken
    over two lines («politi-» «og», joined as one token) may be one word of the run, or two."""
    j = 0
    while j < len(run):
        if i >= len(toks):
            return 0
        token = toks[i]
        if "\0" in token:
            first, rest = (_key(p) for p in token.split("\0", 1))
            if first + rest == run[j]:
                j += 1
            elif first == run[j] and (j + 1 == len(run) or rest == run[j + 1]):
                j += 2
            else:
                return 0
        elif _key(token) == run[j]:
            j += 1
        else:
            return 0
        i += 1
    return i


def fixed_tokens(text: str, strings: list[str]) -> list[str]:
    """The tokens (as `tokens` gives them) of a document's text that do not come from the YAML's texts."""
    toks = tokens(_PAGE_FURNITURE.sub(" ", text))
    by_first = _runs(strings)
    free = [False] * len(toks)
    for i, token in enumerate(toks):
        starts = {_key(token), _key(token.split("\0", 1)[0])}
        for run in (r for k in starts for r in by_first.get(k, ())):
            end = _matches(toks, i, run)
            if end:
                free[i:end] = [True] * (end - i)
        if "\0" in token:  # a run that begins with the second half of a broken word («politi-» «og …»)
            for run in by_first.get(_key(token.split("\0", 1)[1]), ()):
                end = _matches(toks, i + 1, run[1:]) if len(run) > 1 else i + 1
                if end:
                    free[i:end] = [True] * (end - i)
    return [t for t, f in zip(toks, free, strict=True) if not f]


def other_language_texts(pdf: Path, sprak: str) -> list[tuple[str, str]]:
    """(text, language) for each text a tagged PDF marks as another language than its målform (/Lang on a
    span or a block): a quotation in bokmål in a nynorsk document, a Sami name. A screen reader reads them
    in their language, and the checks of the målform leave them out."""
    from politidok.assemble.reading import read_aloud

    own = {"nb": "nb-NO", "nn": "nn-NO"}[sprak]
    found = []
    for line in read_aloud(pdf):
        found += [(t, lang) for t, lang in re.findall(r"\(([^()]+?): språk ([^()\s]+)\)", line) if lang != own]
        block = re.match(r"^\s*(?:\[[^]]*\] )?(.*) \(språk ([^()\s:]+)\)", line)
        if block and block.group(2) != own:
            found.append((block.group(1), block.group(2)))
    return found


def foreign_forms(
    texts: dict[str, tuple[str, str]], strings: list[str], tagged: dict[str, list[tuple[str, str]]] | None = None
) -> dict[str, set[str]]:
    """{document: (målform, text)} -> {document: the other målform's forms in its fixed text}.

    `strings`: the region's YAML texts (`yaml_strings`); `tagged`: per document, texts the PDF marks as
    another language (`other_language_texts`). A token is a form of the other målform when no reading of
    it is all in the document's målform (its dictionary or word lists), and a reading is all known to the
    two dictionaries with at least one word only the other målform's dictionary knows.
    """
    tagged = tagged or {}
    per_doc = {
        name: (sprak, fixed_tokens(text, strings + [t for t, _lang in tagged.get(name, [])]))
        for name, (sprak, text) in texts.items()
    }
    words = {w for _s, toks in per_doc.values() for t in toks for r in _candidates(t) for w in r if len(w) > 1}
    unknown = {code: unknown_to(dic, words) for code, dic in DICTIONARY.items()}
    out: dict[str, set[str]] = {}
    for name, (sprak, toks) in per_doc.items():
        listed = ordliste(sprak)

        def own(word: str, sprak: str = sprak, listed: frozenset[str] = listed) -> bool:
            return len(word) <= 1 or word.casefold() in listed or word not in unknown[sprak]

        found: set[str] = set()
        for token in toks:
            readings = [[w for w in r if len(w) > 1] for r in _candidates(token)]
            if any(all(own(w) for w in r) for r in readings):
                continue
            for r in readings:
                if all(own(w) or w not in unknown[OTHER[sprak]] for w in r):
                    found |= {w for w in r if not own(w)}
                    break
        if found:
            out[name] = found
    return out


def region_foreign_forms(output_region: Path, region_dir: Path) -> dict[str, tuple[str, set[str]]]:
    """{document: (målform, the other målform's forms in its fixed text)} for a built region's documents.

    Found in both of pdftotext's texts: laid out, a table row runs its cells' words together, and in
    reading order, a word broken at a line end loses its hyphen («politi- og» becomes «politiog»); either can
    keep a YAML text from being recognised, never both.
    """
    strings = yaml_strings(region_dir)
    laid_out, flowing = pdf_texts(output_region), pdf_texts(output_region, layout=False)
    tagged = {name: other_language_texts(output_region / name, sprak) for name, (sprak, _t) in laid_out.items()}
    first, second = foreign_forms(laid_out, strings, tagged), foreign_forms(flowing, strings, tagged)
    both = {name: first[name] & second.get(name, set()) for name in first}
    return {name: (laid_out[name][0], words) for name, words in both.items() if words}
