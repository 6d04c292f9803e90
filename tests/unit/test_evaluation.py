"""Year-end evaluation: every figure in the report recomputed here, independently, from the YAML."""

from __future__ import annotations

from datetime import date

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


@pytest.mark.slow  # the CLI in a subprocess
def test_effect_for_unknown_tiltak(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "evaluering" / "2025.yaml"
    text = path.read_text(encoding="utf-8").replace("tiltak: T-2025-02", "tiltak: T-2025-2")
    path.write_text(text, encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "T-2025-2\n" in ln + "\n")
    assert f"2025.yaml:{line}: effekter[2].tiltak: ukjent tiltak «T-2025-2» – mente du «T-2025-" in proc.stderr


@pytest.mark.slow  # the CLI in a subprocess
def test_status_outside_the_list(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: pågår", "status: ferdig", 1), encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2
    assert (
        "saker[4].rapportert[1].status: må være en av: gjennomført, pågår, ikke startet (ikkje starta), utgått, "
        "videreført (vidareført)" in proc.stderr
    )


def test_a_council_that_meets_as_needed_and_a_meeting_without_minutes():
    """The issue: Kåfjord's report said «Planlagt 0 / Holdt 1» for a council that meets as needed, never
    mentioned the meeting of 16.10.2025 (called, saker 4–6/25, no minutes yet) while Hallingdal's noted
    Flå's missing minutes, and «holdt ett møte … Møtene vedtok tre tiltak»."""
    from politidok.context import evaluation
    from politidok.load import load_region

    region = load_region(ROOT / "agreements" / "kafjord")
    ev = region.evalueringer[2025]
    facts = evaluation.facts(region.avtale, region.moter, ev)
    ctx = evaluation.report_context(region.avtale, ev, facts, None)
    assert ctx["moter"] == [
        {
            "rad": "Kåfjord / Gáivuotna / Kaivuono",
            "planlagt": "etter behov",
            "holdt": 1,
            "datoer": "24.04.2025, 16.10.2025 (uten referat)",
        }
    ]
    assert ctx["sammendrag"]["uten_referat"] == 1 and ctx["sammendrag"]["ord"]["uten_referat_stor"] == "Ett"
    text = evaluation.sak(region.avtale, ev, facts).saksopplysninger[0].avsnitt or ""
    assert text.startswith(
        "I 2025 ble det holdt ett politirådsmøte (politirådet møtes ved behov); det mangler referat fra møtet "
        "16.10.2025. Møtet vedtok tre tiltak: to er gjennomført og ett pågår."
    )
    nn = evaluation.sak(region.avtale, ev, facts, "nn").saksopplysninger[0].avsnitt or ""
    assert "; det manglar referat frå møtet 16.10.2025. Møtet vedtok tre tiltak" in nn
    # Hallingdal alike: Flå's meeting was called, its minutes are missing
    hallingdal = load_region(REGION)
    ev = hallingdal.evalueringer[2025]
    facts = evaluation.facts(hallingdal.avtale, hallingdal.moter, ev, hallingdal.handlingsplaner[2025])
    ctx = evaluation.report_context(hallingdal.avtale, ev, facts, None)
    assert ctx["moter"][0] == {"rad": "Flå", "planlagt": 1, "holdt": 0, "datoer": "16.09.2025 (uten referat)"}
    text = evaluation.sak(hallingdal.avtale, ev, facts).saksopplysninger[0].avsnitt or ""
    assert "; det mangler referat fra Flå (16.09.2025). Møtene vedtok ti tiltak" in text
    # a meeting after the report's date is not missing its minutes yet
    late = ev.model_copy(update={"dato": date(2025, 9, 1)})
    facts = evaluation.facts(hallingdal.avtale, hallingdal.moter, late, hallingdal.handlingsplaner[2025])
    assert all(not m.uten_referat for m in facts.meetings)
