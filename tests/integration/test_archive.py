"""arkivmelding: valid against the real KS XSD, in agreement with the manifest."""

from __future__ import annotations

import json

import pytest
import xmlschema
from conftest import ROOT, copy_args, run_cli
from lxml import etree

from politidok.archive import arkivmelding as archive

NS = {"a": archive.NS, "m": archive.MDK}
XSD = ROOT / "schemas" / "fiks-arkiv-v1" / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))  # an independent validator, not the one politidok uses


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
