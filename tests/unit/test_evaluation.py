"""Year-end evaluation: every figure in the report recomputed here, independently, from the YAML."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli
from support import independent_figures

REGION = ROOT / "agreements" / "hallingdal"


@pytest.fixture(scope="module")
def figures():
    return independent_figures(REGION, 2025)


def test_figures_are_not_trivial(figures):
    assert sum(figures["total"].values()) >= 8 and len(figures["overdue"]) >= 1
    assert figures["held"]["Flå"] == 0 and figures["planned"] == 7


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
        "saker[4].rapportert[1].status: må være en av: gjennomført, pågår, ikke startet (ikkje starta), utgått, "
        "videreført (vidareført)" in proc.stderr
    )
