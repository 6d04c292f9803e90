"""Review B with real LibreOffice: what the meeting documents, the proposed plan and the evaluation report
say, read from the built PDFs as a council secretary reads them."""

from __future__ import annotations

import pikepdf
import pytest
from conftest import _real_build, flat_text


@pytest.fixture(scope="module")
def midt_troms(tmp_path_factory):
    return _real_build(tmp_path_factory, "midt-troms")


@pytest.fixture(scope="module")
def kafjord(tmp_path_factory):
    return _real_build(tmp_path_factory, "kafjord")


def test_proposed_plan_is_the_plan_on_the_case_date(sogn_build):
    """The issue: the proposal dated 30.01.2025 held T-2025-06 (adopted 12.06.2025 in sak 7/25), the case
    said «har seks tiltak» while the minutes of 13.02 say five, and the proposal said the measures «har
    vedteke»."""
    plan = flat_text(sogn_build / "handlingsplan-2025-forslag.pdf")
    assert "T-2025-05" in plan and "T-2025-06" not in plan and "nettvett" not in plan
    assert "har vedteke" not in plan and "Tiltaka er ikkje vedtekne enno." in plan
    assert (
        "Dette er framlegget til handlingsplan for 2025 som blir lagt fram for Politirådet i Sogn i sak 3/25." in plan
    )
    with pikepdf.open(sogn_build / "handlingsplan-2025-forslag.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "Framlegg til handlingsplan 2025 – Politirådet i Sogn"
    case = flat_text(sogn_build / "saksframlegg-handlingsplan-2025.pdf")
    assert "Framlegget til handlingsplan for 2025 har fem tiltak." in case
    assert "Vedlegg 1: Framlegg til handlingsplan 2025 – Politirådet i Sogn" in case
    # the plan as it stands at the year's end still has all six
    assert "T-2025-06" in flat_text(sogn_build / "handlingsplan-2025.pdf")


def test_proposed_plan_heading_says_it_is_a_proposal(sogn_build):
    plan = flat_text(sogn_build / "handlingsplan-2025-forslag.pdf")
    assert plan.split("Politirådet i Sogn Dette er framlegget")[0].rstrip().endswith("Framlegg til handlingsplan 2025")
    assert "Handlingsplan 2025" not in plan
    assert (
        flat_text(sogn_build / "handlingsplan-2025.pdf")
        .split("Politirådet i Sogn Handlingsplanen")[0]
        .endswith("Handlingsplan 2025 ")
    )


def test_minutes_say_who_of_the_members_was_not_there(midt_troms, sogn_build):
    """The issue: «Forfall: Ingen» where 4 of 17 members came (Midt-Troms, 23.10.2025) and where 5 of 6
    kommunedirektørar were missing (Sogn, 20.11.2025)."""
    text = flat_text(midt_troms / "referat-2025-10-23-felles.pdf", "-layout")
    head = text.split("Saker")[0]
    assert "Forfall" not in head and "Ingen" not in head
    absent = head.split("Ikke til stede:")[1].split("Referent:")[0]
    assert absent.count("Ordfører i") == 5 and absent.count("Rådmann i") == 7
    # a line may end at the hard hyphen of «Midt-Troms» (layout text: «Midt- Troms»)
    assert "Politikontakt, Midt-Troms lensmannsdistrikt" in absent.replace("Midt- Troms", "Midt-Troms")
    assert "Salangen;" not in absent.split("Rådmann i")[0]  # the two ordførarar who came are not in it
    # in the spring the one who sent apologies is «Forfall», the rådmenn who neither came nor sent any are not
    spring = flat_text(midt_troms / "referat-2025-03-20-felles.pdf", "-layout").split("Saker")[0]
    assert "Forfall: Ordfører i Salangen" in spring
    assert spring.split("Ikke til stede:")[1].count("Rådmann i") == 6  # all but Bardu's
    nn = flat_text(sogn_build / "referat-2025-11-20-felles.pdf").split("Saker")[0]
    assert "Forfall" not in nn and "Ikkje til stades:" in nn
    # the label on one line (the review: «Ikkje til / stades:» in a column too narrow)
    assert "Ikkje til stades:" in flat_text(sogn_build / "referat-2025-11-20-felles.pdf", "-layout")
    assert (
        "Kommunedirektør i Aurland; Kommunedirektør i Luster; Kommunedirektør i Sogndal; Kommunedirektør i "
        "Vik; Kommunedirektør i Årdal" in nn
    )
    assert (  # Lærdal's was there: the minutes say he presented sak 10/25
        nn.count("Kommunedirektør i Lærdal") == 1  # in «Til stades» only
    )


def test_invitations_are_dated_when_sent_and_drafts_say_so(kafjord, sogn_build, midt_troms):
    """The issue: the invitations of Hallingdal, Kåfjord and Midt-Troms had no date in the letterhead, and
    Kåfjord's of 16.10.2025 said only «Tid: torsdag 16. oktober 2025»."""
    text = flat_text(kafjord / "innkalling-2025-10-16-kafjord.pdf", "-layout")
    head, body = text.split("Innkalling til møte", 1)
    assert "Utkast" in head and "Dato:" not in head
    assert "Tid: torsdag 16. oktober 2025. Klokkeslett og møtested kommer senere." in body
    assert "Forfall: Meld forfall til rådmannen så snart som mulig." in body
    # none has `sendt:`: undated; a draft unless its meeting is held (minutes written: it went out)
    for pdf in [*kafjord.glob("innkalling-*.pdf"), *midt_troms.glob("innkalling-*.pdf")]:
        head = flat_text(pdf).split("Innkalling til møte")[0]
        held = (pdf.parent / pdf.name.replace("innkalling-", "referat-")).exists()
        assert ("Utkast" in head) != held and "Dato:" not in head, pdf.name
        xml = (pdf.parent / f"arkivmelding-{pdf.stem}.xml").read_text(encoding="utf-8")
        status = "<n5mdk:kode>F</n5mdk:kode>" if held else "<n5mdk:kode>B</n5mdk:kode>"
        assert status in xml.split("<dokumentstatus>")[1].split("</dokumentstatus>")[0], pdf.name
    assert (kafjord / "referat-2025-04-24-kafjord.pdf").exists()  # Kåfjord has one of each: 24.04 held, 16.10 a draft
    for pdf in sogn_build.glob("innkalling-*.pdf"):  # every one has `sendt:`
        head = flat_text(pdf).split("Innkalling til møte")[0]
        assert "Dato: " in head and "Utkast" not in head, pdf.name


def test_report_of_a_council_that_meets_as_needed(kafjord):
    """The issue: «Planlagt 0 / Holdt 1», the called meeting of 16.10.2025 never mentioned, and «holdt ett
    møte … Møtene vedtok tre tiltak»."""
    report = flat_text(kafjord / "evalueringsrapport-2025.pdf", "-layout")
    assert "Politirådet holdt ett møte i 2025. Møtet vedtok tre tiltak: to er gjennomført og ett pågår." in report
    assert "Ett møte til ble innkalt, men referatet er ikke registrert." in report
    assert "Kåfjord / Gáivuotna / Kaivuono etter behov 1 24.04.2025, 16.10.2025 (uten referat)" in report
    case = flat_text(kafjord / "saksframlegg-evaluering-2025.pdf")
    assert "det mangler referat fra møtet 16.10.2025. Møtet vedtok tre tiltak" in case


def test_a_measure_reported_done_after_its_deadline_is_not_judged_late(sogn_build):
    """The issue: T-2025-01 «15.05.2025 (etter fristen)» though it was done «før russetida»: the date was the
    meeting that reported it done. Without the day it was done, the report says only that."""
    report = flat_text(sogn_build / "evalueringsrapport-2025.pdf")
    assert "etter fristen" not in report
    assert "Frist: 15.05.2025 (rapportert gjennomført i møtet 12.06.2025)." in report
    assert "Frist: 30.11.2025 (ikkje overhalden)." in report
