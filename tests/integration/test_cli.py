"""The command line as a secretary meets it: exit codes, Norwegian messages, output/ untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import run_cli


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def seeded_output(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "hallingdal").mkdir(parents=True)
    (out / "hallingdal" / "samarbeidsavtale.pdf").write_bytes(b"forrige versjon")
    return out


def args(copy: Path, out: Path) -> list[str]:
    return ["--agreements", str(copy / "agreements"), "--templates", str(copy / "templates"), "--output", str(out)]


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_check_ok():
    proc = run_cli("check", "hallingdal")
    assert proc.returncode == 0, proc.stderr
    assert "OK:" in proc.stdout and "Politirådet i Hallingdal" in proc.stdout


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_bad_yaml_exit_2_all_problems_output_untouched(region_copy, tmp_path):
    yaml_path = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("  region: Hallingdal\n", "").replace("  per_kommune: 1", "  per_kommune: mange")
    text = text.replace("  ad_hoc: true", "  ad_hok: true")
    yaml_path.write_text(text, encoding="utf-8")
    out = seeded_output(tmp_path)
    before = snapshot(out)
    for command in ("build", "check"):
        proc = run_cli(command, "hallingdal", *args(region_copy, out))
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "Fant 3 feil i inndata:" in proc.stderr
        lines = proc.stderr.splitlines()
        assert any(ln.strip().endswith("avtale.yaml:5: politirad.region: mangler (feltet er påkrevd)") for ln in lines)
        assert any("moter.per_kommune: må være et heltall" in ln for ln in lines)
        assert any("moter.ad_hok: ukjent felt – mente du «ad_hoc»?" in ln for ln in lines)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["hallingdal"]  # no temp folders left


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_broken_template_fails_without_touching_output(region_copy, tmp_path):
    from docx import Document

    template = region_copy / "templates" / "nb" / "samarbeidsavtale.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ finnes_ikke }}")
    doc.save(str(template))
    out = seeded_output(tmp_path)
    before = snapshot(out)
    proc = run_cli("build", "hallingdal", *args(region_copy, out))
    assert proc.returncode == 2, proc.stderr
    assert "samarbeidsavtale.docx" in proc.stderr and "finnes_ikke" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["hallingdal"]


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_missing_libreoffice_is_a_clear_message(tmp_path):
    out = seeded_output(tmp_path)
    before = snapshot(out)
    env_path = os.environ.get("PATH", "")
    try:
        os.environ["PATH"] = str(tmp_path / "tom")
        proc = run_cli("build", "hallingdal", "--output", str(out))
    finally:
        os.environ["PATH"] = env_path
    assert proc.returncode == 1
    assert "Fant ikke LibreOffice" in proc.stderr and "apt-get install libreoffice-writer-nogui" in proc.stderr
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["hallingdal"]


def test_build_that_fails_its_own_checks_leaves_output_untouched(region_copy, tmp_path):
    from docx import Document
    from docx.shared import Cm

    template = region_copy / "templates" / "nb" / "samarbeidsavtale.docx"
    doc = Document(str(template))
    doc.sections[0].page_width, doc.sections[0].page_height = Cm(14.8), Cm(21)  # A5: not for e-signing
    doc.save(str(template))
    out = seeded_output(tmp_path)
    before = snapshot(out)
    proc = run_cli("build", "hallingdal", *args(region_copy, out))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Kontrollen av de ferdige PDF-ene feilet" in proc.stderr and "FEIL sideformat" in proc.stderr
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["hallingdal"]
