"""`politidok build --alle`: every region in one run, each byte for byte as its own build."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, copy_args, run_cli

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


@pytest.mark.parametrize("args", [[], ["hallingdal", "--alle"]])
def test_one_region_or_all(args):
    proc = run_cli("build", *args)
    assert proc.returncode == 2
    assert "Oppgi én REGION eller --alle." in proc.stderr


@pytest.mark.integration
def test_alle_builds_every_region_as_its_own_build_does(tmp_path, hallingdal_build, trondelag_build):
    every = regions(Paths(agreements=ROOT / "agreements"))
    assert {"hallingdal", "trondelag-sor"} <= set(every)
    proc = run_cli("build", "--alle", "--output", str(tmp_path / "alle"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert f"Ferdig: {len(every)} regioner" in proc.stdout
    singles = {"hallingdal": hallingdal_build, "trondelag-sor": trondelag_build}
    for region in every:
        if region not in singles:
            one = run_cli("build", region, "--output", str(tmp_path / "single"))
            assert one.returncode == 0, one.stderr
            singles[region] = tmp_path / "single" / region
        single, together = singles[region], tmp_path / "alle" / region
        names = sorted(p.name for p in single.iterdir())
        assert sorted(p.name for p in together.iterdir()) == names, region
        assert any(n.endswith(".pdf") for n in names)
        for name in names:
            assert (together / name).read_bytes() == (single / name).read_bytes(), f"{region}/{name}"
    again = run_cli("build", "--alle", "--output", str(tmp_path / "alle"))
    assert again.returncode == 0 and again.stdout.count(": uendret") == len(every), again.stdout


@pytest.mark.integration
def test_a_broken_region_does_not_stop_the_others(region_copy, tmp_path):
    agreements = region_copy / "agreements"
    for region in regions(Paths(agreements=agreements)):
        if region != "trondelag-sor":
            shutil.rmtree(agreements / region)
    shutil.copytree(agreements / "trondelag-sor", agreements / "brutt")
    avtale = agreements / "brutt" / "avtale.yaml"
    avtale.write_text(avtale.read_text(encoding="utf-8").replace("kommuner:", "kommunar:", 1), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", "--alle", *copy_args(region_copy), "--output", str(out))
    assert proc.returncode == 2, proc.stderr + proc.stdout
    assert "1 av 2 regioner feilet: brutt." in proc.stderr
    assert str(avtale) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "trondelag-sor" / "samarbeidsavtale.pdf").is_file()
    assert not (out / "brutt").exists()
