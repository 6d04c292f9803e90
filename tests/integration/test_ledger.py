"""The archive ledger: no command short of --ny-versjon changes an archived file.

Real builds (LibreOffice, PDFBox) of the minutes of Hallingdal in a copy of the input; the
ledger lives in the copy's agreements/hallingdal/arkivert.yaml.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from conftest import copy_args, flat_text, need, run_cli

from politidok.archive import arkivmelding as archive
from politidok.build import ledger

GOL = "referat-2025-02-10-gol"
HOL = "referat-2025-04-08-hol"


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


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


# --- integration ------------------------------------------------------------------------------
def test_changed_input_of_an_archived_document_stops_the_build(archived):
    out = archived / "out" / "hallingdal"
    before = _tree(out)
    _edit(
        archived / "agreements/hallingdal/moter/2025-02-10-gol.yaml",
        "Innkallinga og saklista er godkjende.",  # the nynorsk the minutes show
        "Innkallinga og saklista er godkjende med ei endring.",
    )
    _edit(
        archived / "agreements/hallingdal/moter/2025-04-08-hol.yaml",
        "Det lages informasjon",
        "Det skal lages informasjon",
    )
    proc = _build(archived)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert (
        f"moter/2025-02-10-gol.yaml:20: saker[1].vedtak.nn: {GOL} er arkivert 2025-02-20 og kan ikke endres: "
        "«Innkallinga og saklista er godkjende.» → «Innkallinga og saklista er godkjende med ei endring.». "
        f"Sett endringen tilbake, eller lag en rettet versjon: politidok bygg hallingdal --ny-versjon {GOL}"
    ) in proc.stderr
    assert "Fant 1 feil i inndata" in proc.stderr  # the Hol minutes, not archived, are no reason to stop
    assert "Ingenting er skrevet til output/." in proc.stderr
    assert _tree(out) == before  # the Hol minutes, not archived, are not written either


def test_new_version_with_its_own_name_and_arkivmelding(archived):
    out = archived / "out" / "hallingdal"
    original = _tree(out)
    _edit(
        archived / "agreements/hallingdal/moter/2025-02-10-gol.yaml",
        "Innkallinga og saklista er godkjende.",  # the nynorsk the minutes show
        "Innkallinga og saklista er godkjende med ei endring.",
    )
    proc = _build(archived, "--ny-versjon", GOL)
    assert proc.returncode == 0, proc.stderr
    after = _tree(out)
    for name in (f"{GOL}.pdf", f"{GOL}.docx", f"arkivmelding-{GOL}.xml"):
        assert after[name] == original[name]  # the archived original stays byte for byte
    assert "godkjende med ei endring" in flat_text(out / f"{GOL}-v2.pdf")
    assert "godkjende med ei endring" not in flat_text(out / f"{GOL}.pdf")
    xml = (out / f"arkivmelding-{GOL}-v2.xml").read_bytes()
    assert archive.validate(xml) == []
    assert f"Erstatter {GOL}.pdf (arkivert 2025-02-20, SHA-256 {original[f'{GOL}.pdf']})".encode() in xml
    data = yaml.safe_load((archived / "agreements/hallingdal/arkivert.yaml").read_text(encoding="utf-8"))
    [entry] = data["dokumenter"]
    assert entry["erstattet_av"] == f"{GOL}-v2"
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert f'"{GOL}.pdf"' in manifest and f'"{GOL}-v2.pdf"' in manifest
    again = _build(archived)  # from now on the corrected version is the one built
    assert again.returncode == 0, again.stderr
    assert _tree(out) == after
    proc = run_cli("verify", "--region", "hallingdal", *copy_args(archived), "--output", str(archived / "out"))
    assert proc.returncode == 0 and f"OK   {GOL}.pdf: som arkivert 2025-02-20" in proc.stdout


def test_template_change_alone_does_not_rebuild_an_archived_document(archived):
    out = archived / "out" / "hallingdal"
    before = _tree(out)
    from docx import Document

    for sprak in ("nb", "nn"):
        path = archived / "templates" / sprak / "referat.docx"
        doc = Document(str(path))
        [p] = [p for p in doc.paragraphs if p.text == "Vedtak:"][:1]
        p.runs[0].text = "Vedtak i saka:"
        doc.save(str(path))
    proc = _build(archived)
    assert proc.returncode == 0, proc.stderr
    after = _tree(out)
    assert after[f"{GOL}.pdf"] == before[f"{GOL}.pdf"] and after[f"{GOL}.docx"] == before[f"{GOL}.docx"]
    assert after[f"{HOL}.pdf"] != before[f"{HOL}.pdf"]  # a document not archived follows the template
    # without its converted PDF in the cache (another machine), the archived document is made again for the
    # packages, and its archived files stay as they were
    (archived / "out" / ".politidok" / "hallingdal" / "converted" / f"{GOL}.pdf").unlink()
    _edit(
        archived / "agreements/hallingdal/moter/2025-04-08-hol.yaml",
        "Det lages informasjon",
        "Det skal lages informasjon",
    )
    proc = _build(archived)
    assert proc.returncode == 0 and "Merk" not in proc.stdout + proc.stderr, proc.stderr
    assert f"dokumenter på nytt: {GOL}, {HOL}" in proc.stdout
    assert {n: sha for n, sha in _tree(out).items() if "hol" not in n and n != "manifest.json"} == {
        n: sha for n, sha in after.items() if "hol" not in n and n != "manifest.json"
    }
    import json

    listed = {e["path"]: e["sha256"] for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert all(listed[n] == sha for n, sha in ledger.read(archived / "agreements/hallingdal")[GOL].filer.items())
    # a missing archived file that a rebuild would not reproduce is reported, not written
    (out / f"{GOL}.pdf").unlink()
    proc = _build(archived)
    assert proc.returncode == 0, proc.stderr
    assert f"{GOL}.pdf er arkivert 2025-02-20, men mangler i output/, og en ny bygging gir ikke de samme bytene" in (
        proc.stdout + proc.stderr
    )
    assert not (out / f"{GOL}.pdf").exists()
    proc = run_cli("verify", "--region", "hallingdal", *copy_args(archived), "--output", str(archived / "out"))
    assert proc.returncode == 1 and f"FEIL {GOL}.pdf: arkivert 2025-02-20, men mangler i" in proc.stdout


def test_missing_archived_file_is_made_again_when_the_bytes_match(archived):
    out = archived / "out" / "hallingdal"
    before = _tree(out)
    (out / f"{GOL}.pdf").unlink()
    proc = _build(archived)
    assert proc.returncode == 0, proc.stderr
    assert _tree(out) == before


def test_arkiver_refuses_output_not_built_from_the_input(archived):
    _edit(
        archived / "agreements/hallingdal/moter/2025-04-08-hol.yaml",
        "Det lages informasjon",
        "Det skal lages informasjon",
    )
    proc = run_cli("arkiver", "hallingdal", HOL, *copy_args(archived), "--output", str(archived / "out"))
    assert proc.returncode == 2
    assert (
        f"er ikke bygget fra gjeldende inndata og maler for {HOL}: kjør «politidok bygg hallingdal» først"
        in proc.stderr
    )
