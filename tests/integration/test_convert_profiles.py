"""The real LibreOffice with a seeded profile skips its graphics self-test (convert.profiles.seed).

LibreOffice writes GraphicsRenderTests.log into the profile whenever it runs the tests; an
unseeded profile gets one at every start (the control), a seeded one never."""

from __future__ import annotations

import fcntl
import subprocess
import time
from pathlib import Path

from politidok.convert import Converter, find_soffice, profiles


def _docx(tmp_path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Politirådet møtes.")
    path = tmp_path / "notat.docx"
    doc.save(path)
    return path


def test_an_unseeded_profile_runs_the_self_test_at_every_start(tmp_path):
    """The control: what politidok avoids (LibreOffice 7.2 and later)."""
    soffice = find_soffice()
    profile = tmp_path / "plain"
    for _ in range(2):
        log = profile / "user" / "GraphicsRenderTests.log"
        log.unlink(missing_ok=True)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "out"),
                str(_docx(tmp_path)),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert (tmp_path / "out" / "notat.pdf").stat().st_size > 0
        assert log.is_file(), "LibreOffice no longer runs its self-test here: the seed may be needless"


def _closed(lock: Path, seconds: float = 30) -> bool:
    """The LibreOffice of a profile slot has closed: its lock (held until then) can be taken."""
    deadline = time.monotonic() + seconds
    with open(lock, "w") as handle:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError:
                time.sleep(0.1)
    return False


def test_politidoks_offices_skip_the_self_test_and_keep_the_seed(tmp_path, monkeypatch):
    version = profiles.product_version(find_soffice())
    assert version and version[0].isdigit()
    root = tmp_path / "lo-profile"
    monkeypatch.setattr(profiles, "_profile_root", lambda: root)
    docx = _docx(tmp_path)
    for _ in range(2):  # a new profile, then the same one again
        with Converter(workers=1) as converter:
            future = converter.submit(docx, tmp_path / "notat.pdf")
            converter.finish()
            assert future.result().stat().st_size > 0
        assert _closed(root / "0.lock")
        user = root / "0" / "user"
        assert not (user / "GraphicsRenderTests.log").exists()
        text = (user / "registrymodifications.xcu").read_text(encoding="utf-8")
        assert f'<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version}</value></prop>' in text
        assert "FirstRun" in text  # LibreOffice's own settings are there too: it kept our file and added to it
