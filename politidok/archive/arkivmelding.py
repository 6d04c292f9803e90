"""Archive hand-off: one KS Fiks Arkiv arkivmelding per document, valid against the KS XSD.

An arkivmelding carries at most one registrering (the XSD says so), so each document gets
its own `arkivmelding-<document>.xml`: one journalpost with one dokumentbeskrivelse whose
dokumentobjekt(s) are the archive variant (PDF/A, variantformat A) and, where there is one,
the production variant (DOCX, variantformat P). Checksums and sizes are those of the manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from lxml import etree

from politidok.archive.manifest import Entry
from politidok.core import resources
from politidok.core.docinfo import Supersedes
from politidok.load.models import Arkiv

SCHEMA_DIR = resources.schemas() / "fiks-arkiv-v1"  # package data (the repository's schemas/)
XSD = SCHEMA_DIR / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM = "politidok"

# file format -> (PRONOM code, description, variantformat, MIME type)
FORMATS = {
    "PDF/A-2a": ("fmt/476", "PDF/A-2a", "A", "application/pdf"),
    "PDF/A-2b": ("fmt/477", "PDF/A-2b", "A", "application/pdf"),
    "DOCX": (
        "fmt/412",
        "Microsoft Word (DOCX)",
        "P",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


@dataclass(frozen=True)
class Skjerming:
    hjemmel: str  # e.g. "offl. § 13 jf. fvl. § 13"
    tilgangsrestriksjon: str = "13"  # archive-specific code; 13 = taushetsplikt in most Noark systems


@dataclass(frozen=True)
class Record:
    """One document as the record system sees it."""

    kind: str
    title: str
    files: list[Entry]  # the document's files from the manifest (PDF first)
    codes: tuple[str, str]  # (dokumenttype, journalposttype): the document kind's, from the registry
    date: date | None = None
    arkiv: Arkiv | None = None
    public_title: str | None = None  # offentligTittel; must hold nothing closed
    skjerming: Skjerming | None = None
    attachments: int = 0
    erstatter: Supersedes | None = None  # a corrected version: the archived document it replaces
    draft: bool = False  # under editing (B) and reserved (R), not finished (F, F): an invitation not sent


def file_name(stem: str) -> str:
    return f"arkivmelding-{stem}.xml"


@cache
def code_list(name: str) -> dict[str, str]:
    data = json.loads((SCHEMA_DIR / "kodelister" / f"{name}.json").read_text(encoding="utf-8"))
    return {item["kodeverdi"]: item["kodebeskrivelse"] for item in data["kodeliste"]}


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _el(parent: etree._Element, name: str, text: str | int | None = None, ns: str = NS) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = str(text)
    return child


def _code(parent: etree._Element, name: str, value: str, listname: str | None = None) -> None:
    holder = _el(parent, name)
    _el(holder, "kode", value, MDK)
    if listname:
        description = code_list(listname).get(value)
        if description is None:
            raise ValueError(f"{value!r} is not in the code list {listname}")
        _el(holder, "beskrivelse", description, MDK)


def arkivmelding(record: Record) -> bytes:
    """The arkivmelding XML of one document (validated; raises ValueError if invalid)."""
    dokumenttype, journalposttype = record.codes
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap={None: NS, "n5mdk": MDK, "xsi": XSI})
    _el(root, "system", SYSTEM)
    _el(root, "antallFiler", len(record.files))
    reg = _el(root, "registrering")
    reg.set(f"{{{XSI}}}type", "journalpost")
    arkiv = record.arkiv
    if arkiv and arkiv.saksnummer:
        year, number = arkiv.saksnummer.split("/")
        ref = _el(reg, "referanseForelderMappe")
        sak = _el(ref, "saksnummer", ns=MDK)
        _el(sak, "saksaar", int(year), MDK)
        _el(sak, "sakssekvensnummer", int(number), MDK)
    elif arkiv and arkiv.arkivdel:
        _code(reg, "arkivdel", arkiv.arkivdel)
    if record.skjerming:
        _skjerming(reg, record.skjerming)
    desc = _el(reg, "dokumentbeskrivelse")
    _code(desc, "dokumenttype", dokumenttype, "dokumenttype")
    _code(desc, "dokumentstatus", "B" if record.draft else "F", "dokumentstatus")
    _el(desc, "tittel", record.public_title if record.skjerming and record.public_title else record.title)
    _code(desc, "tilknyttetRegistreringSom", "H", "tilknyttetRegistreringSom")
    _el(desc, "dokumentnummer", 1)
    if record.skjerming:
        _skjerming(desc, record.skjerming)
    for version, entry in enumerate(record.files, 1):
        pronom, description, variant, mime = FORMATS[entry.format]
        obj = _el(desc, "dokumentobjekt")
        _el(obj, "versjonsnummer", 1)
        _code(obj, "variantformat", variant, "variantformat")
        holder = _el(obj, "format")
        _el(holder, "kode", pronom, MDK)
        _el(holder, "beskrivelse", description, MDK)
        _el(obj, "mimeType", mime)
        _el(obj, "filnavn", entry.path)
        _el(obj, "referanseDokumentfil", entry.path)
        _el(obj, "sjekksum", entry.sha256)
        _el(obj, "sjekksumAlgoritme", "SHA-256")
        _el(obj, "filstoerrelse", entry.bytes)
    _el(reg, "tittel", record.title)
    _el(reg, "offentligTittel", record.public_title or record.title)
    if record.erstatter:
        e = record.erstatter
        _replaces(reg, e.pdf, e.sha256, e.arkivert, e.dokument, e.gone_out)
    for k in arkiv.klassifikasjon if arkiv else []:
        kl = _el(reg, "klassifikasjon")
        _el(kl, "klassifikasjonssystemID", k.system)
        _el(kl, "klasseID", k.klasse)
        if k.tittel:
            _el(kl, "tittel", k.tittel)
    _code(reg, "journalposttype", journalposttype, "journalposttype")
    _code(reg, "journalstatus", "R" if record.draft else "F", "journalstatus")
    if record.date:
        _el(reg, "dokumentetsDato", record.date.isoformat())
    if record.attachments:
        _el(reg, "antallVedlegg", record.attachments)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = validate(xml)
    if errors:
        raise ValueError("arkivmelding does not match the KS XSD: " + "; ".join(errors))
    return xml


def _replaces(
    reg: etree._Element, original: str, sha256: str, archived: date, stem: str, gone_out: str = "arkivert"
) -> None:
    """A corrected version points to the original: a remark, and a cross-reference by politidok's key."""
    note = _el(reg, "merknad")
    kept = "som står uendret i arkivet." if gone_out == "arkivert" else "som står uendret slik den ble sendt."
    _el(
        note,
        "merknadstekst",
        f"Rettet versjon. Erstatter {original} ({gone_out} {archived.isoformat()}, SHA-256 {sha256}), {kept}",
    )
    ref = _el(_el(reg, "kryssreferanse"), "referanseTilRegistrering")
    key = _el(ref, "referanseEksternNoekkel", ns=MDK)
    _el(key, "fagsystem", SYSTEM, MDK)
    _el(key, "noekkel", stem, MDK)


def _skjerming(parent: etree._Element, skjerming: Skjerming) -> None:
    holder = _el(parent, "skjerming")
    _code(holder, "tilgangsrestriksjon", skjerming.tilgangsrestriksjon)
    _el(holder, "skjermingshjemmel", skjerming.hjemmel)


def validate(xml: bytes) -> list[str]:
    """XSD problems of an arkivmelding ([] when valid)."""
    doc = etree.fromstring(xml)
    xsd = schema()
    if xsd.validate(doc):
        return []
    return [f"linje {e.line}: {e.message}" for e in xsd.error_log]
