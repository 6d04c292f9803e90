"""The last gate before output/: no text of a closed item in any public artefact.

Closed items (unntatt offentlighet) are kept out of public documents path by path (context/):
the neutral title in invitations, calendars and public minutes, no measures, no attachments. This
gate does not trust those paths. Right before a build's staging folder is swapped into output/
(build.engine), it reads every public artefact there and refuses the build, naming artefact,
place and item, if one holds a text of a closed item:

- what is public: every file but the PDF and Word file of a document whose arkivmelding carries
  <skjerming> (the internal minutes). The arkivmeldinger, manifest.json and calendar files are public;
- what is read: PDF page text (drawing order; headers and footers, and the body text across page
  breaks), every string of the PDF's objects (Info, bookmarks, the structure tree's /Alt,
  /ActualText, /T and /E, field names, link targets) and its XMP metadata (archive.pdftext); every
  part of a .docx (text joined over runs, and attribute values such as an image's alt text); .ics
  unfolded and unescaped; XML and JSON as text;
- the closed texts: of every closed sak of every meeting its title, introducer, account (referat),
  decision (vedtak), attachment titles and file names, follow-up actions and responsible, the
  comments reported on the plan there; and of every plan measure adopted in a closed sak its text
  and indicator. A long text is also looked for sentence by sentence and paragraph by paragraph;
- how texts are compared: Unicode NFKC (ligatures become letters), case folded, and everything
  but letters and digits dropped, so spaces, line breaks, hyphens at line ends, soft hyphens and
  punctuation do not hide a text; a closed text is found when it stands in an artefact as one run;
- what is not a closed text, so that the gate does not stop builds for nothing: a text of fewer
  than MIN_CHARS letters and digits («Orientering», «Eventuelt»), and a text that also stands in a
  public input — the region's YAML outside closed items (the neutral title, open items, the
  agreement, the plan's public wording, the evaluation), the Word templates' own wording, and the
  PDF attachments of open items. A secretary who writes a text in a public place has made it public.

Read texts are kept per file content (SHA-256) in a cache file beside the build state, so a build
reads again only the files it made anew.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zipfile
from bisect import bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from politidok.core.errors import ToolError

MIN_CHARS = 16  # letters and digits a closed text needs before it counts
SHOWN = 25  # findings listed in the message
_NOT_ALNUM = re.compile(r"[\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n")
_SKJERMING = b"<skjerming>"
_ARKIVMELDING = re.compile(r"^arkivmelding-(.+)\.xml$")
_BODY = re.compile(r"^side \d+$")
CACHE_VERSION = 1
# parts of a Word file that hold no text (pictures, embedded fonts and objects); every other part is read
BINARY_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".odttf", ".ttf", ".bin")


def normalise(text: str) -> str:
    """Letters and digits only, case folded, after NFKC: 'Over-\\nvåking ﬁ' -> 'overvåkingfi'."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Secret:
    text: str  # normalised
    item: str  # e.g. "sak 3/25 i moter/2025-03-11-al.yaml"
    field: str  # e.g. "tittel", "vedtak", "tiltak"


@dataclass(frozen=True)
class Finding:
    artefact: str  # file name in output/<region>/
    where: str  # place in the artefact, e.g. "side 2", "word/document.xml"
    secret: Secret

    def __str__(self) -> str:
        return f"{self.artefact} ({self.where}): {self.secret.field} i {self.secret.item}"


class LeakError(ToolError):
    """A public artefact holds a closed item's text: the build stops before output/ is touched."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = [f"  {f}" for f in findings[:SHOWN]]
        if len(findings) > SHOWN:
            lines.append(f"  … og {len(findings) - SHOWN} til")
        super().__init__(
            "Stopper byggingen: tekst fra en sak unntatt offentlighet står i en offentlig fil.\n"
            + "\n".join(lines)
            + "\nBare det interne referatet (med skjerming i arkivmeldingen) kan ha den. Ingenting er skrevet til "
            "output/. Sjekk malen dokumentet er laget av; skyldes det ikke malen, er det en feil i politidok: meld den."
        )


# --- the closed texts, and the public ones -----------------------------------------------------


def _pieces(text: str | None) -> list[str]:
    """A text, its paragraphs and its sentences."""
    if not text:
        return []
    parts = [text, *re.split(r"\n\s*\n", text), *_SENTENCE.split(text)]
    return list(dict.fromkeys(p for p in parts if p.strip()))


def _variants(text: str | None) -> list[str]:
    """A text; one written in both målformer (load.values.Tospraakleg) as each of them."""
    variants = getattr(text, "variants", None)
    return list(variants.values()) if variants else [text or ""]


def _closed(region) -> Iterator[tuple[str, str, str]]:
    """(text, item, field) of every closed item and of every plan measure adopted in one, in each målform."""
    for text, item, field_name in _closed_fields(region):
        for variant in _variants(text):
            yield variant, item, field_name


def _closed_fields(region) -> Iterator[tuple[str, str, str]]:
    from politidok.context.handlingsplan import closed_adoption

    for name, mote in region.moter.items():
        for sak in mote.saker:
            if not sak.unntatt_offentlighet:
                continue
            item = f"sak {sak.nummer} i moter/{name}.yaml"
            for field_name, text in (
                ("tittel", sak.tittel),
                ("innleder", sak.innleder),
                ("referat", sak.referat),
                ("vedtak", sak.vedtak),
            ):
                yield text or "", item, field_name
            for v in sak.vedlegg:
                yield v.tittel or "", item, "vedleggets tittel"
                yield Path(v.fil).stem if v.fil else "", item, "vedleggets filnavn"
            for t in sak.tiltak:
                yield t.tiltak, item, "tiltak"
                yield t.ansvarlig or "", item, "ansvarlig for et tiltak"
            for r in sak.rapportert:
                yield r.kommentar or "", item, f"kommentar til {r.tiltak}"
    for year, plan in region.handlingsplaner.items():
        for t in plan.tiltak:
            sak = closed_adoption(t, region.moter)
            if sak is None:
                continue
            item = f"tiltak {t.id} i handlingsplan/{year}.yaml (vedtatt i sak {t.vedtatt.sak}, unntatt offentlighet)"
            yield t.tiltak, item, "tiltak"
            yield t.effektindikator or "", item, "effektindikator"


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield from _variants(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def public_inputs(region) -> Iterator[str]:
    """Every text of the region's YAML that public documents may show: all but closed items."""
    from politidok.context.handlingsplan import closed_adoption

    yield from _strings(region.avtale.model_dump())
    for sak in region.saker.values():
        yield from _strings(sak.model_dump())
    for evaluering in region.evalueringer.values():
        yield from _strings(evaluering.model_dump())
    for mote in region.moter.values():
        yield from _strings(mote.model_dump(exclude={"saker"}))
        for sak in mote.saker:
            if sak.unntatt_offentlighet:
                yield from _strings(sak.model_dump(include={"nummer", "offentlig_tittel", "unntatt_offentlighet"}))
            else:
                yield from _strings(sak.model_dump())
    for plan in region.handlingsplaner.values():
        yield from _strings(plan.model_dump(exclude={"tiltak"}))
        for t in plan.tiltak:
            if closed_adoption(t, region.moter) is not None:
                yield from _strings(t.model_dump(include={"id", "offentlig_tekst", "ansvarlig"}))
            else:
                yield from _strings(t.model_dump())


def public_attachments(region) -> list[Path]:
    """The PDF files attached to open items: their text is public input too (it is in the packs)."""
    from politidok.load import attachment_path

    found = []
    for mote in region.moter.values():
        for sak in mote.saker:
            if sak.unntatt_offentlighet:
                continue
            for v in sak.vedlegg:
                if v.fil:
                    found.append(attachment_path(region.folder, v.fil))  # checked by the loader already
    return found


def candidates(region) -> list[Secret]:
    """The closed texts of MIN_CHARS letters and digits or more (not yet compared with the public inputs)."""
    out: dict[str, Secret] = {}
    for text, item, field_name in _closed(region):
        for piece in _pieces(text):
            norm = normalise(piece)
            if len(norm) >= MIN_CHARS and norm not in out:
                out[norm] = Secret(norm, item, field_name)
    return list(out.values())


def _not_in(found: list[Secret], texts: list[str]) -> list[Secret]:
    public = "\0".join(texts)
    return [s for s in found if s.text not in public]


def secrets(region, templates: Path | None = None, cache: TextCache | None = None) -> list[Secret]:
    """The closed texts worth looking for: long enough, and in no public input (the YAML outside closed
    items first; the templates' wording and open attachments only when a candidate is left)."""
    found = candidates(region)
    if found:
        found = _not_in(found, [normalise(t) for t in public_inputs(region)])
    if found:
        cache = cache or TextCache(None)
        files = sorted(templates.rglob("*.docx")) if templates is not None and templates.is_dir() else []
        texts = [t for path in [*files, *public_attachments(region)] if path.is_file() for _w, t in cache.texts(path)]
        found = _not_in(found, texts)
    return found


# --- reading artefacts -------------------------------------------------------------------------


# texts read in this process, by content: files read ahead while LibreOffice converts (prefetch), and a
# warm server's earlier builds
_READ: dict[str, list] = {}
READ_LIMIT = 4000


def prefetch(path: Path) -> None:
    """Read a file's texts now: the build calls this in its checking thread as each PDF is written, so that
    the gate, after the last conversion, finds them read."""
    TextCache(None).texts(path)


class TextCache:
    """The normalised texts of files, by SHA-256 of their bytes; kept in a JSON file between builds."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: dict[str, list] = {}
        self.known: dict[str, list] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION and data.get("code") == _code():
                    self.known = data.get("files", {})
            except (OSError, ValueError, AttributeError):
                self.known = {}

    def texts(self, path: Path) -> list[tuple[str, str]]:
        """(where, normalised text) of a file."""
        if path.suffix.lower() == ".docx" and zipfile.is_zipfile(path):
            return self._docx(path)
        return self._get(hashlib.sha256(path.read_bytes()).hexdigest(), lambda: read_texts(path))

    def _get(self, key: str, read) -> list[tuple[str, str]]:
        found = self.known.get(key)
        found = _READ.get(key) if found is None else found
        if found is None:
            found = [[where, norm] for where, text in read() if (norm := normalise(text))]
            if len(_READ) >= READ_LIMIT:
                _READ.clear()
            _READ[key] = found
        self.known[key] = self.used[key] = found
        return [(w, t) for w, t in found]

    def _docx(self, path: Path) -> list[tuple[str, str]]:
        """A Word file part by part, each known by its name, CRC-32 and size: the parts a document shares
        with its template and the other documents (styles, theme, fonts, settings) are read once."""
        from politidok.archive.pdftext import xml_texts

        out: list[tuple[str, str]] = []
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith(BINARY_PARTS):
                    key = f"docx:{info.filename}:{info.CRC:08x}:{info.file_size}"

                    def read(info=info) -> list[tuple[str, str]]:
                        text = archive.read(info).decode("utf-8", "replace")
                        return [(info.filename, t) for t in xml_texts(text, MIN_CHARS)]

                    out += self._get(key, read)
        return out

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        body = {"version": CACHE_VERSION, "code": _code(), "files": self.used}
        tmp.write_text(json.dumps(body, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def _code() -> str:
    """A digest of the readers (this module and pdftext): a change reads every file again."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256((here / "leaks.py").read_bytes() + (here / "pdftext.py").read_bytes()).hexdigest()[:16]


def read_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of one artefact, by its kind."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from politidok.archive import pdftext

        found = pdftext.read(path)
        bodies = [(f"side {n}", body) for n, (body, _a) in enumerate(found.pages, 1)]
        artifacts = [(f"side {n}, topp- og bunntekst", a) for n, (_b, a) in enumerate(found.pages, 1)]
        return [*bodies, *artifacts, *found.strings]
    text = path.read_bytes().decode("utf-8", "replace")
    if suffix == ".ics":
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        return [("kalender", re.sub(r"\\([,;nN\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded))]
    if suffix == ".xml":
        from politidok.archive.pdftext import xml_texts

        return [("XML", t) for t in xml_texts(text)]
    if suffix == ".json":
        try:
            return [("JSON", "\n".join(_strings(json.loads(text))))]
        except ValueError:
            pass
    return [("tekst", text)]


def internal_files(folder: Path) -> set[str]:
    """The PDF and Word files of documents whose arkivmelding carries skjerming (the internal minutes)."""
    out = set()
    for xml in folder.glob("arkivmelding-*.xml"):
        match = _ARKIVMELDING.match(xml.name)
        if match and _SKJERMING in xml.read_bytes():
            out |= {f"{match.group(1)}.pdf", f"{match.group(1)}.docx"}
    return out


# --- the gate ----------------------------------------------------------------------------------


def scan(folder: Path, found: list[Secret], cache: TextCache | None = None) -> list[Finding]:
    """The closed texts found in the public artefacts of `folder`."""
    if not found:
        return []
    cache = cache or TextCache(None)
    internal = internal_files(folder)
    findings = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.name in internal:
            continue
        texts = cache.texts(path)
        # the bodies of pages one after another join up (a text over a page break); the rest apart
        glue = [
            "" if _BODY.match(w) and i and _BODY.match(texts[i - 1][0]) else "\0" for i, (w, _t) in enumerate(texts)
        ]
        hay = "".join(g + t for g, (_w, t) in zip(glue, texts, strict=True))
        starts = list(accumulate(len(g) + len(t) for g, (_w, t) in zip(glue, texts, strict=True)))
        starts = [0, *starts[:-1]]
        name = normalise(path.stem)
        for secret in found:
            index = hay.find(secret.text)
            if index >= 0:
                findings.append(Finding(path.name, texts[bisect_right(starts, index) - 1][0], secret))
            elif secret.text in name:
                findings.append(Finding(path.name, "filnavnet", secret))
    return findings


def check(
    folder: Path,
    region,
    templates: Path | None = None,
    cache_file: Path | None = None,
    archived: Collection[str] = frozenset(),
) -> list[str]:
    """Refuse (LeakError) a staged folder whose public artefacts hold a closed item's text.

    A file already archived (`archived`: names in the ledger) is delivered and kept as it is; a
    finding there does not stop the build but comes back as a warning (Norwegian) for the log."""
    if not candidates(region):  # no closed item: nothing to look for, nothing read
        return []
    cache = TextCache(cache_file)
    findings = scan(folder, secrets(region, templates, cache), cache)
    cache.save()
    stop = [f for f in findings if f.artefact not in archived]
    if stop:
        raise LeakError(stop)
    return [
        f"{f.artefact} er arkivert, men har tekst fra en sak unntatt offentlighet ({f.where}: {f.secret.field} i "
        f"{f.secret.item}). Lag en rettet versjon (politidok build REGION --ny-versjon "
        f"{Path(f.artefact).stem}), og be arkivet skjerme originalen."
        for f in findings
    ]
