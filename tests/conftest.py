"""Shared fixtures: one real build of each region per test session, and PDF helpers."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The suite's own cache folder (LibreOffice profiles, lint and preflight stamps, the warm server's
# state): no test can pass on what an earlier run or the developer's own builds left behind.
CACHE = Path(tempfile.mkdtemp(prefix="politidok-test-cache-"))
os.environ["XDG_CACHE_HOME"] = str(CACHE)


def _tracked_ledgers() -> set[str] | None:
    """The example regions whose ledger (arkivert.yaml, arkivert/) is part of the repository (sogn's); None
    without git (every ledger found is then copied)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "agreements/*/arkivert.yaml"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {Path(line).parent.name for line in out.splitlines()}


TRACKED_LEDGERS = _tracked_ledgers()


def _ledger_written_here(folder: str, names: list[str]) -> set[str]:
    region = Path(folder)
    if TRACKED_LEDGERS is None or region.parent != ROOT / "agreements" or region.name in TRACKED_LEDGERS:
        return set()
    return {n for n in names if n in ("arkivert.yaml", "arkivert")}


def copy_agreements(source: Path, target: Path) -> Path:
    """A copy of the example regions (or one of them) as the repository has them: without the ledger a build
    on this machine wrote in an example's folder (git ignores it), so that no test starts from what an earlier
    build (a test's, or the developer's `make agreement`) recorded as sent."""
    return Path(shutil.copytree(source, target, ignore=_ledger_written_here))


def pytest_collection_modifyitems(config, items):
    """tests/integration/ runs the CLI end to end or uses real LibreOffice, poppler, PDFBox and Java;
    tests/unit/ uses none of them. The folder decides the marker, so `-m integration` still selects."""
    for item in items:
        if "integration" in Path(str(item.fspath)).relative_to(ROOT / "tests").parts[:1]:
            item.add_marker(pytest.mark.integration)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(CACHE, ignore_errors=True)


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m politidok ARGS` as a user would; never raises.

    A warm server the developer may have running is not used (POLITIDOK_SERVER=off), unless
    `env` says otherwise: tests build on their own, from the code under test.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLITIDOK_SERVER": "off", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "politidok", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def pdftotext(pdf: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def words(text: str) -> list[str]:
    """Lower-cased words with punctuation dropped, as the fidelity measure wants."""
    return re.findall(r"[^\W_]+", text.lower())


def word_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b)).ratio()


def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.fail(f"missing system programs {missing}: run `make setup` (or scripts/system-deps.sh test)")


def _real_build(tmp_path_factory, region: str) -> Path:
    """output/<region>/ of a real build (every kind) through the CLI, into a temporary output folder, from a
    copy of the region (a build records the invitations that have gone out in the region's folder)."""
    need("soffice", "pdftotext")
    out = tmp_path_factory.mktemp("output")
    agreements = tmp_path_factory.mktemp("agreements")
    copy_agreements(ROOT / "agreements" / region, agreements / region)
    proc = run_cli("build", region, "--output", str(out), "--agreements", str(agreements))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return out / region


@pytest.fixture(scope="session")
def hallingdal_build(tmp_path_factory) -> Path:
    return _real_build(tmp_path_factory, "hallingdal")


@pytest.fixture(scope="session")
def trondelag_build(tmp_path_factory) -> Path:
    return _real_build(tmp_path_factory, "trondelag-sor")


@pytest.fixture(scope="session")
def sogn_build(tmp_path_factory) -> Path:
    """The example council whose municipalities all write nynorsk (issue 23)."""
    return _real_build(tmp_path_factory, "sogn")


def flat_text(pdf: Path, *extra: str) -> str:
    """pdftotext with all whitespace folded to single spaces."""
    return " ".join(pdftotext(pdf, *extra).split())


def copy_args(copy: Path) -> list[str]:
    """The CLI options that point politidok at a region_copy's agreements/ and templates/."""
    return ["--agreements", str(copy / "agreements"), "--templates", str(copy / "templates")]


@pytest.fixture()
def region_copy(tmp_path) -> Path:
    """A writable copy of agreements/ and templates/ (for tests that break the input)."""
    copy_agreements(ROOT / "agreements", tmp_path / "agreements")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path
