"""The warm server: builds through it give the same bytes as builds on their own, and it gets out of the way."""

from __future__ import annotations

import json

import pytest

from conftest import copy_args, need, run_cli
from politidok import server

pytestmark = pytest.mark.integration


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def cache(tmp_path):
    """A cache folder of the test's own: its server.json, profiles and logs."""
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "POLITIDOK_SERVER": "on"}


def test_build_through_the_warm_server_is_the_same(region_copy, tmp_path, cache):
    need("soffice")
    args = copy_args(region_copy)
    cold = tmp_path / "cold"
    assert run_cli("build", "hallingdal", *args, "--output", str(cold)).returncode == 0
    expected = files(cold / "hallingdal")
    started = run_cli("server", "start", "--idle", "300", env=cache)
    assert started.returncode == 0, started.stderr
    assert "Varm tjener kjører" in started.stdout
    try:
        info = json.loads((tmp_path / "cache" / "politidok" / "server.json").read_text(encoding="utf-8"))
        assert set(info) == {"port", "token", "pid", "code"} and len(info["token"]) == 32
        assert (tmp_path / "cache" / "politidok" / "server.json").stat().st_mode & 0o077 == 0  # the user's only
        out = tmp_path / "warm"
        first = run_cli("build", "hallingdal", *args, "--output", str(out), env=cache)
        assert first.returncode == 0, first.stderr
        assert "Lager 23 dokumenter" in first.stdout and "Ferdig: " in first.stdout
        assert files(out / "hallingdal") == expected  # the same bytes as the build on its own
        status = run_cli("server", "status", env=cache)
        assert "1 bygg" in status.stdout, status.stdout
        # bad input through the server: the same Norwegian report and exit code 2
        avtale = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
        avtale.write_text(avtale.read_text(encoding="utf-8").replace("navn:", "nvn:", 1), encoding="utf-8")
        bad = run_cli("build", "hallingdal", *args, "--output", str(out), env=cache)
        assert bad.returncode == 2 and "avtale.yaml:" in bad.stderr and "Traceback" not in bad.stderr
        assert files(out / "hallingdal") == expected  # untouched
    finally:
        stopped = run_cli("server", "stop", env=cache)
    assert "Stoppet den varme tjeneren" in stopped.stdout
    assert "Ingen varm tjener kjører" in run_cli("server", "status", env=cache).stdout
    assert not (tmp_path / "cache" / "politidok" / "server.json").exists()


def test_client_ignores_a_server_with_other_code(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("POLITIDOK_SERVER", "on")
    state = server.state_file()
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"port": 9, "token": "x", "pid": 1, "code": "older"}), encoding="utf-8")
    assert server.run_remote(["build", "hallingdal"]) is None  # builds on its own
    assert not state.exists()  # and the stale server's entry is gone


def test_server_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POLITIDOK_SERVER", "off")
    assert server.run_remote(["build", "hallingdal"]) is None


def test_a_hung_server_is_stopped_the_hard_way(tmp_path, monkeypatch):
    """`politidok server stop` must not hang on a server that no longer answers."""
    import socket
    import subprocess
    import sys

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    # stands in for the server process (its command line names politidok, as the real one's does)
    hung = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "politidok"], start_new_session=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections, never answers
    state = server.state_file()
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"port": listener.getsockname()[1], "token": "t", "pid": hung.pid,
                                 "code": server.code_digest()}), encoding="utf-8")
    try:
        assert server.stop(wait=1) is True
        assert hung.wait(timeout=10) == -15  # SIGTERM
        assert not state.exists()
    finally:
        listener.close()
        hung.kill()
