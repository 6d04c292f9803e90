"""`politidok build --alle`: every region in one run, each byte for byte as its own build."""

from __future__ import annotations

import pytest
from conftest import run_cli

from politidok.build.many import Outcome, RegionsFailed, regions
from politidok.core.errors import InputError, Problem, ToolError, report
from politidok.core.paths import Paths


def test_regions_are_the_folders_with_an_agreement(tmp_path):
    for name in ("b-rad", "a-rad", ".skjult", "uten-avtale"):
        (tmp_path / name).mkdir()
    for name in ("b-rad", "a-rad", ".skjult"):
        (tmp_path / name / "avtale.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "fil.yaml").write_text("", encoding="utf-8")
    assert regions(Paths(agreements=tmp_path)) == ["a-rad", "b-rad"]
    assert regions(Paths(agreements=tmp_path / "finnes-ikke")) == []


def test_failures_of_all_regions_are_reported_together():
    problem = Problem("agreements/b/avtale.yaml", 3, "politirad.navn", "mangler")
    only_input = RegionsFailed([Outcome("b", error=InputError([problem]))], 3)
    message, code = report(only_input)
    assert code == 2
    assert "1 av 3 regioner feilet: b." in message
    assert "agreements/b/avtale.yaml:3: politirad.navn: mangler" in message
    assert "de andre 2 er bygget" in message
    mixed = RegionsFailed(
        [Outcome("b", error=InputError([problem])), Outcome("c", error=ToolError("LibreOffice hang"))], 2
    )
    message, code = report(mixed)
    assert code == 1
    assert "c:" in message and "Feil: LibreOffice hang" in message and "Ingenting er skrevet" in message


@pytest.mark.slow  # the CLI in a subprocess
@pytest.mark.parametrize("args", [[], ["hallingdal", "--alle"]])
def test_one_region_or_all(args):
    proc = run_cli("build", *args)
    assert proc.returncode == 2
    assert (
        "Oppgi én REGION eller --alle" in proc.stderr
        or "Oppgi en REGION (f.eks. politidok bygg hallingdal)" in proc.stderr
    )
