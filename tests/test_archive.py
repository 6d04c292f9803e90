"""arkivmelding: valid against the real KS XSD, in agreement with the manifest."""

from __future__ import annotations

import json
from datetime import date

import pytest
import xmlschema
from conftest import ROOT, copy_args, run_cli
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


@pytest.mark.integration
def test_every_build_output_is_valid_and_agrees_with_manifest(trondelag_build, xsd):
    manifest = json.loads((trondelag_build / "manifest.json").read_text(encoding="utf-8"))
    by_path = {e["path"]: e for e in manifest["files"]}
    xml_files = sorted(trondelag_build.glob("arkivmelding-*.xml"))
    documents = {e["path"].rsplit(".", 1)[0] for e in manifest["files"] if e["kind"] != "arkivmelding"}
    assert {p.name for p in xml_files} == {f"arkivmelding-{stem}.xml" for stem in documents}
    expected = {
        "samarbeidsavtale": ("AVTALE", "U"),
        "saksframlegg": ("SAKSFRAMLEGG", "S"),
        "pakke": ("SAKSFRAMLEGG", "S"),
    }
    for xml_file in xml_files:
        assert by_path[xml_file.name]["kind"] == "arkivmelding"
        xsd.validate(str(xml_file))  # raises with the reason when invalid
        root = etree.parse(str(xml_file)).getroot()
        reg = root.find("a:registrering", NS)
        objects = reg.findall("a:dokumentbeskrivelse/a:dokumentobjekt", NS)
        assert int(root.findtext("a:antallFiler", namespaces=NS)) == len(objects)
        kinds = set()
        for obj in objects:
            entry = by_path[obj.findtext("a:filnavn", namespaces=NS)]
            kinds.add(entry["kind"])
            assert obj.findtext("a:referanseDokumentfil", namespaces=NS) == entry["path"]
            assert obj.findtext("a:sjekksum", namespaces=NS) == entry["sha256"]
            assert int(obj.findtext("a:filstoerrelse", namespaces=NS)) == entry["bytes"]
            fmt = obj.findtext("a:format/m:kode", namespaces=NS)
            variant = obj.findtext("a:variantformat/m:kode", namespaces=NS)
            assert (fmt, variant) == (("fmt/476", "A") if entry["path"].endswith(".pdf") else ("fmt/412", "P"))
        [kind] = kinds
        assert (
            reg.findtext("a:tittel", namespaces=NS) == by_path[objects[0].findtext("a:filnavn", namespaces=NS)]["title"]
        )
        doc_type = reg.findtext("a:dokumentbeskrivelse/a:dokumenttype/m:kode", namespaces=NS)
        journal_type = reg.findtext("a:journalposttype/m:kode", namespaces=NS)
        assert (doc_type, journal_type) == expected[kind]
        if kind == "pakke":
            assert reg.findtext("a:antallVedlegg", namespaces=NS) == "1"


@pytest.mark.integration
def test_archive_references_from_yaml(region_copy, tmp_path, xsd):
    path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    text = path.read_text(encoding="utf-8")
    text += "arkiv:\n  saksnummer: 2024/1873\n  klassifikasjon:\n    - system: FE\n      klasse: X06\n"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", "hallingdal", *copy_args(region_copy), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    xml = out / "hallingdal" / "arkivmelding-samarbeidsavtale.xml"
    xsd.validate(str(xml))
    reg = etree.parse(str(xml)).getroot().find("a:registrering", NS)
    assert reg.findtext("a:referanseForelderMappe/m:saksnummer/m:saksaar", namespaces=NS) == "2024"
    assert reg.findtext("a:referanseForelderMappe/m:saksnummer/m:sakssekvensnummer", namespaces=NS) == "1873"
    assert reg.findtext("a:klassifikasjon/a:klasseID", namespaces=NS) == "X06"
    assert reg.findtext("a:dokumentetsDato", namespaces=NS) == "2024-10-17"


def test_bad_case_number_is_an_input_error(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "arkiv:\n  saksnummer: 24-1873\n", encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    assert "arkiv.saksnummer: må være på formen ÅÅÅÅ/løpenummer" in proc.stderr
