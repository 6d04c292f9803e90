"""Meetings: invitations, minutes, public versions, calendar files, målform per recipient."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pikepdf
from conftest import ROOT, copy_args, flat_text, need, run_cli
from pypdf import PdfReader

from politidok.archive import preflight

REGION = ROOT / "agreements" / "hallingdal"


def rows(pdf: Path, *extra: str) -> str:
    """Text in layout mode (table rows stay rows), whitespace folded."""
    return " ".join(re.sub("[\ue000-\uf8ff•]", " ", flat_text(pdf, "-layout", *extra)).split())


MARKER = "MARKØR-LUKKET-7Q2"


# --- built documents ----------------------------------------------------------------------------


def manifest(build: Path) -> dict:
    return {e["path"]: e for e in json.loads((build / "manifest.json").read_text(encoding="utf-8"))["files"]}


def test_invitation_nynorsk(hallingdal_build):
    pdf = hallingdal_build / "innkalling-2025-03-11-al.pdf"
    text = rows(pdf)
    assert "Innkalling til møte Politirådet i Ål" in text
    assert "Tid: tysdag 11. mars 2025 kl. 12.00–14.30" in text
    assert "Stad: Ål kulturhus, møterom Sundre" in text
    assert "Meld forfall til SLT-koordinator innan tysdag 4. mars 2025." in text
    assert "Mottakarar Ordførar i Ål Kommunedirektør i Ål SLT-koordinator, Regionrådet for Hallingdal" in text
    assert "2/25 Vald i nære relasjonar – samarbeid med krisesenteret Kommunedirektør" in text
    # a closed item: its neutral title only, without its introducer (who introduces it tells what it is about)
    assert "3/25 Orientering om oppfølging av enkeltsak" in text and "enkeltsak Politikontakt" not in text
    assert "Bekymringsmelding" not in text
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "nn-NO"
    assert manifest(hallingdal_build)["innkalling-2025-03-11-al.pdf"]["language"] == "nn"


def test_invitation_bokmal_and_joint_meeting_in_both(hallingdal_build):
    text = rows(hallingdal_build / "innkalling-2025-04-08-hol.pdf")
    assert "Tid: tirsdag 8. april 2025 kl. 10.00–12.00" in text and "Sted: Hol rådhus, Geilo" in text
    assert "Mottakere Ordfører i Hol" in text
    entries = manifest(hallingdal_build)
    for sprak, weekday in (("nb", "torsdag"), ("nn", "torsdag")):
        name = f"innkalling-2025-11-20-felles-{sprak}.pdf"
        assert entries[name]["language"] == sprak
        with pikepdf.open(hallingdal_build / name) as doc:
            assert str(doc.Root.Lang) == f"{sprak}-NO"
        assert f"{weekday} 20. november 2025" in rows(hallingdal_build / name)
    assert "Mottakarar" in rows(hallingdal_build / "innkalling-2025-11-20-felles-nn.pdf")


def test_minutes_content(hallingdal_build):
    text = rows(hallingdal_build / "referat-2025-04-08-hol.pdf")
    assert "Referat Politirådet i Hol" in text
    assert "Møtedato: tirsdag 8. april 2025 kl. 10.00–12.00" in text
    assert "Til stede: Ordfører i Hol; Kommunedirektør i Hol; Tjenesteenhetsleder, Hallingdal" in text
    # no «Forfall: Ingen» when a member is missing: who was not there, by the member list
    assert "Ikke til stede: Kommunaldirektør i Hol Referent: SLT-koordinator" in text and "Forfall" not in text
    assert "Sak 2/25: Sesongtrafikk og beredskap i vintersesongen" in text
    assert "Vedtak: Politirådet ber om en felles plan for store arrangementer i vintersesongen." in text
    assert "Oppfølging Sak Tiltak Ansvarlig Frist Status Kommentar" in text
    # the action plan as it stood at this meeting: measures adopted here, and statuses reported here
    assert "3/25 T-2025-06 Informasjonsbrev SLT-koordinator 25.04.2025 nytt tiltak Vedtatt i" in text  # whole words
    assert "4/25 T-2025-01 Felles helgepatrulje Politikontakt og 31.10.2025 pågår Første" in text
    assert "gjennomført" not in text.split("Oppfølging Sak", 1)[1]  # reported done only at later meetings
    assert "Neste møte Fellesmøtet på Hallingtinget i november." in text
    gol = rows(hallingdal_build / "referat-2025-02-10-gol.pdf")
    assert "Til stades:" in gol and "Tenesteeiningsleiar, Hallingdal politistasjonsdistrikt (sak 1/25 og 2/25)" in gol
    assert (
        "Ansvarleg" in gol
        and "2/25 T-2025-02 Foreldremøte om rus SLT-koordinator 30.04.2025 nytt tiltak Vedteke i" in gol
    )
    assert "pågår" not in gol and "gjennomført" not in gol  # no status yet: reported at later meetings


def test_internal_minutes_are_marked(hallingdal_build):
    pdf = hallingdal_build / "referat-2025-03-11-al.pdf"
    first = rows(pdf, "-f", "1", "-l", "1")
    marking = "Unnateke offentlegheit, jf. offl. § 13 jf. fvl. § 13"
    assert marking in first and first.index(marking) < first.index("Referat")  # page header, under the letterhead
    assert "Sak 3/25: Bekymringsmelding om ungdomsgjeng ved Ål stasjon" in rows(pdf)
    public = rows(hallingdal_build / "referat-offentlig-2025-03-11-al.pdf")
    assert (
        "Sak 3/25: Orientering om oppfølging av enkeltsak Unnateke offentlegheit, jf. offl. § 13 jf. fvl. § 13"
        in public
    )
    assert "Unnateke" not in public.split("Referat", 1)[0]
    assert "referat-offentlig-2025-04-08-hol.pdf" not in manifest(hallingdal_build)  # nothing closed there


def _pdf_haystack(pdf_path: Path) -> str:
    parts = [flat_text(pdf_path)]
    with pikepdf.open(pdf_path) as pdf:
        parts += [str(v) for v in pdf.docinfo.values()]
        parts.append(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace"))
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes().decode("latin-1"))
            elif isinstance(obj, pikepdf.Dictionary):
                parts.append(repr(obj))
    return "\n".join(parts)


def test_closed_content_never_reaches_the_public_version(region_copy, tmp_path):
    need("soffice", "pdftotext")
    path = region_copy / "agreements" / "hallingdal" / "moter" / "2025-03-11-al.yaml"
    text = path.read_text(encoding="utf-8")
    for old in (
        "ungdomsgjeng ved Ål stasjon",
        "bekymringsmeldinga frå skulen",
        "gjengen ved Ål stasjon",
        "Bekymringssamtalar med ungdommane",
    ):
        assert old in text
        text = text.replace(old, f"{old} {MARKER}")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli(
        "build",
        "hallingdal",
        "--only",
        "referat",
        "--only",
        "referat-offentlig",
        "--only",
        "innkalling",
        "--only",
        "kalender",
        *copy_args(region_copy),
        "--output",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    build = out / "hallingdal"
    # the internal minutes do hold it (else this test could not fail)
    assert MARKER in flat_text(build / "referat-2025-03-11-al.pdf")
    public = [
        build / "referat-offentlig-2025-03-11-al.pdf",
        build / "referat-offentlig-2025-03-11-al.docx",
        build / "arkivmelding-referat-offentlig-2025-03-11-al.xml",
        build / "innkalling-2025-03-11-al.pdf",
        build / "innkalling-2025-03-11-al.docx",
        build / "kalender-2025-03-11-al.ics",
        build / "manifest.json",
    ]
    for item in public:
        if item.suffix == ".pdf":
            haystack = _pdf_haystack(item)
        elif item.suffix == ".docx":
            with zipfile.ZipFile(item) as z:
                haystack = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            haystack = item.read_text(encoding="utf-8")
        assert MARKER not in haystack and "7Q2" not in haystack, item.name
    assert not any(MARKER in p.name for p in build.rglob("*"))
    assert MARKER not in (build / "arkivmelding-referat-2025-03-11-al.xml").read_text(encoding="utf-8")


def test_calendar_files_parse_back_in_oslo_time(hallingdal_build):
    oslo = ZoneInfo("Europe/Oslo")
    for name, local, utc_hour in (
        ("kalender-2025-03-11-al.ics", datetime(2025, 3, 11, 12, 0), 11),
        ("kalender-2025-05-13-nesbyen.ics", datetime(2025, 5, 13, 13, 0), 11),
    ):
        cal = icalendar.Calendar.from_ical((hallingdal_build / name).read_bytes())
        [event] = cal.walk("VEVENT")
        start = event.decoded("dtstart")
        assert start.tzinfo is not None and start.replace(tzinfo=None) == local
        assert start.astimezone(ZoneInfo("UTC")).hour == utc_hour  # CET in March, CEST in May
        assert str(event.get("dtstart").params["TZID"]) == "Europe/Oslo"
        assert any(tz["TZID"] == "Europe/Oslo" for tz in cal.walk("VTIMEZONE"))
        assert start.utcoffset() == local.replace(tzinfo=oslo).utcoffset()
    [event] = icalendar.Calendar.from_ical((hallingdal_build / "kalender-2025-03-11-al.ics").read_bytes()).walk(
        "VEVENT"
    )
    assert str(event["summary"]) == "Politirådet i Ål" and str(event["location"]) == "Ål kulturhus, møterom Sundre"
    assert "Orientering om oppfølging av enkeltsak" in str(event["description"])
    assert "Bekymringsmelding" not in str(event["description"])
    assert event.decoded("dtend").replace(tzinfo=None) == datetime(2025, 3, 11, 14, 30)


def test_meeting_package(hallingdal_build):
    package = hallingdal_build / "pakke-2025-02-10-gol.pdf"
    invitation = len(PdfReader(hallingdal_build / "innkalling-2025-02-10-gol.pdf").pages)
    attachment = len(PdfReader(REGION / "moter" / "vedlegg" / "situasjonsbilde-2025.pdf").pages)
    assert len(PdfReader(package).pages) == 1 + invitation + attachment  # the contents page first
    with pikepdf.open(package) as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root] == [
            "Innhald",
            "Innkalling: Politirådet i Gol, 10. februar 2025",
            "Vedlegg 1 (sak 2/25): Lokalt situasjonsbilde Hallingdal 2025",
        ]
    joint = hallingdal_build / "pakke-2025-11-20-felles-nn.pdf"
    with pikepdf.open(joint) as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root][2] == "Vedlegg 1 (sak 2/25): Samarbeidsavtale – Politirådet i Hallingdal"
    assert manifest(hallingdal_build)["pakke-2025-02-10-gol.pdf"]["kind"] == "pakke"


def test_manifest_kinds_and_every_pdf_passes_preflight(hallingdal_build):
    need("java")
    entries = manifest(hallingdal_build)
    kinds = {e["kind"] for e in entries.values()}
    assert {
        "innkalling",
        "pakke",
        "referat",
        "referat-offentlig",
        "kalender",
        "samarbeidsavtale",
        "arkivmelding",
    } <= kinds
    assert {e["path"] for e in entries.values()} == {p.name for p in hallingdal_build.iterdir()} - {"manifest.json"}
    pdfs = sorted(hallingdal_build.glob("*.pdf"))
    assert len(pdfs) == 30  # 8 invitations, 7 minutes, 1 public, 3 meeting packages, agreement, report, case, package,
    # the action plans (2025 and 2026 in bokmål and nynorsk, the 2026 plan's case and package), the meeting plan
    bad = [(r.path.name, r.errors) for r in preflight.validate(pdfs) if not r.ok]
    assert not bad
    flaa = [p for p in entries if "2025-09-16-fla" in p]
    assert not any(p.startswith("referat") for p in flaa)  # not held yet: invitation only
    assert re.search(r"innkalling-2025-09-16-fla\.pdf", " ".join(flaa))
