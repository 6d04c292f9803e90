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


@pytest.mark.slow  # the CLI in a subprocess
def test_bad_case_number_is_an_input_error(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "arkiv:\n  saksnummer: 24-1873\n", encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    assert "arkiv.saksnummer: må være på formen ÅÅÅÅ/løpenummer" in proc.stderr


def test_an_unsent_invitation_is_archived_as_a_draft(xsd):
    """The review: invitations without `sendt:` say «Utkast» yet their arkivmelding said finished (F, F).
    A draft is under editing (dokumentstatus B) and reserved (journalstatus R); a sent one is finished."""
    from politidok.load import load_region

    region = load_region(ROOT / "agreements" / "kafjord")
    todo = documents.plan(region, ROOT / "templates")
    invitations = {d.stem: d for d in todo.documents if d.kind == "innkalling"}
    draft = invitations["innkalling-2025-10-16-kafjord"]
    assert draft.draft and draft.info.date is None
    sogn = documents.plan(load_region(ROOT / "agreements" / "sogn"), ROOT / "templates")
    [sent] = [d for d in sogn.documents if d.stem == "innkalling-2025-02-13-felles"]
    assert not sent.draft and sent.info.date == date(2025, 1, 30)
    for item, status in ((draft, ("B", "R")), (sent, ("F", "F"))):
        record = archive.Record(
            item.kind,
            item.info.title,
            [_entry("i.pdf", "PDF/A-2b")],
            item.codes or documents.get("innkalling").codes,
            item.info.date,
            draft=item.draft,
        )
        xml = archive.arkivmelding(record)
        assert xsd.is_valid(xml.decode())
        reg = etree.fromstring(xml).find("a:registrering", NS)
        found = (
            reg.findtext("a:dokumentbeskrivelse/a:dokumentstatus/m:kode", namespaces=NS),
            reg.findtext("a:journalstatus/m:kode", namespaces=NS),
        )
        assert found == status


def test_the_invitation_of_a_held_meeting_is_not_a_draft():
    """A held meeting's invitation went out, on a day the input does not give (no `sendt:`): undated, but
    not «Utkast», and finished in the archive."""
    from politidok.load import load_region

    todo = documents.plan(load_region(ROOT / "agreements" / "hallingdal"), ROOT / "templates")
    gol = next(d for d in todo.documents if d.stem == "innkalling-2025-02-10-gol")
    assert gol.info.date is None and not gol.draft and gol.context["utkast"] is False
    pack = next(p for p in todo.packages if p.stem == "pakke-2025-02-10-gol")
    assert not pack.draft
    kafjord = documents.plan(load_region(ROOT / "agreements" / "kafjord"), ROOT / "templates")
    draft = next(d for d in kafjord.documents if d.stem == "innkalling-2025-10-16-kafjord")
    assert draft.draft and draft.context["utkast"] is True  # not sent, not held
