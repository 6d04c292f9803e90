"""Year-end evaluation: every figure in the report recomputed here, independently, from the YAML."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import ROOT, flat_text, need, run_cli
from docx import Document
from PIL import Image

from politidok.archive import preflight
from politidok.core.tekst import tall

REGION = ROOT / "agreements" / "hallingdal"
STATUSES = ["gjennomført", "pågår", "ikke startet", "utgått"]


def independent_figures(region: Path, year: int) -> dict:
    """The report's figures, from the raw YAML (no politidok code): the action plan's measures, each with
    the status last reported at a held meeting of the year (open items only); never reported = ikke startet."""
    avtale = yaml.safe_load((region / "avtale.yaml").read_text(encoding="utf-8"))
    evaluering = yaml.safe_load((region / "evaluering" / f"{year}.yaml").read_text(encoding="utf-8"))
    plan = yaml.safe_load((region / "handlingsplan" / f"{year}.yaml").read_text(encoding="utf-8"))
    report_date = evaluering.get("dato") or dt.date(year, 12, 31)
    per_area: dict[str, Counter] = {o["id"]: Counter() for o in avtale["satsingsomrader"]["omrader"]}
    overdue, held, actions, status, history = [], Counter(), [], {}, {}
    meetings = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((region / "moter").glob("*.yaml"))]
    for mote in sorted(meetings, key=lambda m: m["dato"]):
        if mote["dato"].year != year or "referat" not in mote:
            continue
        held[mote.get("kommune", "felles")] += 1
        for sak in mote["saker"]:
            if sak.get("unntatt_offentlighet"):
                continue
            assert not sak.get("tiltak"), "the example keeps its open measures in the plan"
            for r in sak.get("rapportert", []):
                status[r["tiltak"]] = r["status"]
                history.setdefault(r["tiltak"], []).append((mote["dato"], r["status"]))
    for t in plan["tiltak"]:
        t = dict(t, status=status.get(t["id"], "ikke startet"), navn=f"{t['id']} {t['tiltak']}")
        per_area.setdefault(t["satsingsomrade"], Counter())[t["status"]] += 1
        actions.append(t)
        if t.get("frist") and t["frist"] < report_date and t["status"] in ("pågår", "ikke startet"):
            overdue.append(t["navn"])
    total = sum(per_area.values(), Counter())
    planned = avtale["moter"]["per_kommune"] * len(avtale["kommuner"]) + avtale["moter"]["felles"]
    return {
        "per_area": per_area,
        "total": total,
        "overdue": overdue,
        "held": held,
        "planned": planned,
        "actions": actions,
        "history": history,
        "titles": {o["id"]: o["tittel"] for o in avtale["satsingsomrader"]["omrader"]},
    }


@pytest.fixture(scope="module")
def figures():
    return independent_figures(REGION, 2025)


def test_figures_are_not_trivial(figures):
    assert sum(figures["total"].values()) >= 8 and len(figures["overdue"]) >= 1
    assert figures["held"]["Flå"] == 0 and figures["planned"] == 7


@pytest.mark.integration
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
        f"{words[len(figures['overdue'])].capitalize()} tiltak har passert fristen uten å være gjennomført."
    )
    assert expected in text
    layout = " ".join(flat_text(hallingdal_build / "evalueringsrapport-2025.pdf", "-layout").split())
    assert f"Sum {t['gjennomført']} {t['pågår']} {t['ikke startet']} {t['utgått']} {sum(t.values())}" in layout
    assert "Flå 1 0 –" in layout


@pytest.mark.integration
def test_status_table_per_area(hallingdal_build, figures):
    doc = Document(str(hallingdal_build / "evalueringsrapport-2025.docx"))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Satsingsområde"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    for area, counts in figures["per_area"].items():
        label = figures["titles"].get(area, "Andre tiltak")
        assert rows[label] == [str(counts[s]) for s in STATUSES] + [str(sum(counts.values()))]


@pytest.mark.integration
def test_every_action_and_overdue_flag(hallingdal_build, figures):
    doc = Document(str(hallingdal_build / "evalueringsrapport-2025.docx"))
    listed = {
        r.cells[0].text: r.cells[3].text for t in doc.tables if t.rows[0].cells[0].text == "Tiltak" for r in t.rows[1:]
    }
    assert set(listed) == {a["navn"] for a in figures["actions"]}
    for name, status in listed.items():
        assert status.endswith("– forfalt") == (name in figures["overdue"])
    text = flat_text(hallingdal_build / "evalueringsrapport-2025.pdf")
    for name in figures["overdue"]:
        assert name in text.split("Forfalte tiltak", 1)[1]
    assert "Bekymringssamtalar" not in text  # actions of closed items stay out
    assert "Ett tiltak i saker unntatt offentlighet er ikke tatt med i rapporten." in text  # no digit first


@pytest.mark.integration
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


@pytest.mark.integration
def test_case_and_package(hallingdal_build, figures):
    case = flat_text(hallingdal_build / "saksframlegg-evaluering-2025.pdf")
    assert "Årlig evaluering av politirådsarbeidet 2025 – Politirådet i Hallingdal" in case
    held, planned = tall(sum(figures["held"].values())), tall(figures["planned"])  # small numbers as words
    assert f"I 2025 ble det holdt {held} av {planned} planlagte" in case
    assert "det mangler referat fra Flå" in case and "Tilrådning" in case
    assert "Vedlegg 1: Evalueringsrapport 2025 – Politirådet i Hallingdal" in case
    with pikepdf.open(hallingdal_build / "pakke-evaluering-2025.pdf") as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root] == [
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
    assert (
        proc.returncode == 2 and "2026.yaml:1: utfordringer: mangler – fyll inn før rapporten kan lages" in proc.stderr
    )
    again = run_cli("next-year", "hallingdal", "--year", "2025", *args)
    assert again.returncode == 2 and "filen finnes allerede" in again.stderr


def test_effect_for_unknown_tiltak(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "evaluering" / "2025.yaml"
    text = path.read_text(encoding="utf-8").replace("tiltak: T-2025-02", "tiltak: T-2025-2")
    path.write_text(text, encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "T-2025-2\n" in ln + "\n")
    assert f"2025.yaml:{line}: effekter[2].tiltak: ukjent tiltak «T-2025-2» – mente du «T-2025-" in proc.stderr


def test_status_outside_the_list(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: pågår", "status: ferdig", 1), encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    assert (
        "saker[4].rapportert[1].status: må være en av: 'ikke startet', 'pågår', 'gjennomført', 'utgått', "
        "'videreført'" in proc.stderr
    )
