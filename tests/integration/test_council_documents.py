"""Issue 14 with real LibreOffice: documents of the new example councils read right."""

from __future__ import annotations

import json
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
    assert "Partene i politirådet er enige om følgende satsingsområder:" in text  # no decision date, no period
    assert "Kommunen og politiet er ansvarlige for at" in text and "på lik linje med politikontakten." in text
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


# --- issue 23: a council whose municipalities all write nynorsk -----------------------------------------------

BOKMAL = re.compile(r"\b(ikke|kommunene|kommunenes|tjenestetilbud|tjenestested\w*|være|fra|hver|møtes|ble)\b")


def test_nynorsk_council_agreement_is_nynorsk(sogn_build):
    pdf = sogn_build / "samarbeidsavtale.pdf"
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "nn-NO"
        assert str(doc.docinfo["/Title"]) == "Samarbeidsavtale – Politirådet i Sogn"
        assert str(doc.docinfo["/Subject"]) == "Samarbeidsavtale for politiråd og tenestetilbodet til politiet"
        fields = {str(f.T): str(f.TU) for f in doc.Root.AcroForm.Fields}
    assert fields["lensmann"] == "Signaturfelt: Lensmann i Sogn lensmannsdistrikt, Vest politidistrikt"
    assert fields["ordforar_ardal"] == "Signaturfelt: Ordførar i Årdal" and len(fields) == 7
    text = flat_text(pdf)
    assert (
        "Samarbeidsavtale for politiråd og tenestetilbodet til politiet Politirådet i Sogn" in text
    )  # after the letterhead
    for sentence in (
        (
            "Aurland, Luster, Lærdal, Sogndal, Vik og Årdal kommunar og politiet møtest i eitt felles politiråd "
            "gjennom Sogn regionråd. Regionrådet er eit politisk samarbeidsorgan for dei seks kommunane."
        ),
        "Politirådet er organisatorisk knytt til lokal tenesteeining og kommunane som høyrer til",
        "Politikontakten er det faste kontaktleddet til lensmannsdistriktet med kommunane",
        "Politirådet har tre felles politirådsmøte i året, og møtest ad hoc ved særlege hendingar.",
        "Det er fysiske tenestestader i Sogndal, i Vik, i Lærdal, i Årdal og i Aurland.",
        (
            "Avtalen gjeld frå han er signert av partane og skal evaluerast årleg i samband med det siste "
            "politirådsmøtet i året som eiga sak."
        ),
        "Stad og dato:",
    ):
        assert sentence in text
    law = text.split("definert slik:")[1].split("Føremål")[0]
    assert "Staten skal sørge for den polititjeneste" in law  # quoted as the law is written, in bokmål
    assert not BOKMAL.findall(text.replace(law, " "))


def test_nynorsk_council_documents_are_nynorsk(sogn_build):
    entries = json.loads((sogn_build / "manifest.json").read_text(encoding="utf-8"))["files"]
    kinds = {e["kind"] for e in entries}
    assert {"samarbeidsavtale", "innkalling", "referat", "referat-offentlig", "evalueringsrapport"} <= kinds
    held = [e for e in entries if e["kind"] == "referat" and e["path"].endswith(".pdf")]
    assert len(held) == 3  # three held meetings with minutes; one more only invited
    assert len([e for e in entries if e["kind"] == "innkalling" and e["path"].endswith(".pdf")]) == 4
    public = flat_text(sogn_build / "referat-offentlig-2025-06-12-felles.pdf")
    assert "Unnateke offentlegheit, jf. offl. § 13 jf. fvl. § 13" in public and "ferjekaien" not in public
    internal = flat_text(sogn_build / "referat-2025-06-12-felles.pdf")
    assert "ferjekaien" in internal and "Unnateke offentlegheit" in internal
    case = flat_text(sogn_build / "saksframlegg-evaluering-2025.pdf")
    assert "I 2025 vart det halde tre av tre planlagde politirådsmøte." in case
    assert "Evalueringsrapport 2025 – Politirådet i Sogn" in case


@pytest.mark.parametrize("region", ["hallingdal", "sogn"])
def test_the_evaluation_case_quotes_the_agreement_as_written(region, request):
    """The saksframlegg quotes the agreement («Samarbeidsavtalen, …»): the words must be the agreement's own."""
    build = request.getfixturevalue(f"{region}_build")
    case = flat_text(build / "saksframlegg-evaluering-2025.pdf")
    quote = re.search(r"(Ved (?:\S+ )?slutt\S* .*? arbeid\S*(?: neste år)?\.) Samarbeidsavtalen, Politirådet i", case)
    assert quote, case[:600]
    assert quote.group(1) in flat_text(build / "samarbeidsavtale.pdf")
