"""Issue 14 with real LibreOffice: documents of the new example councils read right."""

from __future__ import annotations

import re

import pikepdf
import pytest
from conftest import _real_build, copy_args, flat_text, pdftotext, run_cli


@pytest.fixture(scope="module")
def kafjord(tmp_path_factory):
    return _real_build(tmp_path_factory, "kafjord")


def test_single_municipality_agreement_speaks_of_one(kafjord):
    text = flat_text(kafjord / "samarbeidsavtale.pdf")
    assert not re.search(r"\b(kommunene|kommunenes|ordførerne|hver kommune)\b", text)
    assert "Kåfjord / Gáivuotna / Kaivuono kommune og politiet møtes i politirådet." in text
    assert "Politikontakten er lensmannsdistriktets faste kontaktledd med kommunen" in text
    assert "ledelsen i kommunen og politiet" in text  # no SLT coordinator
    assert "Politirådet møtes ved behov og ved særlige hendelser." in text
    assert "og skal evalueres årlig." in text and "i forbindelse med" not in text.split("Gyldighet")[-1]
    assert "følgende satsingsområder:" in text and "blitt enige om følgende" in text  # no decision date, no period
    assert "regionråd" not in text.lower()


def test_wrapped_police_title_gets_its_field(kafjord):
    with pikepdf.open(kafjord / "samarbeidsavtale.pdf") as pdf:
        fields = {str(f.T): str(f.TU) for f in pdf.Root.AcroForm.Fields}
    assert fields == {
        "lensmann": "Signaturfelt: Lensmann i Nord-Troms lensmannsdistrikt, Troms politidistrikt",
        "ordforer_kafjord": "Signaturfelt: Ordfører i Kåfjord / Gáivuotna / Kaivuono",
    }


def test_meeting_without_time_and_place(kafjord):
    text = pdftotext(kafjord / "innkalling-2025-10-16-kafjord.pdf")
    assert "torsdag 16. oktober 2025" in text and "kl." not in text
    assert "Sted:" not in text and "Svarfrist:" not in text  # no label without its value
    assert "Ruskonsulent i Nord-Troms" in text.split("Saksliste")[0]  # the introducer is invited
    ics = (kafjord / "kalender-2025-10-16-kafjord.ics").read_text()
    assert "DTSTART;VALUE=DATE:20251016" in ics and "LOCATION" not in ics and "COMMENT" not in ics


def test_minutes_show_party_and_optional_deadline(kafjord):
    text = flat_text(kafjord / "referat-2025-04-24-kafjord.pdf")
    assert "Ordfører i Kåfjord / Gáivuotna / Kaivuono (Sp)" in text
    follow_up = text.split("Oppfølging")[-1]
    assert "Trafikkontroller på E6" in follow_up and "None" not in follow_up
    assert follow_up.count("–") >= 3  # no responsible party, two without a deadline


def test_evaluation_case_fits_its_addressee(kafjord):
    text = flat_text(kafjord / "saksframlegg-evaluering-2025.pdf")
    assert "Evalueringsrapporten for 2025 legges fram for kommunestyret i Kåfjord." in text
    assert "ble det holdt ett politirådsmøte (politirådet møtes ved behov)" in text
    assert "Ingen tiltak har passert fristen" in text


def test_nynorsk_saksframlegg(region_copy, tmp_path):
    sak = region_copy / "agreements" / "trondelag-sor" / "saker" / "nynorsk.yaml"
    sak.write_text(
        "tittel: Skipa eit politiråd\norgan: Kommunestyret i Røros\nsprak: nn\nsaksbehandlar_: x\n".replace(
            "saksbehandlar_: x\n", "saksbehandler: Rådgjevar\n"
        )
        + "ingress: Saka gjeld eit nytt politiråd.\nsaksopplysninger:\n  - avsnitt: Kommunen og politiet vil samarbeide.\n"
        "vurdering: Rådmannen meiner dette er rett.\ntilradning:\n  - Kommunestyret godkjenner avtalen.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run_cli("build", "trondelag-sor", *copy_args(region_copy), "--output", str(out), "--only", "saksframlegg")
    assert proc.returncode == 0, proc.stderr
    text = flat_text(out / "trondelag-sor" / "saksframlegg-nynorsk.pdf", "-layout")
    assert "Saksopplysningar" in text and "Saksbehandlar: Rådgjevar" in text and "Rådgjevar si tilråding" in text
    assert "Utval Møtedato Saksnummer Kommunestyret i Røros" in text  # the saksgang, in nynorsk
    with pikepdf.open(out / "trondelag-sor" / "saksframlegg-nynorsk.pdf") as pdf:
        assert str(pdf.Root.Lang) == "nn-NO"
