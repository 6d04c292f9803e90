"""The unoserver converter back-end (POLITIDOK_CONVERTER=unoserver:HOST:PORT,…) against real instances.

Two local unoserver instances on 127.0.0.1 (each a LibreOffice of its own) convert a region's
documents; the result must pass `politidok verify` and read exactly like the embedded build's.
unoserver's server side needs a Python with LibreOffice's `uno`: a venv of /usr/bin/python3 with
the system site-packages and `pip install unoserver` (`make unoserver`, kept in the user cache).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import xmlrpc.client
from pathlib import Path

import pytest
from conftest import pdftotext, run_cli

VENV = Path(os.environ.get("POLITIDOK_UNOSERVER_VENV", Path.home() / ".cache" / "politidok-unoserver"))


def test_an_unreachable_instance_is_a_clear_error(tmp_path):
    port = _free_port()
    proc = run_cli(
        "build",
        "trondelag-sor",
        "--output",
        str(tmp_path / "out"),
        env={"POLITIDOK_CONVERTER": f"unoserver:127.0.0.1:{port}"},
    )
    assert proc.returncode == 1, proc.stderr
    assert f"fikk ikke kontakt med unoserver på 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "trondelag-sor").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unoserver() -> Path:
    exe = VENV / "bin" / "unoserver"
    if not exe.exists():
        try:
            subprocess.run(
                ["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(VENV)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            subprocess.run(
                [str(VENV / "bin" / "pip"), "install", "-q", "unoserver"], check=True, capture_output=True, timeout=300
            )
        except (OSError, subprocess.SubprocessError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            pytest.skip(f"unoserver could not be installed into {VENV} ({exc}); `make unoserver` shows why")
    probe = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "import uno, unoserver"], capture_output=True, check=False
    )
    if probe.returncode:
        pytest.skip(f"{VENV} cannot import uno and unoserver: {probe.stderr.decode()[-300:]}")
    return exe


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    exe = _unoserver()
    procs, ports = [], []
    for i in range(2):
        port, uno_port = _free_port(), _free_port()
        profile = tmp_path_factory.mktemp(f"unoserver-{i}")
        procs.append(
            subprocess.Popen(
                [
                    str(exe),
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--uno-port",
                    str(uno_port),
                    "--user-installation",
                    str(profile),
                    "--quiet",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        ports.append(port)
    try:
        for port in ports:
            deadline = time.monotonic() + 120
            while True:
                try:
                    assert xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}").info()["api"] == "3"
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"unoserver on port {port} did not answer within 120 s")
                    time.sleep(0.2)
        yield ports
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def test_a_region_built_through_two_unoserver_instances(two_instances, hallingdal_build, tmp_path):
    setting = "unoserver:" + ",".join(f"127.0.0.1:{p}" for p in two_instances)
    proc = run_cli("build", "hallingdal", "--output", str(tmp_path), env={"POLITIDOK_CONVERTER": setting})
    assert proc.returncode == 0, proc.stderr + proc.stdout
    built = tmp_path / "hallingdal"
    pdfs = sorted(built.glob("*.pdf"))
    assert len(pdfs) == len(list(hallingdal_build.glob("*.pdf"))) > 10
    verified = run_cli("verify", *map(str, pdfs))
    assert verified.returncode == 0, verified.stdout
    assert f"Alle {len(pdfs)} filer er klare." in verified.stdout
    for pdf in pdfs:  # the same export options: the same text, page for page
        assert pdftotext(pdf) == pdftotext(hallingdal_build / pdf.name), pdf.name
