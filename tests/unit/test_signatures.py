"""Signatures are verified, and a signed PDF in output/ is never replaced silently (issue 24, item 4).

Fast tests on a small PDF with two empty signature fields (no LibreOffice): signed with a throw-away
certificate by `politidok.assemble.sign`, then tampered with as the issue's probe did — a page
removed in an incremental update, the title changed, garbage as the second signature — and each
time `archive.verify.signature_checks` must say what is wrong. Then the build's set-aside of a
signed PDF (build.signed) and the ledger's `signert` entry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest
from support import change_title, garbage_signature, make_certificate, remove_last_page

from politidok.archive import verify
from politidok.assemble.sign import sign
from politidok.build import ledger, signed
from politidok.core.errors import InputError

pytestmark = pytest.mark.slow  # pyHanko signs and verifies real signatures (keys, PDFs): in `make test`


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    return make_certificate(tmp_path_factory.mktemp("cert"))[0]


def _unsigned(path: Path) -> Path:
    """Two A4 pages, a title, and two empty signature fields on the last page."""
    pdf = pikepdf.new()
    for _ in range(2):
        pdf.add_blank_page(page_size=(595.28, 841.89))
    fields = []
    for i, name in enumerate(("ordforer_hol", "tjenesteenhetsleder")):
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                FT=pikepdf.Name.Sig,
                T=pikepdf.String(name),
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                Rect=[72, 100 + 80 * i, 272, 150 + 80 * i],
                F=4,
                P=pdf.pages[-1].obj,
            )
        )
        fields.append(field)
    pdf.pages[-1].obj.Annots = pikepdf.Array(fields)
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields), SigFlags=3)
    pdf.Root.Lang = pikepdf.String("nb-NO")
    pdf.docinfo["/Title"] = "Samarbeidsavtale – test"
    pdf.save(path)
    return path


@pytest.fixture(scope="module")
def signed_pdfs(tmp_path_factory, certificate) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("signed")
    unsigned = _unsigned(folder / "usignert.pdf")
    one = sign(unsigned, certificate, "hemmelig", "ordforer_hol", folder / "en.pdf")
    two = sign(one, certificate, "hemmelig", "tjenesteenhetsleder", folder / "to.pdf")
    return {"unsigned": unsigned, "one": one, "two": two, "folder": folder}


def _by_name(checks: list[verify.Check]) -> dict[str, verify.Check]:
    return {c.name: c for c in checks}


def test_two_valid_signatures_pass_and_trust_is_only_reported(signed_pdfs):
    checks = _by_name(verify.signature_checks(signed_pdfs["two"]))
    first, second = checks["signatur «ordforer_hol»"], checks["signatur «tjenesteenhetsleder»"]
    assert first.ok and first.detail.startswith("intakt og dekker dokumentet, bare nye signaturer og skjemautfylling")
    assert second.ok and second.detail.startswith("intakt og dekker dokumentet (Ordfører i Hol (test)")
    assert checks["sertifikat «ordforer_hol»"].ok is None  # a self-signed test certificate: not trusted, not failed
    assert checks["metadata"].ok
    assert verify.Report(signed_pdfs["two"], list(checks.values())).ok


def test_an_unsigned_pdf_has_no_signature_checks(signed_pdfs):
    with pikepdf.open(signed_pdfs["unsigned"]) as pdf:
        assert not verify.is_signed(pdf)
    with pikepdf.open(signed_pdfs["one"]) as pdf:
        assert verify.is_signed(pdf)  # this test can fail


def test_a_page_removed_after_signing_fails(signed_pdfs):
    tampered = remove_last_page(signed_pdfs["one"], signed_pdfs["folder"] / "side.pdf")
    check = _by_name(verify.signature_checks(tampered))["signatur «ordforer_hol»"]
    assert check.ok is False
    assert "ugyldig: dokumentet er endret etter signeringen: innholdet er endret" in check.detail


def test_a_title_changed_after_signing_fails(signed_pdfs):
    tampered = change_title(signed_pdfs["one"], signed_pdfs["folder"] / "tittel.pdf")
    checks = _by_name(verify.signature_checks(tampered))
    assert checks["metadata"].ok is False
    assert checks["metadata"].detail == (
        "endret etter første signatur: tittelen «Samarbeidsavtale – test» → «Endret tittel»"
    )


def test_garbage_as_the_second_signature_fails(signed_pdfs):
    tampered = garbage_signature(signed_pdfs["two"], signed_pdfs["folder"] / "soppel.pdf")
    checks = _by_name(verify.signature_checks(tampered))
    assert checks["signatur «tjenesteenhetsleder»"].ok is False
    assert checks["signatur «tjenesteenhetsleder»"].detail.startswith("ugyldig: signaturdataene er ikke en signatur")
    assert checks["signatur «ordforer_hol»"].ok  # the first one still holds


def test_bytes_changed_inside_the_signed_range_fail(signed_pdfs):
    data = bytearray(signed_pdfs["one"].read_bytes())
    at = data.index(b"Samarbeidsavtale")
    data[at : at + 4] = b"SAMA"  # the title in the Info dictionary, inside the signed bytes
    tampered = signed_pdfs["folder"] / "bytes.pdf"
    tampered.write_bytes(bytes(data))
    check = _by_name(verify.signature_checks(tampered))["signatur «ordforer_hol»"]
    assert check.ok is False and "bytene den dekker, er endret etter signeringen" in check.detail


# --- a signed PDF in output/ ---------------------------------------------------------------------


def test_a_signed_pdf_is_set_aside_never_overwritten(signed_pdfs, tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "samarbeidsavtale.pdf").write_bytes(signed_pdfs["one"].read_bytes())
    (staging / "referat.pdf").write_bytes(signed_pdfs["unsigned"].read_bytes())
    said: list[str] = []
    moved = signed.set_aside(staging, ["samarbeidsavtale", "referat"], Path("output/x"), said.append)
    assert moved == ["samarbeidsavtale-signert.pdf"]
    assert (staging / "samarbeidsavtale-signert.pdf").read_bytes() == signed_pdfs["one"].read_bytes()
    assert not (staging / "samarbeidsavtale.pdf").exists() and (staging / "referat.pdf").exists()
    assert said == [
        (
            "Merk: output/x/samarbeidsavtale.pdf er signert; den er flyttet til samarbeidsavtale-signert.pdf, og "
            "samarbeidsavtale.pdf lages på nytt uten signaturer. Arkiver begge med «politidok arkiver»."
        )
    ]
    # signed again in place, while the first signed copy is still there: the build stops
    (staging / "samarbeidsavtale.pdf").write_bytes(signed_pdfs["two"].read_bytes())
    with pytest.raises(InputError) as info:
        signed.set_aside(staging, ["samarbeidsavtale"], Path("output/x"), said.append)
    [problem] = info.value.problems
    assert problem.file == "output/x/samarbeidsavtale.pdf"
    assert "samarbeidsavtale-signert.pdf finnes allerede med en annen signert fil" in problem.message
    assert (staging / "samarbeidsavtale-signert.pdf").read_bytes() == signed_pdfs["one"].read_bytes()


def test_ledger_records_the_signed_copy_beside_the_original(signed_pdfs, tmp_path):
    target = tmp_path / "output"
    target.mkdir()
    (target / "samarbeidsavtale.pdf").write_bytes(signed_pdfs["unsigned"].read_bytes())
    (target / "samarbeidsavtale-signert.pdf").write_bytes(signed_pdfs["two"].read_bytes())
    found, problem = signed.signed_copy(target, "samarbeidsavtale")
    assert problem is None and list(found) == ["samarbeidsavtale-signert.pdf"]
    entry = ledger.Archived("samarbeidsavtale", {"samarbeidsavtale.pdf": "1" * 64}, "x", arkivert=date(2026, 1, 5))
    entry.signert = found
    region = tmp_path / "region"
    region.mkdir()
    ledger.write(region, {entry.dokument: entry})
    assert ledger.read(region)["samarbeidsavtale"].signert == found
    assert "signert:\n    fil: samarbeidsavtale-signert.pdf\n    sha256: " in ledger.path_of(region).read_text()
    # a signed file that is not the original with signatures added is not tied to it
    (target / "samarbeidsavtale-signert.pdf").write_bytes(_unsigned(tmp_path / "other.pdf").read_bytes())
    assert signed.signed_copy(target, "samarbeidsavtale")[1].startswith(
        "samarbeidsavtale-signert.pdf er ikke en signert utgave av samarbeidsavtale.pdf"
    )
    (target / "samarbeidsavtale-signert.pdf").write_bytes(
        garbage_signature(signed_pdfs["two"], tmp_path / "g.pdf").read_bytes()
    )
    assert "har en signatur som ikke holder" in signed.signed_copy(target, "samarbeidsavtale")[1]
