"""arkivmelding: valid against the real KS XSD, in agreement with the manifest."""

from __future__ import annotations

from datetime import date

import pytest
import xmlschema
from conftest import ROOT, run_cli
from lxml import etree

from politidok import documents
from politidok.archive import arkivmelding as archive
from politidok.archive.manifest import Entry

NS = {"a": archive.NS, "m": archive.MDK}
XSD = ROOT / "schemas" / "fiks-arkiv-v1" / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))  # an independent validator, not the one politidok uses


def test_schema_copy_is_the_shared_one():
    assert (ROOT / "schemas" / "fiks-arkiv-v1" / "LICENSE").read_text().startswith("MIT License")
    shared = ROOT.parent / "shared" / "schemas" / "fiks-arkiv-v1"
    if not shared.exists():
        pytest.skip("../shared is not beside this clone")
    for path in shared.rglob("*"):
        if path.is_file():
            assert (ROOT / "schemas" / "fiks-arkiv-v1" / path.relative_to(shared)).read_bytes() == path.read_bytes()


def _entry(path: str, fmt: str) -> Entry:
    return Entry(path, "referat", "Referat", "nb", fmt, 1234, "0" * 64)


def test_unprefixed_kode_is_rejected(xsd):
    xml = archive.arkivmelding(
        archive.Record(
            "samarbeidsavtale", "Avtale", [_entry("a.pdf", "PDF/A-2b")], documents.get("samarbeidsavtale").codes
        )
    )
    assert xsd.is_valid(xml.decode())
    broken = xml.replace(b"<n5mdk:kode>AVTALE</n5mdk:kode>", b"<kode>AVTALE</kode>")
    assert archive.validate(broken) and not xsd.is_valid(broken.decode())


def test_closed_document_screening(xsd):
    record = archive.Record(
        "referat",
        "Referat – Politirådet i Hol 12.03.2025",
        [_entry("referat.pdf", "PDF/A-2b")],
        documents.get("referat").codes,
        date(2025, 3, 12),
        public_title="Referat – Politirådet i Hol",
        skjerming=archive.Skjerming("offl. § 13 jf. fvl. § 13"),
    )
    xml = archive.arkivmelding(record)
    assert xsd.is_valid(xml.decode())
    root = etree.fromstring(xml)
    reg = root.find("a:registrering", NS)
    assert reg.findtext("a:skjerming/a:skjermingshjemmel", namespaces=NS) == "offl. § 13 jf. fvl. § 13"
    assert reg.findtext("a:offentligTittel", namespaces=NS) == "Referat – Politirådet i Hol"
    assert reg.findtext("a:dokumentbeskrivelse/a:tittel", namespaces=NS) == "Referat – Politirådet i Hol"
    assert reg.findtext("a:dokumentbeskrivelse/a:dokumenttype/m:kode", namespaces=NS) == "PROTOKOLL"


def test_bad_case_number_is_an_input_error(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "arkiv:\n  saksnummer: 24-1873\n", encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    assert "arkiv.saksnummer: må være på formen ÅÅÅÅ/løpenummer" in proc.stderr
