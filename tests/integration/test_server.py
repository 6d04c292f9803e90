"""The warm server: it authenticates before it reads, survives what a hostile or broken client sends,
answers several clients at once, is never confused with an impostor, leaves no LibreOffice behind,
and builds the same bytes as a build on its own.

The protocol tests run a Server in this process with a stand-in build (no LibreOffice); the client
tests run stand-in servers as processes of their own, since the client checks the server's process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_args, need, run_cli
from support import TOKEN, Fake, ours, wait_until_gone

from politidok import server
from politidok.server import client, daemon, protocol
from politidok.server import state as entry
from politidok.server.protocol import Request

# ---------------------------------------------------------------- the server, in this process


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_a_slow_client_times_out_on_its_own_while_others_are_served():
    fake = Fake(timeout=1.0)
    try:
        done = {}

        def slow() -> None:  # a byte at a time, never a whole request
            start = time.monotonic()
            with socket.create_connection(("127.0.0.1", fake.server.port), timeout=10) as sock:
                try:
                    for byte in protocol.MAGIC + b"n" * 40:
                        sock.sendall(bytes([byte]))
                        time.sleep(0.3)
                except OSError:
                    pass
                try:
                    done["answer"] = sock.recv(4096)
                except OSError:
                    done["answer"] = b""
            done["after"] = time.monotonic() - start

        slow_ones = [threading.Thread(target=slow) for _ in range(3)]
        for thread in slow_ones:
            thread.start()
        time.sleep(0.2)
        start = time.monotonic()
        assert fake.ask(Request("status"))[0]["builds"] == 0  # not held up by the slow ones
        assert time.monotonic() - start < 0.5
        for thread in slow_ones:
            thread.join(20)
        assert done["after"] < 4  # cut off after its 1 s, not after the 13 s it would take
        assert done["answer"] in (b"", protocol.line(error="Ugyldig forespørsel: kom ikke fram innen 1 sekunder"))
        assert fake.alive()
    finally:
        fake.close()


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_a_flood_of_idle_connections_is_cut_off_and_the_server_lives_on():
    fake = Fake(timeout=1.0)
    try:
        idle = [
            socket.create_connection(("127.0.0.1", fake.server.port), timeout=10)
            for _ in range(daemon.MAX_CONNECTIONS + 10)
        ]
        time.sleep(0.3)
        assert threading.active_count() < 100
        start = time.monotonic()
        for sock in idle:  # every one is answered or closed within the deadline, none is kept
            assert sock.recv(4096) in (b"", protocol.line(error="Ugyldig forespørsel: kom ikke fram innen 1 sekunder"))
            sock.close()
        assert time.monotonic() - start < 5
        assert fake.alive()
    finally:
        fake.close()


@pytest.fixture()
def client_env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("POLITIDOK_SERVER", "on")
    return tmp_path


@pytest.mark.integration  # the CLI end to end (a subprocess per call)
def test_a_hung_server_is_stopped_the_hard_way(client_env):
    """`politidok server stop` must not hang on a server that no longer answers."""
    # stands in for the server process (its command line names politidok's server, as the real one's does)
    hung = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent("""
        import socket, sys, time
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts connections, never answers
        print(listener.getsockname()[1], flush=True)
        time.sleep(60)
    """),
            "politidok",
            "server",
            "run",
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    port = int(hung.stdout.readline())
    state = server.state_file()
    state.parent.mkdir(parents=True)
    entry.write_state(port, TOKEN, server.code_digest())
    state.write_text(json.dumps({**json.loads(state.read_text()), "pid": hung.pid}))
    try:
        assert server.stop(wait=1) is True
        assert hung.wait(timeout=10) == -15  # SIGTERM
        assert not state.exists()
    finally:
        hung.kill()


STUBBORN = textwrap.dedent("""
    import signal, socket, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a server whose build never ends: SIGTERM does not stop it
    office = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "soffice-stand-in"],
                              start_new_session=True)  # a LibreOffice bridge: a process group of its own
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts connections, never answers
    print(listener.getsockname()[1], office.pid, flush=True)
    time.sleep(120)
""")


def _stubborn(tmp_path) -> tuple[subprocess.Popen, int]:
    hung = subprocess.Popen(
        [sys.executable, "-c", STUBBORN, "politidok", "server", "run"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    port, office = (int(x) for x in hung.stdout.readline().split())
    state = server.state_file()
    state.parent.mkdir(parents=True, exist_ok=True)
    entry.write_state(port, TOKEN, server.code_digest())
    state.write_text(json.dumps({**json.loads(state.read_text()), "pid": hung.pid}))
    return hung, office


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_server_that_ignores_sigterm_is_killed_with_its_libreoffices(client_env, monkeypatch, tmp_path):
    """Issue 24: `server stop` said «Stoppet» while a server with a runaway build and its LibreOffices ran on."""
    monkeypatch.setattr(client, "GRACE", 1.0)
    hung, office = _stubborn(tmp_path)
    try:
        assert server.stop(wait=1) is True
        assert hung.wait(timeout=10) == -9  # SIGTERM was not enough: SIGKILL
        deadline = time.monotonic() + 10
        while _alive(office) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(office), "its LibreOffice runs on"
        assert not server.state_file().exists()
    finally:
        hung.kill()
        try:
            os.kill(office, signal.SIGKILL)
        except OSError:
            pass


def test_stop_says_so_when_the_server_cannot_be_stopped(client_env, monkeypatch, tmp_path, capsys):
    from politidok.cli import main

    monkeypatch.setattr(client, "GRACE", 0.5)
    monkeypatch.setattr(client.os, "killpg", lambda pid, sig: None)  # signals that never arrive
    monkeypatch.setattr(client.os, "kill", lambda pid, sig: None)
    hung, office = _stubborn(tmp_path)
    try:
        with pytest.raises(SystemExit) as exited:
            main(["server", "stop"])
        out = capsys.readouterr()
        assert exited.value.code == 1
        assert "Stoppet" not in out.out
        assert f"Feil: den varme tjeneren (pid {hung.pid}) kunne ikke stoppes" in out.err
        assert hung.poll() is None  # it does run on, as the message says
    finally:  # os.kill and os.killpg are stand-ins until the test ends: kill(1) does it
        subprocess.run(["kill", "-9", str(hung.pid), str(office)], check=False)
        hung.wait(10)


# ---------------------------------------------------------------- the real server


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def server_json(tmp_path: Path) -> Path:
    """The entry of the server for this repository's working folder (run_cli runs in ROOT)."""
    from politidok.server.state import folder_key

    return tmp_path / "cache" / "politidok" / "servers" / folder_key(ROOT) / "server.json"


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
        info = json.loads(server_json(tmp_path).read_text(encoding="utf-8"))
        assert set(info) == {"port", "token", "pid", "code", "folder", "started"} and len(info["token"]) == 32
        assert info["folder"] == str(ROOT.resolve())
        assert server_json(tmp_path).stat().st_mode & 0o077 == 0  # the user's only
        assert os.getpgid(info["pid"]) == info["pid"]  # it leads its own process group
        out = tmp_path / "warm"
        first = run_cli("build", "hallingdal", *args, "--output", str(out), env=cache)
        assert first.returncode == 0, first.stderr
        assert "Lager 30 dokumenter" in first.stdout and "Ferdig: " in first.stdout
        assert files(out / "hallingdal") == expected  # the same bytes as the build on its own
        status = run_cli("server", "status", env=cache)
        assert "1 bygg" in status.stdout, status.stdout
        # bad input through the server: the same Norwegian report and exit code 2
        avtale = region_copy / "agreements" / "hallingdal" / "avtale.yaml"
        avtale.write_text(avtale.read_text(encoding="utf-8").replace("navn:", "nvn:", 1), encoding="utf-8")
        bad = run_cli("build", "hallingdal", *args, "--output", str(out), env=cache)
        local = run_cli("build", "hallingdal", *args, "--output", str(out), "--uten-tjener", env=cache)
        assert bad.returncode == 2 and "avtale.yaml:" in bad.stderr and "Traceback" not in bad.stderr
        assert (bad.returncode, bad.stdout, bad.stderr) == (local.returncode, local.stdout, local.stderr)
        assert files(out / "hallingdal") == expected  # untouched
        assert "2 bygg" in run_cli("server", "status", env=cache).stdout  # it was the server's build
    finally:
        stopped = run_cli("server", "stop", env=cache)
    assert "Stoppet den varme tjeneren" in stopped.stdout
    assert "Ingen varm tjener kjører" in run_cli("server", "status", env=cache).stdout
    assert not server_json(tmp_path).exists()
    assert wait_until_gone(cache) == []


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_server_leaves_no_libreoffice_behind(tmp_path, cache, how):
    """Killed while its LibreOffices are still starting (the bridge is not yet in its loop)."""
    need("soffice")
    started = run_cli("server", "start", "--idle", "300", env=cache)
    assert started.returncode == 0, started.stderr
    pid = json.loads(server_json(tmp_path).read_text(encoding="utf-8"))["pid"]
    deadline = time.monotonic() + 20
    while not any("soffice" in p or "oosplash" in p for p in ours(cache)) and time.monotonic() < deadline:
        time.sleep(0.05)
    before = ours(cache)
    assert any("uno_bridge" in p for p in before) and any("soffice" in p or "oosplash" in p for p in before), before
    os.kill(pid, how)
    assert wait_until_gone(cache) == []
    status = run_cli("server", "status", env=cache)
    assert "Ingen varm tjener kjører" in status.stdout
    assert not server_json(tmp_path).exists()  # gone or removed as stale


def test_a_server_killed_after_a_build_leaves_no_libreoffice_behind(region_copy, tmp_path, cache):
    need("soffice")
    assert run_cli("server", "start", "--idle", "300", env=cache).returncode == 0
    pid = json.loads(server_json(tmp_path).read_text(encoding="utf-8"))["pid"]
    built = run_cli(
        "build",
        "hallingdal",
        *copy_args(region_copy),
        "--output",
        str(tmp_path / "out"),
        "--only",
        "samarbeidsavtale",
        env=cache,
    )
    assert built.returncode == 0, built.stderr
    assert sum("soffice.bin" in p for p in ours(cache)) >= 1
    os.kill(pid, signal.SIGKILL)
    assert wait_until_gone(cache) == []
