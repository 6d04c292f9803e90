"""A build killed between any two steps leaves output/REGION either old or new, complete; the next
build cleans up after it. A change of politidok's own code rebuilds the documents."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import ROOT, copy_agreements, copy_args, run_cli
from support import ours, wait_until_gone


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _complete(folder: Path) -> bool:
    """Every file the manifest names is there with its checksum, and nothing else."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    files = _state(folder)
    files.pop("manifest.json")
    return files == listed


def test_killed_build_leaves_old_or_new_output(region_copy, tmp_path):
    out = tmp_path / "out"
    args = [*copy_args(region_copy), "--output", str(out), "--only", "samarbeidsavtale"]
    assert run_cli("build", "trondelag-sor", *args).returncode == 0
    old = _state(out / "trondelag-sor")
    yaml = region_copy / "agreements" / "trondelag-sor" / "avtale.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "  navn: Regionalt politiråd Trøndelag Sør\n" in text

    def edit(new: bool) -> None:
        yaml.write_text(
            text.replace(
                "  navn: Regionalt politiråd Trøndelag Sør\n", "  navn: Regionalt politiråd Trøndelag Sørvest\n"
            )
            if new
            else text,
            encoding="utf-8",
        )

    edit(True)
    for step in ("swapped", "replaced", "converted", "staged"):  # the last ones leave temp folders
        proc = run_cli("build", "trondelag-sor", *args, env={"POLITIDOK_FAULT": step})
        assert proc.returncode == 70, (step, proc.stderr)
        now = _state(out / "trondelag-sor")
        assert _complete(out / "trondelag-sor"), step
        assert now == old or now != old and step in ("swapped", "replaced"), step
        if step in ("swapped", "replaced"):
            assert now != old  # the new folder is in place
            shutil.rmtree(out / "trondelag-sor")  # start the next step from the old output again
            shutil.rmtree(out / ".politidok")
            edit(False)
            assert run_cli("build", "trondelag-sor", *args).returncode == 0
            assert _state(out / "trondelag-sor") == old
            edit(True)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".trondelag-sor-")]
    assert leftovers, "the killed builds left their temp folders (so the clean-up below is tested)"
    assert run_cli("build", "trondelag-sor", *args).returncode == 0
    assert not [p for p in out.iterdir() if p.name.startswith(".trondelag-sor-")]
    assert _complete(out / "trondelag-sor") and _state(out / "trondelag-sor") != old


def test_a_change_of_politidoks_code_rebuilds(tmp_path):
    """The stamps are keyed on politidok's source: edit a module of a copy and everything is made again."""
    shutil.copytree(ROOT / "politidok", tmp_path / "politidok", ignore=shutil.ignore_patterns("__pycache__"))
    copy_agreements(ROOT / "agreements", tmp_path / "agreements")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    env = {"PYTHONPATH": str(tmp_path)}
    args = ["build", "trondelag-sor", "--only", "samarbeidsavtale", "--output", str(tmp_path / "out")]
    assert run_cli(*args, cwd=tmp_path, env=env).returncode == 0
    again = run_cli(*args, cwd=tmp_path, env=env)
    assert "Ingen endringer" in again.stdout
    module = tmp_path / "politidok" / "context" / "__init__.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a change of code\n", encoding="utf-8")
    changed = run_cli(*args, cwd=tmp_path, env=env)
    assert changed.returncode == 0, changed.stderr
    assert "Ingen endringer" not in changed.stdout and "Lager 1 dokument" in changed.stdout


def test_no_libreoffice_is_left_after_a_build_that_stops_early(region_copy, tmp_path):
    """A build that fails after LibreOffice started, one with nothing to convert, and one killed
    outright: none leaves a LibreOffice (or its bridge, or Java) behind."""

    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = str(tmp_path / "out")
    args = [*copy_args(region_copy), "--output", out]
    assert run_cli("build", "trondelag-sor", *args, "--only", "samarbeidsavtale", env=cache).returncode == 0
    assert not wait_until_gone(cache)
    # nothing to convert: LibreOffice is started early and must close again
    assert run_cli("build", "hallingdal", *args, "--only", "kalender", env=cache).returncode == 0
    assert not wait_until_gone(cache)
    # killed between two steps (os._exit, no clean-up of its own)
    yaml = region_copy / "agreements" / "trondelag-sor" / "avtale.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace(
            "  navn: Regionalt politiråd Trøndelag Sør\n", "  navn: Regionalt politiråd Trøndelag Sørvest\n"
        ),
        encoding="utf-8",
    )
    assert (
        run_cli(
            "build", "trondelag-sor", *args, "--only", "samarbeidsavtale", env={**cache, "POLITIDOK_FAULT": "converted"}
        ).returncode
        == 70
    )
    assert not wait_until_gone(cache)
    # an input error found after LibreOffice started (a template with an unknown field)
    from docx import Document

    template = region_copy / "templates" / "nb" / "samarbeidsavtale.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ finnes_ikke }}")
    doc.save(str(template))
    assert run_cli("build", "trondelag-sor", *args, "--only", "samarbeidsavtale", env=cache).returncode == 2
    assert not wait_until_gone(cache), ours(cache)
