"""Incremental builds, the converter's retry, and progress output."""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest
from conftest import copy_args, flat_text, need, run_cli

from politidok import convert
from politidok.archive import preflight
from politidok.build.progress import Progress
from politidok.core.errors import ToolError

MINUTES = "agreements/hallingdal/moter/2025-04-08-hol.yaml"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_noop_partial_and_clean_builds_agree(region_copy, tmp_path):
    need("soffice")
    args = copy_args(region_copy)
    out = tmp_path / "out"
    first = run_cli("build", "hallingdal", *args, "--output", str(out))
    assert first.returncode == 0, first.stderr
    assert "Lager 30 dokumenter" in first.stdout
    again = run_cli("build", "hallingdal", *args, "--output", str(out))
    assert again.returncode == 0 and "Ingen endringer" in again.stdout and "Konverterer" not in again.stdout
    # one minutes file changes: that meeting's minutes and the year's report are made again, nothing else
    minutes = region_copy / MINUTES
    minutes.write_text(
        minutes.read_text(encoding="utf-8").replace("status: pågår", "status: gjennomført", 1), encoding="utf-8"
    )
    partial = run_cli("build", "hallingdal", *args, "--output", str(out))
    assert partial.returncode == 0, partial.stderr
    # (a status reported at that meeting: the report's history changes, its year-end figures do not)
    assert (
        "Lager 3 av 30 dokumenter på nytt: evalueringsrapport-2025, pakke-evaluering-2025, referat-2025-04-08-hol"
    ) in partial.stdout
    assert "Konverterer 2 dokumenter" in partial.stdout
    # … and the result is byte for byte what a clean build of the changed input gives
    clean = tmp_path / "clean"
    assert run_cli("build", "hallingdal", *args, "--output", str(clean)).returncode == 0
    assert files(out / "hallingdal") == files(clean / "hallingdal")
    # a deleted output is noticed and made again
    (out / "hallingdal" / "innkalling-2025-09-16-fla.pdf").unlink()
    restored = run_cli("build", "hallingdal", *args, "--output", str(out))
    assert "Lager 1 av 30 dokumenter på nytt: innkalling-2025-09-16-fla" in restored.stdout
    assert files(out / "hallingdal") == files(clean / "hallingdal")
    # a meeting removed from the input takes its files with it
    (region_copy / "agreements/hallingdal/moter/2025-09-16-fla.yaml").unlink()
    run_cli("build", "hallingdal", *args, "--output", str(out))
    assert not any("2025-09-16-fla" in name for name in files(out / "hallingdal"))
    assert "2025-09-16-fla" not in (out / "hallingdal" / "manifest.json").read_text(encoding="utf-8")


def _wrapper(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture()
def one_docx(hallingdal_build, tmp_path) -> Path:
    target = tmp_path / "a.docx"
    shutil.copy(hallingdal_build / "innkalling-2025-04-08-hol.docx", target)
    return target


@pytest.fixture(params=["uno", "cli"])
def mode(request, monkeypatch):
    """Both converters: warm LibreOffice over UNO (python3-uno), and `soffice --convert-to`."""
    if request.param == "uno":
        if convert.uno_python() is None:
            pytest.fail("python3-uno is missing: run `make setup` (or scripts/system-deps.sh runtime)")
    else:
        monkeypatch.setenv("POLITIDOK_UNO_PYTHON", "none")
    return request.param


def test_crashed_libreoffice_is_retried_once(one_docx, tmp_path, monkeypatch, mode):
    real = shutil.which("soffice")
    counter = tmp_path / "calls"
    _wrapper(tmp_path / "bin", f'echo x >> {counter}\n[ $(wc -l < {counter}) -eq 1 ] && exit 1\nexec {real} "$@"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    [pdf] = convert.to_pdf([one_docx], tmp_path / "out", workers=1)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    assert len(counter.read_text().splitlines()) == 2  # the crash, then the retry


def test_hung_libreoffice_gives_a_clear_error(one_docx, tmp_path, monkeypatch, mode):
    _wrapper(tmp_path / "bin", "sleep 30\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    with pytest.raises(ToolError) as info:
        convert.to_pdf([one_docx], tmp_path / "out", timeout=2, workers=1)
    message = str(info.value)
    assert "LibreOffice laget ikke PDF for: a.docx (også etter et nytt forsøk)" in message
    assert "svarte ikke innen 2 sekunder" in message


def test_warm_libreoffice_killed_between_documents_is_restarted(one_docx, tmp_path):
    """One office converts several documents; when it dies, the next document gets a new one."""
    if convert.uno_python() is None:
        pytest.fail("python3-uno is missing: run `make setup`")
    with convert.Converter(workers=1) as conv:
        first = conv.submit(one_docx, tmp_path / "out" / "1.pdf").result(timeout=120)
        office = conv.offices[0]
        os.killpg(office.proc.pid, signal.SIGKILL)  # LibreOffice and its bridge, as a crash would
        office.proc.wait()
        second = conv.submit(one_docx, tmp_path / "out" / "2.pdf").result(timeout=120)
        assert conv.offices[0] is not office
    assert first.read_bytes()[:5] == second.read_bytes()[:5] == b"%PDF-"
    assert flat_text(first) == flat_text(second) and "Innkalling" in flat_text(first)


def test_profiles_are_not_shared_between_running_offices(one_docx, tmp_path):
    if convert.uno_python() is None:
        pytest.fail("python3-uno is missing: run `make setup`")
    with convert.Converter(workers=2) as a, convert.Converter(workers=1) as b:
        folders = [o.profile.path for o in [*a.offices, *b.offices]]
        assert len(set(folders)) == 3
        futures = [a.submit(one_docx, tmp_path / "a" / f"{i}.pdf") for i in range(2)]
        futures.append(b.submit(one_docx, tmp_path / "b" / "0.pdf"))
        assert all(f.result(timeout=120).stat().st_size > 1000 for f in futures)


def test_preflight_jvm_survives_a_broken_file(hallingdal_build, tmp_path):
    if not preflight.available():
        pytest.fail("Java/PDFBox is missing: run `make setup`")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a PDF")
    good = hallingdal_build / "samarbeidsavtale.pdf"
    with preflight.Preflighter() as checker:
        results = [checker.submit(p).result(timeout=120) for p in (broken, good, broken)]
    assert [r.ok for r in results] == [False, True, False]
    assert results[1].findings == ["7.11.2 : Error on MetaData, part must be 1"]


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_on_a_terminal_only():
    term = FakeTerminal(True)
    progress = Progress(term, delay=0)
    progress.update(3, 10)
    assert "Konverterer [#######.................] 3/10" in term.getvalue()
    log = FakeTerminal(False)
    quiet = Progress(log, delay=0)
    quiet.update(3, 10)
    assert log.getvalue() == ""
    slow = FakeTerminal(True)
    Progress(slow, delay=60).update(3, 10)  # builds under a second show nothing
    assert slow.getvalue() == ""
