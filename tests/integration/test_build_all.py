"""`politidok build --alle`: every region in one run, each byte for byte as its own build."""

from __future__ import annotations

import shutil

from conftest import ROOT, copy_agreements, copy_args, run_cli

from politidok.build.many import regions
from politidok.core.paths import Paths


def test_alle_builds_every_region_as_its_own_build_does(tmp_path, hallingdal_build, trondelag_build):
    copy_agreements(ROOT / "agreements", tmp_path / "agreements")  # builds record what went out in the folder
    every = regions(Paths(agreements=tmp_path / "agreements"))
    assert {"hallingdal", "trondelag-sor"} <= set(every)
    where = ["--agreements", str(tmp_path / "agreements")]
    proc = run_cli("build", "--alle", *where, "--output", str(tmp_path / "alle"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert f"Ferdig: {len(every)} regioner" in proc.stdout
    singles = {"hallingdal": hallingdal_build, "trondelag-sor": trondelag_build}
    for region in every:
        if region not in singles:
            one = run_cli("build", region, *where, "--output", str(tmp_path / "single"))
            assert one.returncode == 0, one.stderr
            singles[region] = tmp_path / "single" / region
        single, together = singles[region], tmp_path / "alle" / region
        names = sorted(p.name for p in single.iterdir())
        assert sorted(p.name for p in together.iterdir()) == names, region
        assert any(n.endswith(".pdf") for n in names)
        for name in names:
            assert (together / name).read_bytes() == (single / name).read_bytes(), f"{region}/{name}"
    again = run_cli("build", "--alle", *where, "--output", str(tmp_path / "alle"))
    assert again.returncode == 0 and again.stdout.count(": uendret") == len(every), again.stdout


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
