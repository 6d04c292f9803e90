"""politidok as a secretary gets it: built as a wheel, installed into a fresh venv outside the
repository, and used in a working folder of her own (`politidok init`), all in Norwegian.

The wheel is built from a copy of the repository's tracked files (the symbolic links
politidok/data/templates and politidok/data/schemas included), as `pip install .` builds it. The
fresh venv gets politidok from the wheel only; its dependencies (pikepdf, docxtpl …) are those of
the environment running the tests, through a .pth file, so that the test needs no network for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git lists the repository's files")


def _tracked_copy(target: Path) -> None:
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    )
    for name in filter(None, files):
        source = ROOT / name
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            dest.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, dest)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh venv with politidok from its wheel: {"bin": its bin folder, "wheel": the wheel, "env": …}."""
    root = tmp_path_factory.mktemp("installert")
    source = root / "kilde"
    _tracked_copy(source)
    wheels = root / "hjul"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [wheel] = wheels.glob("politidok-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "politidok-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "POLITIDOK_SERVER": "off",
        "XDG_CACHE_HOME": str(root / "cache"),
    }
    env.pop("PYTHONPATH", None)
    return {"bin": venv / "bin", "wheel": wheel, "env": env, "site": Path(site)}


def run(installed: dict, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(installed["bin"] / "politidok"), *args],
        cwd=cwd,
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_wheel_carries_templates_schemas_and_the_catalog(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    tracked = subprocess.run(
        ["git", "ls-files", "templates", "schemas"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked
    for name in tracked:
        assert f"politidok/data/{name}" in names, name
    assert "politidok/locale/nb/LC_MESSAGES/politidok.mo" in names
    assert "politidok/archive/java/Preflight.java" in names
    metadata = (
        zipfile.ZipFile(installed["wheel"]).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    )
    assert "Operating System :: POSIX :: Linux" in metadata and "Author-email: politidok" in metadata
    assert any(n.endswith(".dist-info/LICENSE") or "licenses/LICENSE" in n for n in names)


def test_a_secretary_works_in_a_folder_of_her_own(installed, tmp_path):
    home = tmp_path / "sekretaer"
    home.mkdir()
    where = run(installed, home, "-V")
    assert where.returncode == 0 and "LibreOffice 7" in where.stdout, where.stdout + where.stderr
    proof = subprocess.run(
        [str(installed["bin"] / "python"), "-c", "import politidok; print(politidok.__file__)"],
        cwd=home,
        env=installed["env"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert proof.startswith(str(installed["site"])), proof  # the wheel's politidok, not the repository's

    made = run(installed, home, "init", "politirad")
    assert made.returncode == 0, made.stderr
    folder = home / "politirad"
    assert (folder / "politidok.yaml").is_file() and (folder / "README.md").is_file()
    assert (folder / "output").is_dir() and (folder / "agreements").is_dir()
    assert (folder / "templates" / "nb" / "samarbeidsavtale.docx").read_bytes() == (
        ROOT / "templates" / "nb" / "samarbeidsavtale.docx"
    ).read_bytes()

    region = run(
        installed,
        folder,
        "ny-region",
        "fjellbygd",
        "--kommune",
        "Ål@nynorsk",
        "--kommune",
        "Flå@bokmal",
        "--politidistrikt",
        "Sør-Øst politidistrikt",
        "--enhet",
        "Hallingdal politistasjonsdistrikt",
        "--per-kommune",
        "1",
    )
    assert region.returncode == 0, region.stderr
    assert (folder / "agreements" / "fjellbygd" / "avtale.yaml").is_file()

    inside = folder / "agreements" / "fjellbygd"  # found from a folder below, as git finds its repository
    checked = run(installed, inside, "sjekk", "fjellbygd")
    assert checked.returncode == 0 and checked.stdout.startswith("OK:"), checked.stdout + checked.stderr

    built = run(installed, inside, "bygg", "fjellbygd")
    assert built.returncode == 0, built.stderr
    pdf = folder / "output" / "fjellbygd" / "samarbeidsavtale.pdf"
    first = pdf_text(pdf)
    assert "Ål" in first and "Flå" in first and "Hallingdal politistasjonsdistrikt" in first
    assert "samarbeidsavtale.pdf" not in built.stdout and "Skrev 3 filer (-v viser hvilke)." in built.stdout

    # she edits her copy of the agreement template in Word, and builds again
    template = folder / "templates" / "nb" / "samarbeidsavtale.docx"
    document = docx.Document(str(template))
    document.paragraphs[0].insert_paragraph_before("Utkast fra sekretariatet i Fjellbygd")
    document.save(str(template))
    status = run(installed, folder, "maler")
    assert status.returncode == 0, status.stderr
    assert next(line for line in status.stdout.splitlines() if "nb/samarbeidsavtale.docx" in line).endswith(
        "endret av deg"
    )
    assert "nb/referat.docx" in status.stdout and "som levert" in status.stdout
    again = run(installed, folder, "-v", "bygg", "fjellbygd")
    assert again.returncode == 0, again.stderr
    assert "Skrev output/fjellbygd/samarbeidsavtale.pdf" in again.stdout
    assert "Utkast fra sekretariatet i Fjellbygd" in pdf_text(pdf)
    assert "Utkast fra sekretariatet" not in first

    verified = run(installed, folder, "kontroller", "output/fjellbygd/samarbeidsavtale.pdf")
    assert verified.returncode == 0 and "Filen er klar." in verified.stdout, verified.stdout
    archived = run(installed, folder, "arkiver", "fjellbygd", "samarbeidsavtale", "--dato", "2025-05-02")
    assert archived.returncode == 0, archived.stderr
    ledger = yaml.safe_load((folder / "agreements" / "fjellbygd" / "arkivert.yaml").read_text(encoding="utf-8"))
    assert "samarbeidsavtale" in str(ledger)
    assert run(installed, folder, "kontroller", "--region", "fjellbygd").returncode == 0

    wrong = run(installed, folder, "arkiver", "fjellbygd", "--dato", "2.5.2025")
    assert wrong.returncode == 2
    assert "«2.5.2025» er ikke en dato skrevet ÅÅÅÅ-MM-DD" in wrong.stderr and "does not" not in wrong.stderr
