"""The archive ledger: no command short of --ny-versjon changes an archived file.

Real builds (LibreOffice, PDFBox) of the minutes of Hallingdal in a copy of the input; the
ledger lives in the copy's agreements/hallingdal/arkivert.yaml.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import copy_args, need, run_cli
from lxml import etree

from politidok.archive import arkivmelding as archive
from politidok.build import ledger
from politidok.core.docinfo import Supersedes
from politidok.core.options import BuildOptions

GOL = "referat-2025-02-10-gol"


def _build(copy: Path, *extra: str):
    return run_cli("build", "hallingdal", "--only", "referat", *copy_args(copy), "--output", str(copy / "out"), *extra)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def archived(region_copy):
    """A copy with the minutes built and the Gol minutes archived."""
    need("soffice")
    proc = _build(region_copy)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(
        "arkiver",
        "hallingdal",
        GOL,
        "--dato",
        "2025-02-20",
        *copy_args(region_copy),
        "--output",
        str(region_copy / "out"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "Arkiverte 1 dokument i" in proc.stdout and GOL in proc.stdout
    return region_copy


# --- fast: the ledger file and the arkivmelding of a corrected version ----------------------------


def test_ledger_round_trip_and_version_names(tmp_path):
    entry = ledger.Archived(
        GOL,
        date(2025, 2, 20),
        {f"{GOL}.pdf": "a" * 64, f"{GOL}.docx": "b" * 64},
        "c" * 64,
        {"moter/2025-02-10-gol.yaml": "d" * 64},
    )
    ledger.write(tmp_path, {GOL: entry})
    assert ledger.read(tmp_path) == {GOL: entry}
    assert (tmp_path / "arkivert.yaml").read_text(encoding="utf-8").startswith("# Arkiverte dokumenter")
    assert ledger.next_version(GOL, set()) == f"{GOL}-v2"
    assert ledger.next_version(f"{GOL}-v2", {f"{GOL}-v3"}) == f"{GOL}-v4"


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


def test_unknown_document_for_a_new_version(region_copy):
    from politidok.build import build
    from politidok.core.errors import InputError
    from politidok.core.paths import Paths

    paths = Paths(region_copy / "agreements", region_copy / "templates", region_copy / "out")
    with pytest.raises(InputError) as info:  # stops before anything is rendered
        build("hallingdal", paths, BuildOptions(new_versions=("referat-2025-13-01-gol",)))
    [p] = info.value.problems
    assert p.message.startswith(
        "«referat-2025-13-01-gol» er ikke arkivert; bare et arkivert dokument får en ny versjon"
    )
    assert not (region_copy / "out" / "hallingdal").exists()


def test_guard_keeps_an_archived_document_when_only_politidok_changed(region_copy):
    """Values that differ while every input file is as archived: a code change, never a reason to rewrite."""
    from politidok import documents
    from politidok.core.errors import InputError
    from politidok.core.paths import Paths
    from politidok.load import load_region

    folder = region_copy / "agreements" / "hallingdal"
    paths = Paths(region_copy / "agreements", region_copy / "templates", region_copy / "out")
    plan = lambda: documents.plan(load_region(folder), paths.templates)
    todo = plan()
    entry = ledger.Archived(
        GOL,
        date(2025, 2, 20),
        {f"{GOL}.pdf": "a" * 64},
        "not what politidok says now",
        ledger.sources(load_region(folder).layout, todo.by_stem()[GOL], todo),
    )
    assert set(entry.kilder) == {"avtale.yaml", "handlingsplan/2025.yaml", "moter/2025-02-10-gol.yaml"}
    ledger.write(folder, {GOL: entry})
    notes = []
    _todo, g = ledger.guard(load_region(folder), plan(), log=notes.append)
    assert GOL in g.frozen and notes == [
        (
            f"Merk: {GOL} er arkivert og beholdes som arkivert, selv om politidok nå "
            "ville skrevet den annerledes (inndataene er uendret)."
        )
    ]
    _edit(
        folder / "handlingsplan" / "2025.yaml",
        "tiltak: Foreldremøte om rus på ungdomsskulen",
        "tiltak: Foreldremøte om rus og nett på ungdomsskulen",
    )
    with pytest.raises(InputError) as info:
        ledger.guard(load_region(folder), plan())
    [p] = info.value.problems
    assert p.file.endswith("handlingsplan/2025.yaml") and "men handlingsplan/2025.yaml er endret siden" in p.message
