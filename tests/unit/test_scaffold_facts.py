"""`politidok new-region` with the council's facts as flags: a complete avtale.yaml that validates at once."""

from __future__ import annotations

import pytest
from conftest import run_cli

from politidok.context import agreement_context
from politidok.load import load_agreement


@pytest.mark.slow  # the CLI in a subprocess
def test_flags_make_a_complete_single_municipality_council(tmp_path):
    proc = run_cli(
        "new-region",
        "kafjord",
        "--agreements",
        str(tmp_path),
        "--kommune",
        "Kåfjord=Gáivuotna:se,Kaivuono:fkv",
        "--politidistrikt",
        "Troms politidistrikt",
        "--enhet",
        "Nord-Troms lensmannsdistrikt",
        "--ved-behov",
        "--signatar",
        "Lensmann i Nord-Troms lensmannsdistrikt, Troms politidistrikt",
    )
    assert proc.returncode == 0, proc.stderr
    avtale = load_agreement(tmp_path / "kafjord")
    ctx = agreement_context(avtale)
    assert ctx["en_kommune"] and ctx["politienhet"]["slag"] == "lensmannsdistrikt"
    assert ctx["kommuneliste"] == "Kåfjord / Gáivuotna / Kaivuono"
    assert avtale.politirad.navn == "Politirådet i Kåfjord"
    assert avtale.moter.ved_behov and avtale.regionrad is None
    assert [s.tittel for s in avtale.signering.signatarer] == [
        "Lensmann i Nord-Troms lensmannsdistrikt, Troms politidistrikt",
        "Ordfører",
    ]


@pytest.mark.slow  # the CLI in a subprocess
def test_flags_make_a_regional_council(tmp_path):
    proc = run_cli(
        "new-region",
        "fire",
        "--agreements",
        str(tmp_path),
        "--kommune",
        "Aa",
        "--kommune",
        "Bø@nynorsk",
        "--kommune",
        "Cc",
        "--kommune",
        "Dd",
        "--politidistrikt",
        "Sør-Øst politidistrikt",
        "--enhet",
        "Midt-Telemark driftsenhet",
        "--koordinator",
        "slt",
        "--regionrad",
        "Regionrådet for Fire",
        "--per-kommune",
        "1",
        "--felles",
        "1",
    )
    assert proc.returncode == 0, proc.stderr
    avtale = load_agreement(tmp_path / "fire")
    assert [k.malform for k in avtale.kommuner] == ["noytral", "nn", "noytral", "noytral"]
    assert avtale.politi.enheter[0].leder == "driftsenhetsleder"
    assert agreement_context(avtale)["koordinator"]["slag"] == "slt"
    assert len(avtale.signering.signatarer) == 5


@pytest.mark.slow  # the CLI in a subprocess
@pytest.mark.parametrize("bad", ["Kåfjord=Gáivuotna:xx", "Kåfjord@samisk"])
def test_bad_flag_is_a_norwegian_error(tmp_path, bad):
    proc = run_cli(
        "new-region", "x", "--agreements", str(tmp_path), "--kommune", bad, "--politidistrikt", "P", "--enhet", "E"
    )
    assert proc.returncode == 2 and "--kommune" in proc.stderr, proc.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow  # the CLI in a subprocess
def test_norwegian_help():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "Bruk:" in proc.stdout and "Valg:" in proc.stdout and "Vis denne hjelpen og avslutt." in proc.stdout
    for english in ("Usage:", "Options:", "Show this message", "Commands:"):
        assert english not in proc.stdout
    proc = run_cli("new-region", "--help")
    assert "--kommune" in proc.stdout and "TEKST" in proc.stdout
