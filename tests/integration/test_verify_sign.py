"""`politidok verify` and `politidok sign`: archive- and signature-ready, PAdES that keeps PDF/A."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import copy_args, need, run_cli
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from support import change_title, garbage_signature, make_certificate, remove_last_page

from politidok.archive import preflight


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A throwaway self-signed signing certificate: (PKCS#12 with passphrase 'hemmelig', PEM)."""
    return make_certificate(tmp_path_factory.mktemp("cert"))


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


def _sign(source: Path, p12: Path, field: str, out: Path) -> Path:
    proc = run_cli(
        "sign", str(source), "--p12", str(p12), "--passphrase", "hemmelig", "--field", field, "--out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_verify_validates_every_signature(hallingdal_build, certificate, tmp_path):
    """Issue 24, item 4: a removed page, a changed title, garbage as a second signature: none is «klar»."""
    p12, _pem = certificate
    shutil.copy(hallingdal_build / "manifest.json", tmp_path / "manifest.json")
    one = _sign(hallingdal_build / "samarbeidsavtale.pdf", p12, "ordforer_hol", tmp_path / "en.pdf")
    two = _sign(one, p12, "tjenesteenhetsleder", tmp_path / "to.pdf")
    cases = {
        "to.pdf": (two, 0, ["ok   signatur «ordforer_hol»: intakt og dekker dokumentet, bare nye signaturer"]),
        "side.pdf": (
            remove_last_page(one, tmp_path / "side.pdf"),
            1,
            ["FEIL signatur «ordforer_hol»: ugyldig: dokumentet er endret etter signeringen: innholdet er endret"],
        ),
        "tittel.pdf": (
            change_title(one, tmp_path / "tittel.pdf"),
            1,
            [
                "FEIL metadata: endret etter første signatur: tittelen «Samarbeidsavtale – Politirådet i Hallingdal» "
                + "→ «Endret tittel»"
            ],
        ),
        "soppel.pdf": (
            garbage_signature(two, tmp_path / "soppel.pdf"),
            1,
            [
                "FEIL signatur «tjenesteenhetsleder»: ugyldig: signaturdataene er ikke en signatur som kan leses",
                "ok   signatur «ordforer_hol»: intakt",
            ],
        ),
    }
    for name, (path, code, lines) in cases.items():
        proc = run_cli("verify", str(path))
        assert proc.returncode == code, (name, proc.stdout)
        for line in lines:
            assert line in proc.stdout, (name, proc.stdout)
        assert (
            "--   sertifikat «ordforer_hol»: ikke kontrollert mot en klarert rot" in proc.stdout or name == "soppel.pdf"
        )
        assert ("Filen er klar." if code == 0 else "Filen er ikke klar.") in proc.stdout
        assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr


def test_a_signed_agreement_in_output_is_kept_and_archived(region_copy, certificate, tmp_path):
    """Signed where it lies in output/: the next build keeps it as samarbeidsavtale-signert.pdf and makes the
    unsigned original again (the same bytes); `arkiver` records both; a second signed file stops the build."""
    need("soffice")
    p12, _pem = certificate
    out = tmp_path / "out"
    build = ["build", "hallingdal", "--only", "samarbeidsavtale", *copy_args(region_copy), "--output", str(out)]
    assert run_cli(*build).returncode == 0
    folder = out / "hallingdal"
    original = (folder / "samarbeidsavtale.pdf").read_bytes()
    _sign(folder / "samarbeidsavtale.pdf", p12, "ordforer_hol", folder / "samarbeidsavtale.pdf")  # in place
    signed = (folder / "samarbeidsavtale.pdf").read_bytes()
    proc = run_cli(*build)
    assert proc.returncode == 0, proc.stderr
    assert "samarbeidsavtale.pdf er signert; den er flyttet til samarbeidsavtale-signert.pdf" in proc.stdout
    assert (folder / "samarbeidsavtale-signert.pdf").read_bytes() == signed
    assert (folder / "samarbeidsavtale.pdf").read_bytes() == original  # the unsigned original, made again
    [entry] = [e for e in json.loads((folder / "manifest.json").read_text())["files"] if "signert" in e["path"]]
    assert (
        entry["title"] == "Samarbeidsavtale – Politirådet i Hallingdal (signert)"
        and entry["kind"] == "samarbeidsavtale"
    )
    assert run_cli(*build).stdout.startswith("Ingen endringer")  # kept: no rebuild, nothing lost
    # arkiver records the signed copy beside the unsigned original
    paths = [*copy_args(region_copy), "--output", str(out)]
    proc = run_cli("arkiver", "hallingdal", "samarbeidsavtale", *paths)
    assert proc.returncode == 0, proc.stderr
    assert "samarbeidsavtale, samarbeidsavtale-signert" in proc.stdout
    ledger = yaml.safe_load((region_copy / "agreements" / "hallingdal" / "arkivert.yaml").read_text(encoding="utf-8"))
    [archived] = ledger["dokumenter"]
    assert archived["signert"]["fil"] == "samarbeidsavtale-signert.pdf"
    assert "samarbeidsavtale.pdf" in [f["fil"] for f in archived["filer"]]
    proc = run_cli("verify", "--region", "hallingdal", *paths)
    assert proc.returncode == 0 and "OK   samarbeidsavtale-signert.pdf: som arkivert" in proc.stdout
    # signed once more in place while a signed copy is there: the build stops, output/ as it was
    _sign(folder / "samarbeidsavtale.pdf", p12, "tjenesteenhetsleder", folder / "samarbeidsavtale.pdf")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = run_cli(*build)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "samarbeidsavtale-signert.pdf finnes allerede med en annen signert fil" in proc.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
