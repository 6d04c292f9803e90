"""What a Word template may contain, checked before anything else reads it (issue 24).

Templates are edited by secretaries and may come from anywhere, so every template is treated as
hostile input. Before the lint or docxtpl reads a part:

- sizes: the file, each part (unpacked) and all parts together have limits (LIMITS below; a real
  template is 10–200 KB, its largest part a picture of a few MB), and unpacking stops at the limit
  whatever the zip's own header claims;
- XML: every XML part must parse, and none may declare a DOCTYPE or entities (billion laughs,
  external entities);
- nothing from outside: a relationship with TargetMode="External" (a linked picture, OLE object,
  attachedTemplate, subDocument, frame, file: link …) is refused, except an ordinary web or e-mail
  hyperlink; so are altChunk (an imported HTML/RTF/Word file, which can load pictures itself),
  field codes that fetch (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT) and VML's
  href/src links. Internal relationships must point at a part of the package;
- the main part must be an ordinary Word document (not a .docm, .dotx or .dotm).

Macros (vbaProject) are not refused here but dropped from the rendered document (render_docx).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from politidok.core.errors import Problem, quote


@dataclass(frozen=True)
class Limits:
    template_bytes: int = 20_000_000  # the .docx file itself
    part_bytes: int = 10_000_000  # one part, unpacked (a picture …)
    xml_part_bytes: int = 5_000_000  # one XML part, unpacked (document.xml: a real one is 20–500 KB)
    unpacked_bytes: int = 40_000_000  # all parts together, unpacked
    parts: int = 1_000  # entries in the zip


LIMITS = Limits()

RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OTHER_MAINS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "Word-dokument med makroer (.docm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "Word-mal (.dotx)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "Word-mal med makroer (.dotm)",
}
SAVE_AS_DOCX = "Åpne den i Word og lagre den som «Word-dokument (.docx)»."

# what a relationship of each type is, for the message (the last part of its Type)
KINDS = {
    "image": "et bilde",
    "oleObject": "et OLE-objekt",
    "package": "et innebygd dokument",
    "aFChunk": "et innsatt dokument (altChunk)",
    "attachedTemplate": "en tilknyttet mal (attachedTemplate)",
    "subDocument": "et underdokument",
    "frame": "en ramme",
    "hyperlink": "en lenke",
    "audio": "en lyd",
    "video": "en video",
    "media": "en mediefil",
    "control": "en kontroll (ActiveX)",
    "font": "en font",
    "mailMergeSource": "en flettekilde",
    "mailMergeHeaderSource": "en flettekilde",
    "recipientData": "en flettekilde",
    "dataSource": "en datakilde",
    "xmlSchema": "et XML-skjema",
    "transform": "en XSLT-transformasjon",
}
WEB_SCHEMES = ("http", "https", "mailto")
# field codes that make Word or LibreOffice fetch a file or URL, or talk to another program
FETCHING_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDEAUTO", "DDE", "IMPORT", "RD"}
XML_NAME = re.compile(r"(\.xml|\.rels|\.vml)$", re.IGNORECASE)
URLISH = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//|/)", re.IGNORECASE)

_SAFE = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, recover=False
)


class _TooBig(Exception):
    pass


def inspect(path: Path, display: str, limits: Limits | None = None) -> list[Problem]:
    """Every problem of the package of one template (empty: safe to hand to the lint and docxtpl)."""
    limits = limits or LIMITS
    data, found = read_template(path, display, limits)
    return found if data is None else inspect_bytes(data, display, limits)


def read_template(path: Path, display: str, limits: Limits | None = None) -> tuple[bytes | None, list[Problem]]:
    """A template's bytes, or the problem why they cannot be read (not a file, too large)."""
    limits = limits or LIMITS
    try:
        if not path.is_file():
            return None, [Problem(display, 1, "", "malen er ikke en vanlig fil")]
        size = path.stat().st_size
        if size <= limits.template_bytes:
            with path.open("rb") as f:
                data = f.read(limits.template_bytes + 1)
            size = len(data)
        if size > limits.template_bytes:
            return None, [
                Problem(
                    display,
                    1,
                    "",
                    f"malen er {_mb(size)}; en mal kan være høyst {_mb(limits.template_bytes)}. "
                    "Gjør bildene i den mindre (Komprimer bilder i Word).",
                )
            ]
    except OSError:
        return None, [Problem(display, 1, "", "malen kan ikke leses")]
    return data, []


def inspect_bytes(data: bytes, display: str, limits: Limits | None = None) -> list[Problem]:
    """inspect() of a template's bytes."""
    limits = limits or LIMITS

    def problem(part: str, message: str) -> Problem:
        return Problem(display, 1, part, message)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _inspect_zip(z, problem, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return [problem("", "filen er ikke en Word-fil (.docx) som kan leses")]


def _inspect_zip(z: zipfile.ZipFile, problem, limits: Limits) -> list[Problem]:
    infos = z.infolist()
    if len(infos) > limits.parts:
        return [problem("", f"malen har {len(infos)} deler; en mal kan ha høyst {limits.parts}")]
    found: list[Problem] = []
    total = 0
    names: set[str] = set()
    for info in infos:
        if info.filename in names:
            found.append(problem(info.filename, "delen finnes to ganger i filen"))
        names.add(info.filename)
        total += info.file_size
    xml_types = _xml_types(z, names, limits)

    def is_xml(name: str) -> bool:
        return bool(XML_NAME.search(name) or xml_types(name))

    for info in infos:
        if info.file_size > _limit(info.filename, is_xml, limits):
            found.append(problem(info.filename, _too_big(info.file_size, info.filename, is_xml, limits)))
    if total > limits.unpacked_bytes:
        found.append(
            problem(
                "",
                f"malen er {_mb(total)} utpakket; en mal kan være høyst {_mb(limits.unpacked_bytes)} utpakket. "
                "Gjør bildene i den mindre (Komprimer bilder i Word).",
            )
        )
    if found:
        return found
    trees: dict[str, etree._Element] = {}
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        limit = _limit(name, is_xml, limits)
        try:
            data = _read(z, info, limit)
        except _TooBig:
            found.append(problem(name, _too_big(limit + 1, name, is_xml, limits)))
            continue
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
            found.append(problem(name, "delen kan ikke pakkes ut (skadet, kryptert eller ukjent komprimering)"))
            continue
        if not is_xml(name):
            continue
        try:
            root = etree.fromstring(data, _SAFE)
        except etree.XMLSyntaxError as exc:
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                found.append(problem(name, _doctype()))
            else:
                line = f" (linje {exc.lineno})" if getattr(exc, "lineno", None) else ""
                found.append(problem(name, f"delen er ikke gyldig XML{line}; lagre malen på nytt i Word"))
            continue
        if root is None:
            found.append(problem(name, "delen er tom; lagre malen på nytt i Word"))
            continue
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            found.append(problem(name, _doctype()))
            continue
        trees[name] = root
    if found:
        return found
    found += _content_type(trees, problem)
    for name, root in trees.items():
        if name.endswith(".rels"):
            found += _relationships(name, root, names, problem)
        else:
            found += _links_in_content(name, root, problem)
    return found


def _xml_types(z: zipfile.ZipFile, names: set[str], limits: Limits):
    """Whether a part's content type (in [Content_Types].xml, by name or by extension) is XML: python-docx
    parses those whatever they are called."""
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    if "[Content_Types].xml" in names:
        try:
            root = etree.fromstring(_read(z, z.getinfo("[Content_Types].xml"), limits.part_bytes), _SAFE)
            overrides = {
                (o.get("PartName") or "").lstrip("/"): o.get("ContentType") or "" for o in root.iter(f"{CT}Override")
            }
            defaults = {
                (d.get("Extension") or "").lower(): d.get("ContentType") or "" for d in root.iter(f"{CT}Default")
            }
        except (
            etree.XMLSyntaxError,
            _TooBig,
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            EOFError,
            OSError,
            ValueError,
        ):
            pass  # the part itself is reported below

    def is_xml(name: str) -> bool:
        kind = overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        return kind.endswith("xml")

    return is_xml


def _read(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A part's bytes, at most `limit` of them whatever its header says (a zip bomb stops here)."""
    chunks, size = [], 0
    with z.open(info) as stream:
        while chunk := stream.read(65536):
            size += len(chunk)
            if size > limit:
                raise _TooBig
            chunks.append(chunk)
    return b"".join(chunks)


def _content_type(trees: dict[str, etree._Element], problem) -> list[Problem]:
    types = trees.get("[Content_Types].xml")
    rels = trees.get("_rels/.rels")
    if types is None or rels is None:
        return [
            problem(
                "", "filen er ikke en Word-fil (.docx) som kan leses (mangler [Content_Types].xml eller _rels/.rels)"
            )
        ]
    main = next((r.get("Target") for r in rels.iter(f"{RELS}Relationship") if r.get("Type") == OFFICE_DOCUMENT), None)
    if not main:
        return [problem("_rels/.rels", "filen er ikke en Word-fil (.docx) som kan leses (ingen hoveddel)")]
    part = "/" + posixpath.normpath(main.lstrip("/"))
    override = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    kind = override.get(part)
    if kind is None:
        extension = posixpath.splitext(part)[1].lstrip(".").lower()
        kind = next(
            (d.get("ContentType") for d in types.iter(f"{CT}Default") if d.get("Extension", "").lower() == extension),
            None,
        )
    if kind == DOCX_MAIN:
        return []
    if kind in OTHER_MAINS:
        return [problem("[Content_Types].xml", f"malen er lagret som {OTHER_MAINS[kind]}. {SAVE_AS_DOCX}")]
    return [
        problem(
            "[Content_Types].xml",
            f"filen er ikke et Word-dokument (innholdstype «{quote(kind or '')}»). {SAVE_AS_DOCX}",
        )
    ]


def _relationships(name: str, root: etree._Element, names: set[str], problem) -> list[Problem]:
    found = []
    folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/document.xml.rels -> word
    for rel in root.iter(f"{RELS}Relationship"):
        target = rel.get("Target") or ""
        kind_name = (rel.get("Type") or "").rsplit("/", 1)[-1]
        kind = KINDS.get(kind_name, f"en relasjon av typen «{quote(kind_name, 40)}»")
        if (rel.get("TargetMode") or "").lower() == "external":
            scheme = urlsplit(target.strip()).scheme.lower()
            if kind_name == "hyperlink" and scheme in WEB_SCHEMES:
                continue  # an ordinary link in the text: LibreOffice keeps it as a link and fetches nothing
            found.append(
                problem(
                    name,
                    f"malen henter innhold utenfra: {kind} peker på «{quote(target, 120)}». "
                    "Alt en mal viser, må ligge i selve filen: sett inn bildet eller teksten på nytt i Word "
                    "(ikke som kobling), og fjern koblingen.",
                )
            )
        elif kind_name == "aFChunk":
            found.append(
                problem(
                    name,
                    f"malen har {kind} («{quote(target, 120)}»), som kan hente innhold utenfra. "
                    "Lim inn innholdet som vanlig tekst i Word i stedet.",
                )
            )
        else:
            resolved = posixpath.normpath(posixpath.join(folder, unquote(target))).lstrip("/")
            if target.startswith("/"):
                resolved = posixpath.normpath(unquote(target)).lstrip("/")
            if resolved not in names:
                found.append(problem(name, f"{kind} peker på «{quote(target, 120)}», som ikke finnes i malen"))
    return found


def _links_in_content(name: str, root: etree._Element, problem) -> list[Problem]:
    found = []
    for instruction in _field_codes(root):
        words = instruction.split()
        if words and words[0].upper() in FETCHING_FIELDS:
            found.append(
                problem(
                    name,
                    f"malen har feltkoden «{quote(instruction.strip(), 120)}», som henter innhold utenfra. "
                    "Fjern feltet (Alt+F9 i Word viser feltkodene).",
                )
            )
            break
    for value in _LINK_ATTRIBUTES(root):
        if URLISH.match(value or ""):
            found.append(
                problem(
                    name,
                    f"malen henter innhold utenfra: et element peker på «{quote(str(value), 120)}». "
                    "Sett inn bildet på nytt i Word (ikke som kobling).",
                )
            )
            break
    return found


_LINK_ATTRIBUTES = etree.XPath("//@*[local-name()='href' or local-name()='src']")


def rendered_problems(name: str, root: etree._Element, display: str) -> list[Problem]:
    """What a rendered part must not have either: a template's code can write XML (`|safe`), so a field
    or link that fetches is looked for again in what it wrote."""
    if root.find(f".//{W}instrText") is None and root.find(f".//{W}fldSimple") is None and not _LINK_ATTRIBUTES(root):
        return []  # the common case, in C: nothing to look at
    return _links_in_content(name, root, lambda part, message: Problem(display, 1, part, message))


def _field_codes(root: etree._Element) -> list[str]:
    """The instruction of every field: w:fldSimple's, and the w:instrText runs between a complex field's
    begin and separate (or end), nested fields each on their own."""
    codes = [f.get(f"{W}instr") or "" for f in root.iter(f"{W}fldSimple")]
    open_fields: list[list[str]] = []
    for el in root.iter(f"{W}fldChar", f"{W}instrText"):
        if el.tag == f"{W}instrText":
            if open_fields:
                open_fields[-1].append(el.text or "")
            else:
                codes.append(el.text or "")
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            open_fields.append([])
        elif kind in ("separate", "end") and open_fields:
            codes.append("".join(open_fields.pop()))
            if kind == "separate":
                open_fields.append([])  # the result until «end»: no instruction, popped there
    return [*codes, *("".join(parts) for parts in open_fields)]


def _doctype() -> str:
    return (
        "delen har en DOCTYPE- eller ENTITY-erklæring, som Word aldri skriver og som kan brukes til å "
        "hente filer eller fylle minnet; lagre malen på nytt i Word, eller bruk en tidligere versjon av den"
    )


def _limit(name: str, is_xml, limits: Limits) -> int:
    return limits.xml_part_bytes if is_xml(name) else limits.part_bytes


def _too_big(size: int, name: str, is_xml, limits: Limits) -> str:
    limit = _limit(name, is_xml, limits)
    over = "over " if size > limit else ""
    if is_xml(name):
        return (
            f"delen er {over}{_mb(size)} utpakket; en XML-del (teksten, stilene …) kan være høyst {_mb(limit)}. "
            "Del malen opp, eller fjern innhold den ikke trenger."
        )
    return (
        f"delen er {over}{_mb(size)} utpakket; en del (et bilde o.l.) kan være høyst {_mb(limit)}. "
        "Gjør bildet mindre (Komprimer bilder i Word)."
    )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


_CHECKED: OrderedDict[str, None] = OrderedDict()


def checked(data: bytes, display: str) -> list[Problem]:
    """inspect_bytes(), remembered by the bytes' digest (a build renders each template many times)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _CHECKED:
        _CHECKED.move_to_end(digest)
        return []
    found = inspect_bytes(data, display)
    if not found:  # only clean results are kept: a message names the file it was found in
        _CHECKED[digest] = None
        if len(_CHECKED) > 256:
            _CHECKED.popitem(last=False)
    return found
