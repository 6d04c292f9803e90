"""The command line as a secretary meets it: exit codes, Norwegian messages, output/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


def args(copy: Path, out: Path) -> list[str]:
    return ["--agreements", str(copy / "agreements"), "--templates", str(copy / "templates"), "--output", str(out)]


@pytest.mark.slow  # the CLI in a subprocess
def test_broken_yaml_syntax_exit_2(region_copy, tmp_path):
    yaml_path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("  region: Hallingdal", "  region: 'Hallingdal"))
    proc = run_cli("check", "hallingdal", *args(region_copy, tmp_path / "o"))
    assert proc.returncode == 2 and "ugyldig YAML-syntaks" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow  # the CLI in a subprocess
def test_unknown_region():
    proc = run_cli("check", "valdres")
    assert proc.returncode == 2
    assert "ukjent region «valdres»" in proc.stderr and "hallingdal" in proc.stderr
