"""Issue 24, items 5–10, with real builds: the ledger, signals, regions whose names share a prefix,
linked folders, long titles and the environment (LibreOffice, PDFBox and the CLI as a user runs it)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_args, flat_text, need, run_cli
from support import ours, wait_until_gone

GOL = "referat-2025-02-10-gol"
HOL = "referat-2025-04-08-hol"


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _complete(folder: Path) -> bool:
    """Every file the manifest names is there with its checksum, and nothing else."""
    listed = {f["path"]: f["sha256"] for f in json.loads((folder / "manifest.json").read_text())["files"]}
    files = _tree(folder)
    files.pop("manifest.json")
    return files == listed


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _start(copy: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """`politidok ARGS` in a session of its own (a signal to its group is a Ctrl-C in a terminal)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLITIDOK_SERVER": "off", **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "politidok", *args, *copy_args(copy)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _work_folder(out: Path, region: str, proc: subprocess.Popen, limit: float = 120) -> Path:
    """Wait until the build has made its work folder (output/.REGION-XXXXXXXX) and return it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = [p for p in out.glob(f".{region}-*") if p.name.count("-") == region.count("-") + 1]
        if found:
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("no work folder")


def _arkiver(copy: Path, *stems: str) -> subprocess.CompletedProcess:
    return run_cli(
        "arkiver", "hallingdal", *stems, "--dato", "2025-02-20", *copy_args(copy), "--output", str(copy / "out")
    )


@pytest.fixture()
def minutes(region_copy):
    """A copy with Hallingdal's minutes built (--only referat) into copy/out."""
    need("soffice", "pdftotext")
    proc = run_cli(
        "build", "hallingdal", "--only", "referat", *copy_args(region_copy), "--output", str(region_copy / "out")
    )
    assert proc.returncode == 0, proc.stderr
    return region_copy


# --- item 5: the ledger ----------------------------------------------------------------------------


def test_arkiver_during_a_build_that_writes_the_ledger(minutes):
    """Today `arkiver` during `build --ny-versjon` reports «Arkiverte 1 dokument», and the build then
    writes back the ledger it read at its start: the entry is lost. Now the second command stops."""
    assert _arkiver(minutes, GOL).returncode == 0
    out = minutes / "out"
    build = _start(minutes, "build", "hallingdal", "--only", "referat", "--ny-versjon", GOL, "--output", str(out))
    try:
        _work_folder(out, "hallingdal", build)
        os.killpg(build.pid, signal.SIGSTOP)  # the build holds the ledger it has read
        during = _arkiver(minutes, HOL)
    finally:
        os.killpg(build.pid, signal.SIGCONT)
    _stdout, stderr = build.communicate(timeout=600)
    assert build.returncode == 0, stderr
    assert during.returncode == 1 and "Arkiverte" not in during.stdout, during.stdout + during.stderr
    assert "arkivert.yaml er i bruk" in during.stderr and "Vent til den er ferdig" in during.stderr
    after = _arkiver(minutes, HOL)  # once the build is done
    assert after.returncode == 0 and "Arkiverte 1 dokument i" in after.stdout, after.stderr
    from politidok.build import ledger

    entries = ledger.read(minutes / "agreements" / "hallingdal")
    assert entries[GOL].erstattet_av == f"{GOL}-v2" and HOL in entries


def test_a_wrong_sum_in_the_ledger_deletes_nothing(minutes):
    """Today the build deletes the intact PDF and says that it «mangler»."""
    assert _arkiver(minutes, GOL).returncode == 0
    path = minutes / "agreements" / "hallingdal" / "arkivert.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, s in enumerate(lines, 1) if s.strip() == f"- fil: {GOL}.pdf") + 1
    sha = lines[line - 1].split()[-1]
    lines[line - 1] = lines[line - 1].replace(sha, "0" * 64)
    path.write_text("".join(lines), encoding="utf-8")
    out = minutes / "out" / "hallingdal"
    before = _tree(out)
    _edit(
        minutes / "agreements/hallingdal/moter/2025-04-08-hol.yaml",
        "Det lages informasjon",
        "Det skal lages informasjon",
    )
    proc = run_cli("build", "hallingdal", "--only", "referat", *copy_args(minutes), "--output", str(minutes / "out"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"arkivert.yaml:{line}: {out.as_posix()}/{GOL}.pdf har andre byte enn arkivlisten oppgir" in proc.stderr
    assert "mangler" not in proc.stderr + proc.stdout
    assert _tree(out) == before and hashlib.sha256((out / f"{GOL}.pdf").read_bytes()).hexdigest() == sha


# --- SIGTERM and SIGINT --------------------------------------------------------------------------


def _stop_mid_build(copy: Path, how: signal.Signals, delay: float, env: dict) -> tuple[subprocess.Popen, str]:
    out = copy / "out"
    (out / ".politidok" / "hallingdal" / "state.json").unlink(
        missing_ok=True
    )  # every document made again, over the old ones
    build = _start(copy, "build", "hallingdal", "--only", "referat", "--output", str(out), env=env)
    _work_folder(out, "hallingdal", build)
    time.sleep(delay)
    os.killpg(build.pid, how)  # the whole group, as a terminal's Ctrl-C (SIGTERM: as a service manager)
    _stdout, stderr = build.communicate(timeout=600)
    return build, stderr


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_removes_its_work_folder(minutes, tmp_path, how):
    """Today SIGTERM ends the build at once and leaves output/.hallingdal-XXXX (Ctrl-C too, when documents were
    still waiting for LibreOffice: they were converted into the removed folder)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    before = _tree(minutes / "out" / "hallingdal")
    build, stderr = _stop_mid_build(minutes, how, 0.5, env)
    assert build.returncode in (128 + how, 0), stderr  # 0: it was done before the signal came
    if build.returncode:
        assert stderr.strip().endswith("Avbrutt.") and "Traceback" not in stderr and "Intern feil" not in stderr
        assert _tree(minutes / "out" / "hallingdal") == before
    assert sorted(p.name for p in (minutes / "out").iterdir()) == [".politidok", "hallingdal"]
    assert not wait_until_gone(env), ours(env)  # and no LibreOffice left behind


def test_signals_at_random_moments(minutes, tmp_path):
    """A few builds stopped at a random moment (POLITIDOK_FUZZ_BUILDS of them): output/ old or new and
    complete, no work folder, no LibreOffice; every one ends in 0 or 128 + the signal."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    rng = random.Random(int(os.environ.get("POLITIDOK_FUZZ_SEED", "24")))
    for _ in range(int(os.environ.get("POLITIDOK_FUZZ_BUILDS", "3"))):
        how = rng.choice([signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
        build, stderr = _stop_mid_build(minutes, how, rng.uniform(0, 3), env)
        assert build.returncode in (0, 128 + how), stderr
        assert "Traceback" not in stderr and "Intern feil" not in stderr, stderr
        assert sorted(p.name for p in (minutes / "out").iterdir()) == [".politidok", "hallingdal"]
        assert _complete(minutes / "out" / "hallingdal")
    assert not wait_until_gone(env), ours(env)


# --- item 6: regions whose names share a prefix ----------------------------------------------------


def test_two_regions_whose_names_share_a_prefix_build_at_once(region_copy):
    """Today the build of `midt` removes the work folder of `midt-troms` while it builds (FileNotFoundError)."""
    need("soffice")
    import shutil

    shutil.copytree(region_copy / "agreements" / "midt-troms", region_copy / "agreements" / "midt")
    out = region_copy / "out"
    longer = _start(region_copy, "build", "midt-troms", "--output", str(out))
    try:
        _work_folder(out, "midt-troms", longer)
        os.killpg(longer.pid, signal.SIGSTOP)
        shorter = run_cli("build", "midt", *copy_args(region_copy), "--output", str(out))
    finally:
        os.killpg(longer.pid, signal.SIGCONT)
    _stdout, stderr = longer.communicate(timeout=600)
    assert shorter.returncode == 0, shorter.stderr
    assert longer.returncode == 0, stderr
    assert _complete(out / "midt") and _complete(out / "midt-troms")
    assert _tree(out / "midt").keys() == _tree(out / "midt-troms").keys()


# --- item 7: linked folders ------------------------------------------------------------------------


def test_a_linked_template_folder_is_refused(region_copy, tmp_path):
    """Today the build reads through the link, but its up-to-date check does not: after an edit of a
    template behind the link, the build says «Ingen endringer»."""
    need("soffice")
    templates = region_copy / "templates"
    (templates / "nb").rename(tmp_path / "nb")
    (templates / "nb").symlink_to(tmp_path / "nb")
    args = [
        "build",
        "trondelag-sor",
        "--only",
        "samarbeidsavtale",
        *copy_args(region_copy),
        "--output",
        str(tmp_path / "out"),
    ]
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{(templates / 'nb').as_posix()}:1: er en symbolsk lenke til mappen" in proc.stderr
    assert not (tmp_path / "out" / "trondelag-sor").exists()


# --- item 9: a long title ------------------------------------------------------------------------


def test_a_case_title_longer_than_255_characters(region_copy, tmp_path):
    """Today `check` accepts it and the build stops with «Intern feil» (python-docx's limit for a property)."""
    need("soffice", "pdftotext")
    from docx import Document
    from pypdf import PdfReader

    case = region_copy / "agreements" / "trondelag-sor" / "saker" / "etablering-regionalt-politirad.yaml"
    long = "Avtale om etablering av regionalt politiråd " + " ".join(["mellom kommunene i regionen"] * 9)
    assert len(long) > 255
    _edit(
        case,
        "tittel: Avtale om etablering av regionalt Politiråd mellom Regionrådet Trøndelag Sør og Trøndelag Politidistrikt",
        f"tittel: {long}",
    )
    assert run_cli("check", "trondelag-sor", *copy_args(region_copy)).returncode == 0
    proc = run_cli(
        "build", "trondelag-sor", "--only", "saksframlegg", *copy_args(region_copy), "--output", str(tmp_path)
    )
    assert proc.returncode == 0, proc.stderr
    [pdf] = (tmp_path / "trondelag-sor").glob("saksframlegg-*.pdf")
    assert PdfReader(pdf).metadata.title == f"Saksframlegg – {long}"  # the whole title in the PDF
    assert long[:60] in flat_text(pdf)
    title = Document(str(pdf.with_suffix(".docx"))).core_properties.title
    assert len(title) <= 255 and title.endswith("…") and f"Saksframlegg – {long}".startswith(title[:-1])


# --- item 10: the environment ----------------------------------------------------------------------


def test_output_in_proc_is_said_as_such(region_copy, tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = run_cli(
        "build", "hallingdal", "--only", "samarbeidsavtale", *copy_args(region_copy), "--output", "/proc", env=env
    )
    assert proc.returncode == 1 and "Intern feil" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert "Feil: /proc: finnes ikke, eller er ikke en mappe politidok kan lage filer i. Velg en vanlig" in proc.stderr
    assert not wait_until_gone(env), ours(env)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_region_during_arkiver(minutes):
    folder = minutes / "agreements" / "hallingdal"
    folder.chmod(0o555)
    try:
        proc = _arkiver(minutes, GOL)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 1 and "Intern feil" not in proc.stderr, proc.stderr
    assert "ingen tilgang" in proc.stderr and "arkivert.yaml er uendret" in proc.stderr
    assert not (folder / "arkivert.yaml").exists() and not list(folder.glob(".arkivert-*"))
