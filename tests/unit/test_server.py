"""The warm server: it authenticates before it reads, survives what a hostile or broken client sends,
answers several clients at once, is never confused with an impostor, leaves no LibreOffice behind,
and builds the same bytes as a build on its own.

The protocol tests run a Server in this process with a stand-in build (no LibreOffice); the client
tests run stand-in servers as processes of their own, since the client checks the server's process.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT
from support import TOKEN, Fake

from politidok import documents, server
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths
from politidok.server import daemon, protocol
from politidok.server import state as entry
from politidok.server.protocol import ProtocolError, Request

KINDS = tuple(documents.names())


# ---------------------------------------------------------------- the request schema


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_build_request_is_read_field_by_field():
    request = protocol.parse_request(
        body(command="build", region="hallingdal", only=["referat", "pakke"], ar=2025, output="ut", cwd="/tmp"), KINDS
    )
    assert request == Request(
        "build", "hallingdal", ("referat", "pakke"), 2025, "agreements", "templates", "ut", "/tmp"
    )
    assert protocol.parse_request(Request("build", "x", cwd="/").encode(), KINDS).region == "x"  # round trip
    assert protocol.parse_request(body(command="status"), KINDS) == Request("status")


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b"null",
        b"5",
        b'"build"',
        b"[" * 50_000,
        b"{" * 50_000,
        b'{"argv": 5}',
        b'{"argv": ["build"]}',
        b"\xff\xfe garbage",
        b"",
        b'{"command": "rm"}',
        b'{"command": "build"}',
        b'{"command": "build", "region": 5}',
        b'{"command": "build", "region": ""}',
        b'{"command": "build", "region": "a\\u0000b"}',
        b'{"command": "build", "region": "x", "only": "referat"}',
        b'{"command": "build", "region": "x", "only": ["rm"]}',
        b'{"command": "build", "region": "x", "ar": "2025"}',
        b'{"command": "build", "region": "x", "ar": true}',
        b'{"command": "build", "region": "x", "ar": 1e9}',
        b'{"command": "build", "region": "x", "cwd": "relative"}',
        b'{"command": "status", "region": "x"}',
        b'{"command": "build", "region": "' + b"x" * 5000 + b'"}',
        b" " * (protocol.MAX_BODY + 1),
    ],
)
def test_malformed_requests_are_refused_with_a_message(data):
    with pytest.raises(ProtocolError) as caught:
        protocol.parse_request(data, KINDS)
    assert str(caught.value) and len(str(caught.value)) < 300


def fuzzed_bodies(seed: int, count: int):
    """Random requests: typed values in the wrong places, mutated valid requests, deep and odd JSON."""
    import random

    rng = random.Random(seed)
    names = [*Request.__dataclass_fields__, "argv", "token", "", "command\u0000"]
    atoms = [
        None,
        True,
        False,
        0,
        -1,
        2025,
        10**30,
        1.5,
        float("inf"),
        "",
        "build",
        "status",
        "stop",
        "hallingdal",
        "/",
        "rel",
        "\u0000",
        "x" * 5000,
        "referat",
        [],
        {},
        ["referat"],
        ["rm"],
        [1],
        {"a": 1},
    ]

    def value(depth: int = 0):
        roll = rng.random()
        if depth < 4 and roll < 0.15:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        if depth < 4 and roll < 0.25:
            return {rng.choice(names): value(depth + 1) for _ in range(rng.randint(0, 4))}
        return rng.choice(atoms)

    valid = Request("build", "hallingdal", ("referat",), 2025, output="ut", cwd="/tmp").encode()
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:
            fields = {rng.choice(names): value() for _ in range(rng.randint(0, 6))}
            if rng.random() < 0.7:
                fields["command"] = rng.choice(["build", "status", "stop", "x", 5])
            yield json.dumps(fields, allow_nan=True).encode()
        elif kind < 0.8:
            data = bytearray(valid)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(data) + 1)
                action = rng.random()
                if action < 0.4 and at < len(data):
                    data[at] = rng.randrange(256)
                elif action < 0.7:
                    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
                else:
                    del data[at : at + rng.randint(1, 8)]
            yield bytes(data)
        elif kind < 0.9:
            depth = rng.randint(1, 100_000)
            yield rng.choice([b"[", b'{"a":', b'{"command": [']) * depth
        else:
            yield bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))


def test_fuzzed_requests_are_either_read_or_refused():
    read = 0
    for data in fuzzed_bodies(16, 4000):
        try:
            request = protocol.parse_request(data, KINDS)
        except ProtocolError as exc:
            assert 0 < len(str(exc)) < 300
            continue
        read += 1
        assert request.command in protocol.COMMANDS
        if request.command == "build":
            assert request.region and os.path.isabs(request.cwd) and set(request.only) <= set(KINDS)
            assert request.ar is None or type(request.ar) is int
    assert read > 0  # the mutations leave some requests whole


# ---------------------------------------------------------------- the server, in this process


@pytest.fixture()
def fake():
    running = Fake()
    yield running
    running.close()


def raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Send `data` as it is, close our side, and return whatever comes back before the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may already have closed on us
        got = b""
        try:
            while chunk := sock.recv(65536):
                got += chunk
        except OSError:
            pass
    return got


def authenticated(port: int, payload: bytes, length: int | None = None, token: str = TOKEN) -> list[dict]:
    """The handshake done right (or with `token`), then `payload` as the request body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        mine = os.urandom(protocol.NONCE)
        sock.sendall(protocol.MAGIC + mine)
        answer = protocol.recv_exact(sock, protocol.NONCE + protocol.MAC, time.monotonic() + 10)
        theirs = answer[: protocol.NONCE]
        size = (len(payload) if length is None else length).to_bytes(protocol.LENGTH, "big")
        try:
            sock.sendall(protocol._mac(token, b"client", theirs, mine, size) + size + payload)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        return list(protocol.answers(sock, timeout=10))


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b"null",
        b"[" * 50_000,
        b'{"argv": 5}',
        b'{"token": "' + TOKEN.encode() + b'", "argv": ["build"]}\n',
        os.urandom(4096),
        b"\x00" * 100_000,
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"",
    ],
)
def test_without_the_token_nothing_is_parsed_and_the_server_lives_on(fake, data):
    answer = raw(fake.server.port, data)
    assert answer == b"" or json.loads(answer.splitlines()[0])["error"].startswith("Ugyldig forespørsel")
    assert fake.requests == []
    assert fake.alive()


def test_an_oversize_stream_without_the_token_is_cut_off(fake):
    with socket.create_connection(("127.0.0.1", fake.server.port), timeout=10) as sock:
        sent = 0
        with pytest.raises(OSError):  # the server closes after the 8-byte header: writing fails
            for _ in range(10_000):
                sock.sendall(b"x" * 65536)
                sent += 65536
    assert sent < 64 * 1024 * 1024
    assert fake.alive()


def test_a_wrong_token_is_refused_before_the_request_is_read(fake):
    answers = authenticated(fake.server.port, body(command="build", region="x", cwd="/"), token="f" * 32)
    assert answers == [{"error": "Ugyldig forespørsel: feil nøkkel"}]
    assert fake.requests == []
    with pytest.raises(protocol.Impostor):  # and a client with a wrong token does not trust the server
        fake.ask(Request("status"), token="f" * 32)
    assert fake.alive()


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b"null",
        b"[" * 50_000,
        b'{"argv": 5}',
        b'{"command": "build", "region": 5}',
        b"\xff" * 100,
        b'{"command": "build", "region": "x", "cwd": "/", "only": [' + b'"referat",' * 3000 + b'"referat"]}',
    ],
)
def test_with_the_token_a_malformed_request_gets_an_error_and_the_server_lives_on(fake, payload):
    answers = authenticated(fake.server.port, payload)
    assert len(answers) == 1 and answers[0]["error"].startswith("Ugyldig forespørsel: ")
    assert fake.requests == []
    assert fake.alive()


@pytest.mark.parametrize("length", [protocol.MAX_BODY + 1, 2**32 - 1])
def test_with_the_token_an_oversize_request_is_refused_unread(fake, length):
    answers = authenticated(fake.server.port, b"", length=length)
    assert answers == [{"error": f"Ugyldig forespørsel: forespørselen er større enn {protocol.MAX_BODY} byte"}]
    assert fake.alive()


def test_fuzzed_streams_with_and_without_the_token_never_stop_the_server(fake):
    expected = 0
    for number, data in enumerate(fuzzed_bodies(7, 300)):
        if number % 2:
            answer = raw(fake.server.port, data[:2000])
            assert answer == b"" or b"Ugyldig foresp" in answer
            continue
        try:
            request = protocol.parse_request(data, KINDS)
            expected += request.command == "build"
        except ProtocolError:
            request = None
        if request is not None and request.command == "stop":
            continue  # valid, and it would do what it says
        answers = authenticated(fake.server.port, data)
        if request is None:
            assert len(answers) == 1 and answers[0]["error"].startswith("Ugyldig forespørsel: ")
    assert len(fake.requests) == expected
    assert fake.alive()


def test_a_build_streams_its_log_and_exit_code(fake):
    answers = fake.ask(Request("build", "hallingdal", ("referat",), 2025, output="ut", cwd="/"))
    assert answers == [
        {"log": "Lager 1 dokument for hallingdal"},
        {"progress": [1, 1]},
        {"out": "Ferdig: ut/hallingdal/"},
        {"exit": 0},
    ]
    assert fake.requests == [Request("build", "hallingdal", ("referat",), 2025, "agreements", "templates", "ut", "/")]
    assert fake.ask(Request("status"))[0]["builds"] == 1


@pytest.mark.parametrize(
    "outcome, code, expected",
    [
        (None, 0, [{"log": "Lager 1 dokument"}, {"out": "Ferdig: ut/hallingdal/"}]),
        (
            "input",
            2,
            [
                {"log": "Lager 1 dokument"},
                {"err": "Fant 1 feil i inndata:\n  a/avtale.yaml:3: navn: mangler\nIngenting er skrevet til output/."},
            ],
        ),
        ("tool", 1, [{"log": "Lager 1 dokument"}, {"err": "Feil: LibreOffice mangler."}]),
        ("bug", 1, None),
        ("nocwd", 1, [{"err": "Feil: mappen /nonexistent/folder finnes ikke eller kan ikke åpnes."}]),
    ],
)
def test_a_build_in_the_server_reports_as_the_command_line_does(monkeypatch, tmp_path, outcome, code, expected):
    import politidok.build.engine
    from politidok.core.errors import InputError, Problem, ToolError

    seen = {}

    def build(region, paths, options, log, progress, services):
        seen.update(region=region, paths=paths, options=options, services=services, cwd=os.getcwd())
        log("Lager 1 dokument")
        if outcome == "input":
            raise InputError([Problem("a/avtale.yaml", 3, "navn", "mangler")])
        if outcome == "tool":
            raise ToolError("LibreOffice mangler.")
        if outcome == "bug":
            raise KeyError("x")
        return []

    monkeypatch.setattr(politidok.build.engine, "build", build)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        cwd = "/nonexistent/folder" if outcome == "nocwd" else str(tmp_path)
        request = Request("build", "hallingdal", ("referat",), 2025, output="ut", cwd=cwd)
        assert daemon.run_build(request, daemon.Reply(ours), services="warm") == code
        ours.close()
        answers = list(protocol.answers(theirs, timeout=5))
    if outcome == "nocwd":
        assert seen == {} and answers == expected
        return
    assert seen == {
        "region": "hallingdal",
        "paths": Paths(Path("agreements"), Path("templates"), Path("ut")),
        "options": BuildOptions(frozenset({"referat"}), 2025),
        "services": "warm",
        "cwd": str(tmp_path),
    }
    assert os.getcwd() != str(tmp_path)  # the server's own folder is restored
    if expected is not None:
        assert answers == expected
    else:
        assert answers[-1]["err"].startswith("Intern feil i politidok (KeyError: 'x').")


def test_status_answers_during_a_build_and_builds_queue(fake):
    fake.gate.clear()
    results = []
    builds = [
        threading.Thread(target=lambda r=r: results.append(fake.ask(Request("build", r, cwd="/"), timeout=30)))
        for r in ("a", "b")
    ]
    for thread in builds:
        thread.start()
    deadline = time.monotonic() + 10
    while not fake.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    status = fake.ask(Request("status"), timeout=2)[0]
    assert status["busy"] is True and status["builds"] == 0
    time.sleep(0.3)
    assert len(fake.requests) == 1  # the second waits for the first
    fake.gate.set()
    for thread in builds:
        thread.join(20)
    assert fake.most == 1 and len(fake.requests) == 2
    assert sorted(r[-1]["exit"] for r in results) == [0, 0]


def test_stop_waits_for_the_running_build_and_later_builds_go_local(fake):
    fake.gate.clear()
    build = threading.Thread(target=lambda: fake.ask(Request("build", "a", cwd="/"), timeout=30))
    build.start()
    while not fake.requests:
        time.sleep(0.02)
    stopped = []
    stopper = threading.Thread(target=lambda: stopped.append(fake.ask(Request("stop"), timeout=30)))
    stopper.start()
    time.sleep(0.3)
    assert stopped == []  # still building
    fake.gate.set()
    stopper.join(10)
    build.join(10)
    assert stopped == [[{"stopped": True}]]
    fake.thread.join(5)
    assert not fake.thread.is_alive()


def test_a_client_that_goes_away_does_not_stop_the_server(fake):
    fake.gate.clear()
    with socket.create_connection(("127.0.0.1", fake.server.port), timeout=10) as sock:
        protocol.client_handshake(sock, TOKEN, Request("build", "a", cwd="/"))
        sock.recv(100)
    fake.gate.set()
    deadline = time.monotonic() + 10
    while fake.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fake.alive()


# ---------------------------------------------------------------- the client


STANDIN = textwrap.dedent("""
    import json, os, socket, sys
    state, mode = sys.argv[1], sys.argv[2]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    if mode == "impostor":  # answers everything with a finished build
        with open(os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            json.dump({"port": listener.getsockname()[1], "token": "ab" * 16, "pid": os.getpid(),
                       "code": sys.argv[3]}, out)
        print("ready", flush=True)
        while True:
            conn, _ = listener.accept()
            conn.settimeout(2)
            got = b""
            try:
                got = conn.recv(65536)
                conn.sendall(b"\\0" * 64 + b'{"out": "Ferdig: output/hallingdal/"}\\n{"exit": 0}\\n')
                got += conn.recv(65536)
            except OSError:
                pass
            with open(state + ".seen", "ab") as seen:
                seen.write(got)
            conn.close()
    else:  # the real Server with a stand-in build
        from politidok import documents
        from politidok.server import daemon, protocol, state as entry
        KINDS = tuple(documents.names())
        def build(request, reply):
            reply.log("Lager 1 dokument")
            if request.region == "bad":
                reply.send(err="Fant 1 feil i inndata:\\n  avtale.yaml:3: navn: mangler")
                return 2
            reply.send(out=f"Ferdig: {request.output}/{request.region}/")
            return 0
        listener.close()
        s = daemon.Server(protocol.new_token(), build, KINDS, idle=60, digest=None)
        entry.write_state(s.port, s.token, sys.argv[3])
        print("ready", flush=True)
        s.serve_forever()
""")


def standin(tmp_path, mode: str) -> subprocess.Popen:
    """A process whose command line names `politidok server run`, as the real server's does."""
    state = server.state_file()
    state.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", STANDIN, str(state), mode, server.code_digest(), "politidok", "server", "run"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    assert proc.stdout.readline() == "ready\n"
    return proc


@pytest.fixture()
def client_env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("POLITIDOK_SERVER", "on")
    return tmp_path


def remote(capsys, region: str = "hallingdal"):
    code = server.run_remote(Request.of(region, Paths(), BuildOptions()))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_client_shows_what_the_server_says(client_env, capsys):
    proc = standin(client_env, "real")
    try:
        assert remote(capsys) == (0, "Lager 1 dokument\nFerdig: output/hallingdal/\n", "")
        assert remote(capsys, "bad") == (
            2,
            "Lager 1 dokument\n",
            "Fant 1 feil i inndata:\n  avtale.yaml:3: navn: mangler\n",
        )
        assert server.status()["builds"] == 2
        assert server.stop() is True
        assert proc.wait(10) == 0
    finally:
        proc.kill()


def test_an_impostor_on_the_port_is_refused_and_never_sees_the_token(client_env, capsys):
    proc = standin(client_env, "impostor")
    try:
        state = server.state_file()
        code, out, err = remote(capsys)
        assert code is None  # the build runs here instead
        assert "Ferdig" not in out and "er ikke den varme tjeneren" in err
        assert not state.exists()  # its entry is gone: the next build does not ask it again
        seen_file = state.parent / "server.json.seen"
        deadline = time.monotonic() + 5
        while not seen_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen = seen_file.read_bytes()
        assert seen.startswith(protocol.MAGIC) and len(seen) == len(protocol.MAGIC) + protocol.NONCE
        assert ("ab" * 16).encode() not in seen  # nothing secret was sent
        state.write_text(json.dumps({"port": 1, "token": "ab" * 16, "pid": proc.pid, "code": "x"}))  # wrong port
        state.chmod(0o600)
        assert server.status() is None and not state.exists()
    finally:
        proc.kill()


@pytest.mark.slow  # the CLI in a subprocess
def test_a_live_process_that_is_not_the_server_is_not_trusted(client_env, capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    state = server.state_file()
    state.parent.mkdir(parents=True)
    try:
        for pid in (os.getpid(), sleeper.pid):  # it listens (pytest) / it is alive, but neither is politidok's server
            entry.write_state(listener.getsockname()[1], TOKEN, server.code_digest())
            info = json.loads(state.read_text())
            info["pid"] = pid
            state.write_text(json.dumps(info))
            assert remote(capsys)[0] is None
            assert not state.exists()
    finally:
        listener.close()
        sleeper.kill()


@pytest.mark.slow  # the CLI in a subprocess
def test_a_stale_state_file_of_a_dead_server_is_removed(client_env):
    dead = subprocess.Popen([sys.executable, "-c", "pass", "politidok", "server", "run"])
    dead.wait()
    state = server.state_file()
    state.parent.mkdir(parents=True)
    entry.write_state(45678, TOKEN, server.code_digest())
    info = json.loads(state.read_text())
    state.write_text(json.dumps({**info, "pid": dead.pid}))
    assert server.status() is None
    assert not state.exists()
    for text in ("{", "[]", json.dumps({**info, "port": "x"}), json.dumps({**info, "token": 5})):
        state.write_text(text)
        assert server.status() is None and not state.exists()


def test_a_state_file_others_can_read_is_not_used(client_env):
    proc = standin(client_env, "real")
    try:
        state = server.state_file()
        assert server.status() is not None
        state.chmod(0o644)
        assert server.status() is None
    finally:
        proc.kill()


def test_client_ignores_a_server_with_other_code(client_env):
    state = server.state_file()
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"port": 9, "token": "x", "pid": 1, "code": "older"}), encoding="utf-8")
    assert server.run_remote(Request.of("hallingdal", Paths(), BuildOptions())) is None  # builds on its own
    assert not state.exists()  # and the stale server's entry is gone


def test_server_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("POLITIDOK_SERVER", "off")
    assert server.run_remote(Request.of("hallingdal", Paths(), BuildOptions())) is None


@pytest.fixture()
def cache(tmp_path):
    """A cache folder of the test's own: its server.json, profiles and logs."""
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "POLITIDOK_SERVER": "on"}
