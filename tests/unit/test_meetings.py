"""Meetings: invitations, minutes, public versions, calendar files, målform per recipient."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

from politidok.context import meetings
from politidok.core.errors import InputError
from politidok.load import load_region
from politidok.render.typography import NBSP

REGION = ROOT / "agreements" / "hallingdal"


@pytest.fixture(scope="module")
def region():
    return load_region(REGION)


# --- units -----------------------------------------------------------------------------------


def test_malform_per_recipient(region):
    avtale, moter = region.avtale, region.moter
    assert meetings.languages(avtale, moter["2025-02-10-gol"]) == ["nn"]
    assert meetings.languages(avtale, moter["2025-03-11-al"]) == ["nn"]
    assert meetings.languages(avtale, moter["2025-10-07-hemsedal"]) == ["nn"]
    assert meetings.languages(avtale, moter["2025-04-08-hol"]) == ["nb"]  # neutral: the region's choice
    assert meetings.languages(avtale, moter["2025-05-13-nesbyen"]) == ["nb"]
    assert meetings.languages(avtale, moter["2025-11-20-felles"]) == ["nb", "nn"]
    nynorsk = avtale.model_copy(update={"politirad": avtale.politirad.model_copy(update={"noytral_malform": "nn"})})
    assert meetings.languages(nynorsk, moter["2025-04-08-hol"]) == ["nn"]


@pytest.mark.parametrize(
    ("day", "nb", "nn"),
    [
        (date(2025, 3, 10), "mandag 10. mars 2025", "måndag 10. mars 2025"),
        (date(2025, 3, 11), "tirsdag 11. mars 2025", "tysdag 11. mars 2025"),
        (date(2025, 3, 15), "lørdag 15. mars 2025", "laurdag 15. mars 2025"),
    ],
)
def test_weekday_names(day, nb, nn):
    assert meetings.weekday_date(day, "nb") == nb
    assert meetings.weekday_date(day, "nn") == nn


def test_recipients_from_the_agreement(region):
    hol = meetings.recipients(region.avtale, region.moter["2025-04-08-hol"])
    assert hol == [
        "Ordfører i Hol",
        "Kommunedirektør i Hol",
        "SLT-koordinator, Regionrådet for Hallingdal",
        "Tjenesteenhetsleder, Hallingdal politistasjonsdistrikt",
        "Politikontakt, Hallingdal politistasjonsdistrikt",
        "Kommunaldirektør i Hol",
    ]
    felles = meetings.recipients(region.avtale, region.moter["2025-11-20-felles"])
    assert [r for r in felles if r.startswith("Ordfører i")] == [
        f"Ordfører i {k}" for k in ("Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol")
    ]
    assert not any(r.startswith("Kommunaldirektør") for r in felles)  # only fixed members at the joint meeting


def test_members_neither_present_nor_absent_are_not_present():
    """The issue: «Forfall: Ingen» in minutes where 4 of 17 members came (Midt-Troms, 23.10.2025) and where
    5 of 6 kommunedirektørar were not there (Sogn, 20.11.2025). A member of the meeting the minutes list
    neither present nor absent is «Ikke til stede»; «Ingen» forfall only when every member is accounted for."""
    troms = load_region(ROOT / "agreements" / "midt-troms")
    ctx = meetings.minutes_context(troms.avtale, troms.moter["2025-10-23-felles"], "nb", public=False)
    assert ctx["forfall"] == []
    assert len(ctx["ikke_til_stede"]) == 13 and len(ctx["til_stede"]) == 4
    assert "Ordfører i Bardu" in ctx["ikke_til_stede"] and "Rådmann i Ibestad" in ctx["ikke_til_stede"]
    assert "Politikontakt, Midt-Troms lensmannsdistrikt" in ctx["ikke_til_stede"]
    assert not any(r.startswith(("Ordfører i Lavangen", "Ordfører i Salangen")) for r in ctx["ikke_til_stede"])
    assert not any(r.startswith(("SLT-koordinator", "Lensmann")) for r in ctx["ikke_til_stede"])

    sogn = load_region(ROOT / "agreements" / "sogn")
    ctx = meetings.minutes_context(sogn.avtale, sogn.moter["2025-11-20-felles"], "nn", public=False)
    assert ctx["ikke_til_stede"] == [
        f"Kommunedirektør i {k}" for k in ("Aurland", "Luster", "Sogndal", "Vik", "Årdal")
    ]  # the one of Lærdal came (sak 10/25); the daglege leiaren is an additional member, not one of the joint meeting
    # absent with apologies is not «not present» (Sogndal's kommunedirektør in June), and a role written in
    # the other målform is the same member
    ctx = meetings.minutes_context(sogn.avtale, sogn.moter["2025-06-12-felles"], "nn", public=False)
    assert ctx["forfall"] == ["Kommunedirektør i Sogndal"]
    assert "Kommunedirektør i Sogndal" not in ctx["ikke_til_stede"]
    assert not any(r.startswith("Ordførar") for r in ctx["ikke_til_stede"])

    kafjord = load_region(ROOT / "agreements" / "kafjord")
    ctx = meetings.minutes_context(kafjord.avtale, kafjord.moter["2025-04-24-kafjord"], "nb", public=False)
    assert ctx["ikke_til_stede"] == []  # everyone accounted for: «Forfall» lists the one who sent apologies


def _broken(region_copy: Path, name: str, old: str, new: str) -> list:
    path = region_copy / "agreements" / "hallingdal" / "moter" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_region(region_copy / "agreements" / "hallingdal", display_root=region_copy)
    return info.value.problems


def test_duplicate_sak_number(region_copy):
    [p] = _broken(region_copy, "2025-10-07-hemsedal.yaml", "nummer: 3/25", "nummer: 2/25")
    assert p.file == "agreements/hallingdal/moter/2025-10-07-hemsedal.yaml" and p.field == "saker[3].nummer"
    assert "saksnummer 2/25 er brukt før" in p.message
    text = (region_copy / "agreements" / "hallingdal" / "moter" / "2025-10-07-hemsedal.yaml").read_text(
        encoding="utf-8"
    )
    assert p.line == [i for i, line in enumerate(text.splitlines(), 1) if "nummer: 2/25" in line][1]


def test_gap_in_sak_numbers(region_copy):
    [p] = _broken(region_copy, "2025-10-07-hemsedal.yaml", "nummer: 3/25", "nummer: 4/25")
    assert "saksnummer 4/25: ventet 3/25" in p.message and "mangler" in p.message


def test_sak_number_of_another_year(region_copy):
    problems = _broken(region_copy, "2025-05-13-nesbyen.yaml", "nummer: 2/25", "nummer: 2/24")
    assert any("hører ikke til møteåret 2025" in p.message for p in problems)


def test_tiltak_checks(region_copy):
    path = "2025-03-11-al.yaml"  # actions written in the minutes (the older form, kept for a closed item)
    problems = _broken(region_copy, path, "satsingsomrade: vold-naere-relasjoner", "satsingsomrade: trafikk")
    assert any(
        p.field.endswith("tiltak[1].satsingsomrade") and "ukjent satsingsområde «trafikk»" in p.message
        for p in problems
    )
    problems = _broken(region_copy, path, "frist: 2025-06-30", "frist: 2025-01-31")
    assert any("fristen 2025-01-31 er før møtedatoen 2025-03-11" in p.message for p in problems)


def test_attachment_must_exist_and_be_pdfa(region_copy):
    [p] = _broken(region_copy, "2025-02-10-gol.yaml", "situasjonsbilde-2025.pdf", "mangler.pdf")
    assert "fant ikke filen mangler.pdf" in p.message
    not_pdfa = region_copy / "agreements" / "hallingdal" / "moter" / "vedlegg" / "vanlig.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(not_pdfa)
    [p] = _broken(region_copy, "2025-02-10-gol.yaml", "mangler.pdf", "vanlig.pdf")
    assert "vanlig.pdf er ikke PDF/A" in p.message


@pytest.mark.parametrize(
    ("region_name", "stem"), [("hallingdal", "referat-2025-03-11-al"), ("sogn", "referat-2025-06-12-felles")]
)
def test_screened_minutes_are_marked_once_at_the_top(tmp_path, region_name, stem):
    """The issue: the screened minutes of Ål and Sogn printed «Unnateke offentlegheit, jf. offl. § 13 …» twice
    on page 1, in the header (as a record system stamps it) and again under the title. Now only the header
    marks every page; in the body the closed item says it once."""
    import zipfile

    from politidok.documents import plan
    from politidok.render import render_docx

    region = load_region(ROOT / "agreements" / region_name)
    [doc] = [d for d in plan(region, ROOT / "templates").documents if d.stem == stem]
    marking = doc.context["merking"]
    assert marking.startswith("Unnateke offentlegheit, jf. offl. § 13")
    out = render_docx(doc.template, doc.context, doc.info, tmp_path / f"{stem}.docx")
    with zipfile.ZipFile(out) as z:
        # non-breaking spaces («§ 13») read as spaces (render.typography)
        parts = {
            n: z.read(n).decode("utf-8").replace(NBSP, " ")
            for n in z.namelist()
            if n.startswith("word/") and n.endswith(".xml")
        }
    assert parts["word/document.xml"].count(marking) == 1  # the closed item's own line
    headers = [text for name, text in parts.items() if name.startswith("word/header")]
    assert sum(h.count(marking) for h in headers) == 2  # the first page's header and the other pages'


def _rendered(tmp_path: Path, region_name: str, stem: str) -> tuple[str, str]:
    """(the body's text, the first page header's text) of a planned document rendered with its template."""
    import docx

    from politidok.documents import plan
    from politidok.render import render_docx

    region = load_region(ROOT / "agreements" / region_name)
    [doc] = [d for d in plan(region, ROOT / "templates").documents if d.stem == stem]
    document = docx.Document(str(render_docx(doc.template, doc.context, doc.info, tmp_path / f"{stem}.docx")))
    body = [p.text for p in document.paragraphs] + [
        " ".join(c.text for c in row.cells) for t in document.tables for row in t.rows
    ]
    header = document.sections[0].first_page_header
    head = [p.text for p in header.paragraphs] + [c.text for t in header.tables for row in t.rows for c in row.cells]
    return "\n".join(body).replace(NBSP, " "), "\n".join(head).replace(NBSP, " ")  # render.typography


def test_an_invitation_not_sent_is_a_draft_and_says_what_is_not_decided(tmp_path):
    """The issue: Kåfjord's invitation of 16.10.2025 had no date in its letterhead, and said only «Tid:
    torsdag 16. oktober 2025»: no time, no place, no reply date. An invitation without `sendt:` is a draft
    («Utkast» where the date goes, no date of the clock); what is not decided yet, it says will come."""
    body, head = _rendered(tmp_path, "kafjord", "innkalling-2025-10-16-kafjord")
    assert "Utkast" in head and "Dato:" not in head
    assert "Tid: torsdag 16. oktober 2025. Klokkeslett og møtested kommer senere." in body
    assert "Forfall: Meld forfall til rådmannen så snart som mulig." in body
    assert "Sted:" not in body and "Svarfrist:" not in body
    # a sent one has its date, and no «Utkast»
    body, head = _rendered(tmp_path, "sogn", "innkalling-2025-02-13-felles")
    assert "Dato: 30.01.2025" in head and "Utkast" not in head
    assert "Tid: torsdag 13. februar 2025 kl. 10.00–14.00\n" in body + "\n" and "Stad: Sogndal rådhus" in body
    assert "Svarfrist: Meld forfall til dagleg leiar i Sogn regionråd innan torsdag 6. februar 2025." in body
    assert "kjem seinare" not in body and "så snart som" not in body


@pytest.mark.parametrize(
    ("sted", "fra", "said"),
    [
        ("Rådhuset", None, "Tid: torsdag 16. oktober 2025. Klokkeslett kjem seinare."),
        (None, "10:00", "Tid: torsdag 16. oktober 2025 kl. 10.00. Møtestad kjem seinare."),
    ],
)
def test_time_or_place_still_to_come_in_nynorsk(tmp_path, sted, fra, said):
    import docx

    from politidok.context.letterhead import letterhead
    from politidok.core.docinfo import DocumentInfo
    from politidok.load.models import Mote
    from politidok.render import render_docx

    region = load_region(ROOT / "agreements" / "sogn")
    mote = Mote.model_validate(
        {
            "felles": True,
            "dato": date(2025, 10, 16),
            "sted": sted,
            "fra": fra,
            "saker": [{"nummer": "1/25", "tittel": "X"}],
        }
    )
    context = {
        **meetings.invitation_context(region.avtale, mote, "nn", {}),
        **letterhead(region.avtale, None, None),
    }
    assert context["utkast"] is True
    out = render_docx(
        ROOT / "templates" / "nn" / "innkalling.docx", context, DocumentInfo("T", "nn-NO", None), tmp_path / "i.docx"
    )
    rows = [" ".join(c.text for c in row.cells).replace(NBSP, " ") for row in docx.Document(str(out)).tables[0].rows]
    assert rows[0] == said
    assert "Forfall: Meld forfall til dagleg leiar i Sogn regionråd så snart som mogleg." in rows
