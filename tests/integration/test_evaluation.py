"""Year-end evaluation: every figure in the report recomputed here, independently, from the YAML."""

from __future__ import annotations

import io
import json
import zipfile

import pikepdf
import pytest
import yaml
from conftest import ROOT, flat_text, need, run_cli
from docx import Document
from PIL import Image
from support import STATUSES, independent_figures

from politidok.archive import preflight
from politidok.core.tekst import tall

REGION = ROOT / "agreements" / "hallingdal"


@pytest.fixture(scope="module")
def figures():
    return independent_figures(REGION, 2025)


def test_summary_numbers_in_the_pdf(hallingdal_build, figures):
    text = flat_text(hallingdal_build / "evalueringsrapport-2025.pdf")
    t = figures["total"]
    words = ["ingen", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv"]
    status = [
        (t["gjennomført"], "er gjennomført"),
        (t["pågår"], "pågår"),
        (t["ikke startet"], "er ikke startet"),
        (t["utgått"], "er utgått"),
    ]
    parts = [f"{words[n]} {verb}" for n, verb in status if n]
    expected = (  # small numbers as words, only the statuses that occur, no sentence starting with a digit
        f"Politirådet holdt {words[sum(figures['held'].values())]} av {words[figures['planned']]} planlagte møter i "
        f"2025. Møtene vedtok {words[sum(t.values())]} tiltak: {', '.join(parts[:-1])} og {parts[-1]}. "
        + (
            f"{words[figures['called']].capitalize()} møte til ble innkalt, men referatet er ikke registrert. "
            if figures["called"] == 1
            else ""
        )  # the example has one such meeting (Flå)
        + f"{words[len(figures['overdue'])].capitalize()} tiltak har passert fristen uten å være gjennomført."
    )
    assert figures["called"] == 1 and expected in text
    layout = " ".join(flat_text(hallingdal_build / "evalueringsrapport-2025.pdf", "-layout").split())
    assert f"Sum {t['gjennomført']} {t['pågår']} {t['ikke startet']} {t['utgått']} {sum(t.values())}" in layout
    assert "Flå 1 0 16.09.2025 (uten referat)" in layout  # called, no minutes: not «–»


def test_status_table_per_area(hallingdal_build, figures):
    doc = Document(str(hallingdal_build / "evalueringsrapport-2025.docx"))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Satsingsområde"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    for area, counts in figures["per_area"].items():
        label = figures["titles"].get(area, "Andre tiltak")
        assert rows[label] == [str(counts[s]) for s in STATUSES] + [str(sum(counts.values()))]


def test_every_action_and_overdue_flag(hallingdal_build, figures):
    doc = Document(str(hallingdal_build / "evalueringsrapport-2025.docx"))
    listed = {
        r.cells[0].text.replace("\u00a0", " "): r.cells[3].text  # «8.\u00a0trinn»: render.typography
        for t in doc.tables
        if t.rows[0].cells[0].text == "Tiltak"
        for r in t.rows[1:]
    }
    assert set(listed) == {a["navn"] for a in figures["actions"]}
    for name, status in listed.items():
        assert status.endswith("– forfalt") == (name in figures["overdue"])
    text = flat_text(hallingdal_build / "evalueringsrapport-2025.pdf")
    for name in figures["overdue"]:
        assert name in text.split("Forfalte tiltak", 1)[1]
    assert "Bekymringssamtalar" not in text  # actions of closed items stay out
    assert "Ett tiltak i saker unntatt offentlighet er ikke tatt med i rapporten." in text  # no digit first


def test_chart_is_present_and_greyscale_safe(hallingdal_build):
    with zipfile.ZipFile(hallingdal_build / "evalueringsrapport-2025.docx") as z:
        [png] = [n for n in z.namelist() if n.startswith("word/media/")]
        image = Image.open(io.BytesIO(z.read(png)))
    assert image.mode == "RGB" and image.width > 800  # no alpha (PDF/A), print resolution
    grey = image.convert("L")
    assert len(grey.getcolors(maxcolors=1 << 16)) > 4  # the four statuses stay apart without colour
    with pikepdf.open(hallingdal_build / "evalueringsrapport-2025.pdf") as pdf:
        images = [
            k
            for p in pdf.pages
            for k, v in (p.obj.Resources.get("/XObject") or {}).items()
            if v.get("/Subtype") == pikepdf.Name.Image
        ]
    assert images


def test_case_and_package(hallingdal_build, figures):
    case = flat_text(hallingdal_build / "saksframlegg-evaluering-2025.pdf")
    assert "Årlig evaluering av politirådsarbeidet 2025 – Politirådet i Hallingdal" in case
    held, planned = tall(sum(figures["held"].values())), tall(figures["planned"])  # small numbers as words
    assert f"I 2025 ble det holdt {held} av {planned} planlagte" in case
    assert "det mangler referat fra Flå" in case and "Tilrådning" in case
    assert "Vedlegg 1: Evalueringsrapport 2025 – Politirådet i Hallingdal" in case
    with pikepdf.open(hallingdal_build / "pakke-evaluering-2025.pdf") as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root] == [
            "Innhold",
            "Saksframlegg: Årlig evaluering av politirådsarbeidet 2025 – Politirådet i Hallingdal",
            "Vedlegg 1: Evalueringsrapport 2025 – Politirådet i Hallingdal",
        ]
    kinds = {e["path"]: e["kind"] for e in json.loads((hallingdal_build / "manifest.json").read_text())["files"]}
    assert kinds["evalueringsrapport-2025.pdf"] == "evalueringsrapport"
    assert kinds["saksframlegg-evaluering-2025.pdf"] == "saksframlegg"
    assert kinds["pakke-evaluering-2025.pdf"] == "pakke"
    need("java")
    results = preflight.validate(
        [
            hallingdal_build / n
            for n in ("evalueringsrapport-2025.pdf", "saksframlegg-evaluering-2025.pdf", "pakke-evaluering-2025.pdf")
        ]
    )
    assert all(r.ok for r in results), [(r.path.name, r.errors) for r in results]


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_next_year_carries_over(region_copy, figures):
    args = ["--agreements", str(region_copy / "agreements")]
    proc = run_cli("next-year", "hallingdal", "--year", "2025", *args)
    assert proc.returncode == 0, proc.stderr
    path = region_copy / "agreements" / "hallingdal" / "evaluering" / "2026.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = yaml.safe_load((REGION / "evaluering" / "2025.yaml").read_text(encoding="utf-8"))
    assert data["ar"] == 2026 and data["fra_forrige_ar"] == source["laeringspunkter"]
    unfinished = [a["navn"] for a in figures["actions"] if a["status"] in ("pågår", "ikke startet")]
    assert [v.split(" (ansvarlig")[0] for v in data["videreforte_tiltak"]] == unfinished
    assert run_cli("check", "hallingdal", *args).returncode == 0  # an unfinished year does not block the rest
    proc = run_cli(
        "build",
        "hallingdal",
        "--only",
        "evalueringsrapport",
        "--year",
        "2026",
        *args,
        "--output",
        str(region_copy / "out"),
    )
    line = (
        path.read_text(encoding="utf-8")
        .split("\n")
        .index("utfordringer:    # forventede utfordringer tiltakene settes inn mot")
    )
    assert proc.returncode == 2
    assert f"2026.yaml:{line + 1}: utfordringer: mangler – fyll inn før rapporten kan lages" in proc.stderr
    again = run_cli("next-year", "hallingdal", "--year", "2025", *args)
    assert again.returncode == 2 and "filen finnes allerede" in again.stderr
