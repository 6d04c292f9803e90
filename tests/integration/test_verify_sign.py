"""`politidok verify` and `politidok sign`: archive- and signature-ready, PAdES that keeps PDF/A."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import need, run_cli
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from politidok.archive import preflight


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A throwaway self-signed signing certificate: (PKCS#12 with passphrase 'hemmelig', PEM)."""
    folder = tmp_path_factory.mktemp("cert")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Ordfører i Hol (test)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "test.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"test", key, cert, None, serialization.BestAvailableEncryption(b"hemmelig")
        )
    )
    pem = folder / "test.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def test_verify_built_pdfs_ok(hallingdal_build):
    proc = run_cli("verify", str(hallingdal_build / "samarbeidsavtale.pdf"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for line in (
        "ok   PDF/A: gyldig PDF/A (PDFBox preflight)",
        "ok   PDF/UA-1: gyldig PDF/UA-1",
        "ok   kryptering: ikke kryptert",
        "ok   sideformat: A4 stående",
        "ok   fonter: alle",
        "ok   språk: /Lang nb-NO",
        "ok   tittel: «Samarbeidsavtale – Politirådet i Hallingdal»",
        "ok   signaturfelt: 7 (tjenesteenhetsleder",
    ):
        assert line in out
    assert "Filen er klar." in out


def _bad_pdf(path: Path) -> Path:
    """A5 landscape, a non-embedded font, no /Lang, no title."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 420],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(b"BT /F1 12 Tf 72 300 Td (Hei) Tj ET"),
        )
    )
    pdf.pages.append(page)
    pdf.save(path)
    return path


def test_verify_reports_every_failure(tmp_path):
    proc = run_cli("verify", str(_bad_pdf(tmp_path / "feil.pdf")))
    assert proc.returncode == 1
    out = proc.stdout
    assert "feil.pdf: FEIL" in out
    assert "FEIL sideformat: side 1 er 595×420 pt" in out
    assert "FEIL fonter: ikke innebygd: /Helvetica" in out
    assert "FEIL språk: mangler /Lang" in out and "FEIL tittel: mangler tittel" in out
    assert "FEIL PDF/A:" in out
    assert "Filen er ikke klar." in out


def test_verify_encrypted(tmp_path):
    path = tmp_path / "kryptert.pdf"
    with pikepdf.open(_bad_pdf(tmp_path / "a.pdf")) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="eier", user="", R=4))
    proc = run_cli("verify", str(path))
    assert proc.returncode == 1 and "FEIL kryptering: kryptert" in proc.stdout


def test_verify_needs_the_signature_fields_the_manifest_names(hallingdal_build, tmp_path):
    shutil.copy(hallingdal_build / "manifest.json", tmp_path / "manifest.json")
    with pikepdf.open(hallingdal_build / "samarbeidsavtale.pdf") as pdf:
        del pdf.Root.AcroForm
        for page in pdf.pages:
            if "/Annots" in page.obj:
                del page.obj.Annots
        pdf.save(tmp_path / "samarbeidsavtale.pdf")
    proc = run_cli("verify", str(tmp_path / "samarbeidsavtale.pdf"))
    assert proc.returncode == 1
    assert "FEIL signaturfelt: mangler: tjenesteenhetsleder, ordforer_hol" in proc.stdout


def test_verify_without_java_says_so(hallingdal_build, tmp_path):
    env_path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)
        proc = run_cli("verify", str(hallingdal_build / "samarbeidsavtale.pdf"))
    finally:
        os.environ["PATH"] = env_path
    assert proc.returncode == 0
    assert "--   PDF/A: ikke kontrollert: Java/PDFBox mangler" in proc.stdout


def test_sign_two_fields_pades_keeps_pdfa(hallingdal_build, certificate, tmp_path):
    need("java")
    p12, pem = certificate
    unsigned = hallingdal_build / "samarbeidsavtale.pdf"
    first, second = tmp_path / "en.pdf", tmp_path / "to.pdf"
    for source, field, target in ((unsigned, "ordforer_hol", first), (first, "tjenesteenhetsleder", second)):
        proc = run_cli(
            "sign", str(source), "--p12", str(p12), "--passphrase", "hemmelig", "--field", field, "--out", str(target)
        )
        assert proc.returncode == 0, proc.stderr
        assert f"Signerte feltet «{field}»" in proc.stdout
    # incremental updates: each file begins with the bytes of the one before
    assert first.read_bytes().startswith(unsigned.read_bytes())
    assert second.read_bytes().startswith(first.read_bytes())
    # both signatures valid, PAdES, trusted through the test certificate
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(pem))], allow_fetching=False)
    with second.open("rb") as handle:
        reader = PdfFileReader(handle)
        signatures = {s.field_name: s for s in reader.embedded_signatures}
        assert set(signatures) == {"ordforer_hol", "tjenesteenhetsleder"}
        for sig in signatures.values():
            assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
            status = validate_pdf_signature(sig, context)
            assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    # still PDF/A after signing, and the other fields are still there, empty
    [result] = preflight.validate([second])
    assert result.ok, result.errors
    shutil.copy(hallingdal_build / "manifest.json", tmp_path / "manifest.json")
    (tmp_path / "to.pdf").rename(tmp_path / "samarbeidsavtale.pdf")
    proc = run_cli("verify", str(tmp_path / "samarbeidsavtale.pdf"))
    assert proc.returncode == 0 and "2 signert" in proc.stdout


def test_sign_unknown_or_signed_field(hallingdal_build, certificate, tmp_path):
    p12, _pem = certificate
    proc = run_cli(
        "sign",
        str(hallingdal_build / "samarbeidsavtale.pdf"),
        "--p12",
        str(p12),
        "--passphrase",
        "hemmelig",
        "--field",
        "ordforer_oslo",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert proc.returncode == 1 and "Signaturfeltet «ordforer_oslo» finnes ikke" in proc.stderr
    assert "ordforer_hol" in proc.stderr and not (tmp_path / "x.pdf").exists()
    proc = run_cli(
        "sign",
        str(hallingdal_build / "samarbeidsavtale.pdf"),
        "--p12",
        str(p12),
        "--passphrase",
        "feil",
        "--field",
        "ordforer_hol",
        "--out",
        str(tmp_path / "y.pdf"),
    )
    assert proc.returncode == 1 and "Er passordet riktig?" in proc.stderr and "Traceback" not in proc.stderr
