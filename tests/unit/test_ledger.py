"""The ledger (build/ledger.py) and what it means for a build (build/outgoing.py), in-process.

The documents are planned from a copy of the example regions and recorded as gone out without being
built (their files are placeholders): what stops a build, and what does not, is decided before any
LibreOffice runs. The real builds are in tests/integration/test_ledger.py and test_secretary_year.py.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from lxml import etree
from support import Recorded, edit

from politidok import documents
from politidok.archive import arkivmelding as archive
from politidok.build import ledger, outgoing, provenance
from politidok.core.docinfo import Supersedes
from politidok.core.errors import InputError
from politidok.core.options import BuildOptions

GOL = "referat-2025-02-10-gol"
AL = "referat-2025-03-11-al"
AL_PUBLIC = "referat-offentlig-2025-03-11-al"
FLA = "innkalling-2025-09-16-fla"


@pytest.fixture()
def hallingdal(region_copy) -> Recorded:
    return Recorded(region_copy)


# --- the file --------------------------------------------------------------------------------------


def test_ledger_round_trip_readable_and_stable(tmp_path):
    day = date(2025, 2, 20)
    kilder = {
        "moter/2025-02-10-gol.yaml": ledger.Kilde("moter/2025-02-10-gol.yaml", "d" * 64, {"saker[*].vedtak": "e" * 64})
    }
    entries = {
        stem: ledger.Archived(stem, {f"{stem}.docx": "b" * 64, f"{stem}.pdf": "a" * 64}, "c" * 64, kilder, arkivert=day)
        for stem in (GOL, "innkalling-2025-02-10-gol")
    }
    entries["samarbeidsavtale"] = ledger.Archived(
        "samarbeidsavtale", {"samarbeidsavtale.pdf": "f" * 64}, "c" * 64, {}, arkivert=day,
        signert={"samarbeidsavtale-signert.pdf": "9" * 64},
    )  # fmt: skip
    ledger.write(tmp_path, entries)
    text = (tmp_path / "arkivert.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Dokumenter som er sendt eller arkivert")
    assert "&id" not in text and "*id" not in text  # the same date and inputs, written out each time
    assert ledger.read(tmp_path) == entries
    data = yaml.safe_load(text)["dokumenter"]
    assert [e["dokument"] for e in data] == sorted(entries)  # a stable order
    assert data[1]["filer"][0] == {"fil": f"{GOL}.pdf", "sha256": "a" * 64}  # the PDF first
    assert data[1]["kilder"] == [
        {"fil": "moter/2025-02-10-gol.yaml", "sha256": "d" * 64, "felt": {"saker[*].vedtak": "e" * 64}}
    ]
    assert data[2]["signert"]["fil"] == "samarbeidsavtale-signert.pdf"  # the signed copy beside the original
    assert ledger.next_version(GOL, set()) == f"{GOL}-v2"
    assert ledger.next_version(f"{GOL}-v2", {f"{GOL}-v3"}) == f"{GOL}-v4"


A, C, D = "a" * 64, "c" * 64, "d" * 64  # SHA-256 sums as the ledger holds them


def test_a_ledger_of_the_older_form_is_read(tmp_path):
    (tmp_path / "arkivert.yaml").write_text(
        f"dokumenter:\n- dokument: x\n  arkivert: 2025-02-20\n  filer:\n  - {{fil: x.pdf, sha256: {A}}}\n"
        f"  innhold: bb\n  kilder:\n    avtale.yaml: {C}\n",
        encoding="utf-8",
    )
    [entry] = ledger.read(tmp_path).values()
    assert entry.kilder == {"avtale.yaml": ledger.Kilde("avtale.yaml", C)} and entry.gone_out == "arkivert 2025-02-20"


def test_arkivmelding_of_a_corrected_version_points_to_the_original():
    from politidok.archive.manifest import Entry

    pdf = Entry(f"{GOL}-v2.pdf", "referat", "Referat (versjon 2)", "nn", "PDF/A-2b", 10, "e" * 64)
    xml = archive.arkivmelding(
        archive.Record(
            "referat",
            "Referat (versjon 2)",
            [pdf],
            ("PROTOKOLL", "X"),
            date(2025, 3, 1),
            erstatter=Supersedes(GOL, f"{GOL}.pdf", "f" * 64, date(2025, 2, 20), "Referat", 2),
        )
    )
    assert archive.validate(xml) == []  # the KS XSD
    root = etree.fromstring(xml)
    text = " ".join(root.itertext())
    assert f"Rettet versjon. Erstatter {GOL}.pdf (arkivert 2025-02-20, SHA-256 {'f' * 64})" in text
    assert root.findtext(f".//{{{archive.MDK}}}noekkel") == GOL


# --- what stops a build, and what does not ------------------------------------------------------------


def test_unknown_document_for_a_new_version(region_copy):
    from politidok.build import build
    from politidok.core.paths import Paths

    paths = Paths(region_copy / "agreements", region_copy / "templates", region_copy / "out")
    with pytest.raises(InputError) as info:  # stops before anything is rendered
        build("hallingdal", paths, BuildOptions(new_versions=("referat-2025-13-01-gol",)))
    [p] = info.value.problems
    assert p.message.startswith("«referat-2025-13-01-gol» er ikke sendt eller arkivert; bare et slikt dokument")
    assert not (region_copy / "out" / "hallingdal").exists()


def test_edits_a_document_does_not_show_pass_it(hallingdal):
    hallingdal.record("samarbeidsavtale", "innkalling-2025-02-10-gol", AL, AL_PUBLIC, "moteplan-2025")
    agreement = hallingdal.folder / "avtale.yaml"
    edit(agreement, "# arkiv:\n#   saksnummer: 2024/1873", "arkiv:\n  saksnummer: 2024/1873")  # archive references
    edit(  # a member of another municipality (not Gol's or Ål's: minutes and invitations show their meeting's
        # members), named as members already are in the agreement
        agreement,
        "    deltakelse: tillegg\n",
        "    deltakelse: tillegg\n  - tittel: Kommunalsjef for oppvekst\n    kommune: Hol\n"
        "    omtale: aktuelle kommunaldirektører\n    deltakelse: tillegg\n",
    )
    edit(  # a typo fixed in a later meeting's minutes
        hallingdal.folder / "moter" / "2025-10-07-hemsedal.yaml",
        "gjekk gjennom tiltaka i handlingsplanen.",
        "gjekk gjennom tiltaka i handlingsplanen i detalj.",
    )
    edit(  # minutes written for Gol's meeting never touch its invitation
        hallingdal.folder / "moter" / "2025-02-10-gol.yaml", "Skulen og utekontakten", "Skulen og utekontakten i Gol"
    )
    _todo, g, problems = hallingdal.assess()
    assert problems == []
    assert {"samarbeidsavtale", "innkalling-2025-02-10-gol", AL, AL_PUBLIC, "moteplan-2025"} <= set(g.frozen)


def test_a_change_a_document_shows_names_the_field_its_line_old_new_and_the_command(hallingdal):
    hallingdal.record(AL, AL_PUBLIC, "samarbeidsavtale")
    edit(
        hallingdal.folder / "moter" / "2025-03-11-al.yaml", "sluttar seg til rutinane", "sluttar seg heilt til rutinane"
    )
    problems = hallingdal.problems()
    [p] = problems  # one change, two documents, one command: the public version goes with the minutes
    assert p.file.endswith("moter/2025-03-11-al.yaml") and p.field == "saker[2].vedtak.nn"  # its nynorsk
    line = (hallingdal.folder / "moter" / "2025-03-11-al.yaml").read_text(encoding="utf-8").split("\n")
    assert line[p.line - 1].strip().startswith("nn: Politirådet sluttar seg heilt")
    assert p.message.startswith(
        f"{AL} og {AL_PUBLIC} er begge arkivert 2025-12-20 og kan ikke endres: «Politirådet sluttar seg til"
    )
    assert "» → «Politirådet sluttar seg heilt til" in p.message
    assert p.message.endswith(f"lag en rettet versjon: politidok bygg hallingdal --ny-versjon {AL}")
    todo, g, problems = hallingdal.assess(AL)  # the command the message gives
    assert problems == []
    assert {f"{AL}-v2", f"{AL_PUBLIC}-v2"} <= set(todo.by_stem()) and g.changed
    assert g.ledger[AL].erstattet_av == f"{AL}-v2" and g.ledger[AL_PUBLIC].erstattet_av == f"{AL_PUBLIC}-v2"


def test_a_member_the_agreement_names_stops_the_archived_agreement_only(hallingdal):
    hallingdal.record("samarbeidsavtale", "innkalling-2025-02-10-gol")
    edit(
        hallingdal.folder / "avtale.yaml",
        "    deltakelse: ved_behov\n",
        "    deltakelse: ved_behov\n  - tittel: Leiar for ungdomsrådet\n    kommune: Hemsedal\n"
        "    omtale: leiarar for ungdomsråda\n    deltakelse: tillegg\n",
    )
    [p] = hallingdal.problems()
    assert p.field == "medlemmer[8]" and p.message.startswith("samarbeidsavtale er arkivert 2025-12-20")
    assert "(ingen) → «tittel: Leiar for ungdomsrådet, kommune: Hemsedal" in p.message


def test_the_message_without_a_copy_still_names_the_field(hallingdal):
    hallingdal.record(GOL)
    for copy in (hallingdal.folder / "arkivert").rglob("*.yaml"):
        copy.unlink()
    edit(hallingdal.folder / "moter" / "2025-02-10-gol.yaml", "er godkjende.", "er godkjende med endringar.")
    [p] = hallingdal.problems()
    assert p.field == "saker[*].vedtak" and "den gamle verdien er ukjent" in p.message


def test_an_invitation_is_kept_as_sent(hallingdal):
    meeting = hallingdal.folder / "moter" / "2025-09-16-fla.yaml"
    edit(meeting, "svarfrist: 2025-09-09\n", "svarfrist: 2025-09-09\nsendt: 2025-09-01\n")
    assert set(hallingdal.assess(today=date(2025, 8, 30))[1].record) == set()  # not sent yet
    todo, g, _problems = hallingdal.assess()
    assert set(g.record) == {FLA} and g.record[FLA].sendt == date(2025, 9, 1)
    hallingdal.record(FLA, arkivert=None, sendt=date(2025, 9, 1))
    edit(
        meeting,
        "    tittel: Status for tiltak mot vold i nære relasjoner\n",
        "    tittel: Status for tiltak mot vold i nære relasjoner\n    offentlig_tittel: Orientering om enkeltsak\n"
        "    unntatt_offentlighet: offl. § 13\n",
    )
    problems = hallingdal.problems()
    assert [p.field for p in problems] == ["saker[3].offentlig_tittel", "saker[3].unntatt_offentlighet"]
    assert problems[1].message.startswith(f"{FLA} er sendt 2025-09-01 og kan ikke endres: (ingen) → «offl. § 13»")
    todo, g, problems = hallingdal.assess(FLA)
    assert problems == []
    corrected = todo.by_stem()[f"{FLA}-v2"]
    assert corrected.info.title == "Rettet innkalling – Politirådet i Flå, 16. september 2025"
    assert corrected.context["rettelse"] == {
        "sendt": "1. september 2025",
        "endringer": ["Sak 3/25 har ny tittel: Orientering om enkeltsak", "Sak 3/25 har ikke lenger innleder."],
    }
    assert "Status for tiltak mot vold" not in str(corrected.context)  # the closed item's title does not travel
    assert corrected.supersedes.gone_out == "sendt" and set(g.record) == {f"{FLA}-v2"}  # goes out when made


def test_a_ledger_of_the_older_form_is_brought_up_to_date(hallingdal):
    region = hallingdal.load()
    todo = documents.plan(region, hallingdal.templates)
    gol = todo.by_stem()[GOL]
    old = ledger.Archived(
        GOL,
        {f"{GOL}.pdf": "0" * 64},
        provenance.legacy_values(gol),  # what a ledger written before recorded
        {k.fil: ledger.Kilde(k.fil, k.sha256) for k in provenance.record_inputs(region, gol, todo).values()},
        arkivert=date(2025, 2, 20),
    )
    ledger.write(hallingdal.folder, {GOL: old})
    edit(hallingdal.folder / "avtale.yaml", "# arkiv:\n#   saksnummer: 2024/1873", "arkiv:\n  saksnummer: 2024/1873")
    _todo, g, problems = hallingdal.assess()
    assert problems == [] and GOL in g.frozen and g.changed
    assert g.ledger[GOL].innhold == provenance.document_values(gol)
    assert g.ledger[GOL].kilder["moter/2025-02-10-gol.yaml"].felt  # the fields it shows, from now on


def test_guard_keeps_an_archived_document_when_only_politidok_changed(hallingdal):
    """Values that differ while every input is as archived: a code change, never a reason to rewrite."""
    region = hallingdal.load()
    todo = documents.plan(region, hallingdal.templates)
    entry = ledger.Archived(
        GOL,
        {f"{GOL}.pdf": "a" * 64},
        "not what politidok says now",
        provenance.record_inputs(region, todo.by_stem()[GOL], todo),
        arkivert=date(2025, 2, 20),
    )
    assert set(entry.kilder) == {
        "avtale.yaml",
        "handlingsplan/2025.yaml",
        "handlingsplan/2026.yaml",
        "moter/2025-02-10-gol.yaml",
    }
    ledger.write(hallingdal.folder, {GOL: entry})
    ledger.keep_copies(region.layout, entry.kilder.values())
    notes = []
    _todo, g = outgoing.guard(
        hallingdal.load(), documents.plan(hallingdal.load(), hallingdal.templates), log=notes.append
    )
    assert GOL in g.frozen and notes == [
        (
            f"Merk: {GOL} er arkivert 2025-02-20 og beholdes slik, selv om politidok nå "
            "ville skrevet den annerledes (inndataene er uendret)."
        )
    ]
    edit(  # a measure the minutes do not show: still the same inputs
        hallingdal.folder / "handlingsplan" / "2025.yaml",
        "nb: Felles beredskapsplan for store arrangementer på Geilo",
        "nb: Felles beredskapsplan for store arrangementer i Geilo",
    )
    assert GOL in outgoing.guard(hallingdal.load(), documents.plan(hallingdal.load(), hallingdal.templates))[1].frozen
    edit(  # one the Gol meeting adopted: the minutes show it
        hallingdal.folder / "handlingsplan" / "2025.yaml",
        "nn: Foreldremøte om rus på ungdomsskulen",
        "nn: Foreldremøte om rus og nett på ungdomsskulen",
    )
    with pytest.raises(InputError) as info:
        outgoing.guard(hallingdal.load(), documents.plan(hallingdal.load(), hallingdal.templates))
    [p] = info.value.problems
    assert p.file.endswith("handlingsplan/2025.yaml") and p.field == "tiltak[2].tiltak.nn"
    assert "«Foreldremøte om rus på ungdomsskulen» → «Foreldremøte om rus og nett på ungdomsskulen»" in p.message


def test_an_invitation_and_its_meeting_pack_stop_and_are_corrected_together(hallingdal):
    gol, pack = "innkalling-2025-02-10-gol", "pakke-2025-02-10-gol"
    meeting = hallingdal.folder / "moter" / "2025-02-10-gol.yaml"
    edit(meeting, "svarfrist: 2025-02-03\n", "svarfrist: 2025-02-03\nsendt: 2025-01-27\n")
    assert set(hallingdal.assess()[1].record) == {gol, pack}
    hallingdal.record(gol, pack, arkivert=None, sendt=date(2025, 1, 27))
    edit(meeting, 'fra: "09:00"', 'fra: "10:00"')
    [p] = hallingdal.problems()
    assert p.field == "fra" and p.message.startswith(f"{gol} og {pack} er begge sendt 2025-01-27")
    assert "«09:00» → «10:00»" in p.message and p.message.endswith(f"--ny-versjon {gol}")
    todo, g, problems = hallingdal.assess(gol)
    assert problems == [] and set(g.record) == {f"{gol}-v2", f"{pack}-v2"}
    assert todo.by_stem()[f"{gol}-v2"].context["rettelse"]["endringer"] == [
        "Ny tid: måndag 10. februar 2025 kl. 10.00–11.30"
    ]
    assert todo.by_stem()[f"{gol}-v2"].info.title.startswith("Retta innkalling – Politirådet i Gol")  # nynorsk
    assert todo.by_stem()[f"{pack}-v2"].parts[0].stem == f"{gol}-v2"
    ledger.write(hallingdal.folder, g.ledger)  # as the build does, with the corrected versions sent
    hallingdal.record(f"{gol}-v2", f"{pack}-v2", arkivert=None, sendt=date(2026, 1, 15))
    edit(meeting, 'til: "11:30"', 'til: "12:00"')
    [p] = hallingdal.problems()  # the corrected pair stops together too, its parts as renamed
    assert p.field == "til" and p.message.startswith(f"{gol}-v2 og {pack}-v2 er begge sendt 2026-01-15")


@pytest.mark.parametrize(
    "kilde, words",
    [
        (f"{{fil: avtale.yaml, sha256: {C}, felt: {{'medlemmer[0': {D}}}}}", "medlemmer[0"),
        (f"{{fil: ../../x.yaml, sha256: {C}}}", "er ikke en fil i regionmappen"),
    ],
)
def test_a_ledger_with_a_broken_field_path_or_a_file_outside_is_reported_not_a_traceback(tmp_path, kilde, words):
    (tmp_path / "arkivert.yaml").write_text(
        f"dokumenter:\n- dokument: x\n  arkivert: 2025-02-20\n  filer:\n  - {{fil: x.pdf, sha256: {A}}}\n"
        f"  innhold: bb\n  kilder:\n  - {kilde}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        ledger.read(tmp_path)
    [problem] = info.value.problems
    assert problem.line == 8 and words in problem.message, problem
    assert "hent arkivlisten fra versjonskontrollen" in problem.message


def test_a_block_blames_only_what_changed_since_the_last_build_that_passed(hallingdal):
    """Issue 25: a plan change that had built fine was blamed again when the minutes changed."""
    hallingdal.record(GOL)
    plan = hallingdal.folder / "handlingsplan" / "2025.yaml"
    edit(plan, "nb: Oppmøte og tilbakemeldinger fra foreldrene", "nb: Oppmøte")
    _todo, g, problems = hallingdal.assess()  # a measure the minutes follow up, in a field they do not show
    assert problems == [] and GOL in g.frozen and g.changed
    outgoing.save(hallingdal.folder, g)  # as the build that passed does
    edit(hallingdal.folder / "moter" / "2025-02-10-gol.yaml", "er godkjende.", "er godkjende med endringar.")
    [p] = hallingdal.problems()
    assert p.file.endswith("moter/2025-02-10-gol.yaml") and p.field == "saker[1].vedtak.nn"
