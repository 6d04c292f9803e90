"""The warm server: politidok, LibreOffice and Java kept running between builds, on loopback.

A secretary runs `make` again and again while editing; each cold build spends seconds on
starting Python's libraries, LibreOffice and the JVM before any document is made. The server
(`politidok server start`) keeps all three warm; `politidok build` hands its command line to
it when it runs, and builds on its own when it does not. Results are the same bytes either way.

- Loopback TCP on 127.0.0.1, a random port, and a random token in ~/.cache/politidok/server.json
  (mode 0600): only the user who started it can use it.
- One build at a time; the client's working folder, output and exit code are passed through.
- It stops after `idle` seconds without work (default 30 min; 20 when a build started it with
  POLITIDOK_SERVER=auto, as the Makefile does), on `politidok server stop`, and when
  politidok's own code changes (the client sees that, stops it and builds on its own).
- POLITIDOK_SERVER=off: never use it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from dataclasses import asdict, dataclass

from politidok.core.paths import Paths, cache_dir, code_digest as _source_digest

PACKAGE = Path(__file__).resolve().parents[1]  # politidok/
IDLE = 30 * 60
AUTO_IDLE = 20 * 60  # started by a build (POLITIDOK_SERVER=auto)


def state_file() -> Path:
    return cache_dir("server.json")


def code_digest() -> str:
    """What the running code is: politidok's source files (read afresh) and the Python running it."""
    return hashlib.sha256(f"{sys.executable}\n{_source_digest(fresh=True)}".encode()).hexdigest()[:24]


def disabled() -> bool:
    return os.environ.get("POLITIDOK_SERVER", "").lower() in ("off", "0", "no", "nei")


def _read_state() -> dict | None:
    try:
        return json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _connect(info: dict, timeout: float = 2.0) -> socket.socket | None:
    try:
        return socket.create_connection(("127.0.0.1", int(info["port"])), timeout=timeout)
    except (OSError, KeyError, ValueError):
        return None


def _request(sock: socket.socket, message: dict, timeout: float | None = None):
    sock.sendall((json.dumps(message) + "\n").encode())
    sock.settimeout(timeout)
    with sock.makefile("r", encoding="utf-8") as answers:
        for line in answers:
            yield json.loads(line)


@dataclass(frozen=True)
class BuildRequest:
    """A build the client asks the server for: what `politidok.build.build` takes, paths absolute."""

    region: str
    agreements: str
    templates: str
    output: str
    only: tuple[str, ...] = ()
    year: int | None = None
    shown: str = "output"  # the output folder as the user wrote it, for the closing line

    @classmethod
    def of(cls, region: str, paths: Paths, only: list[str], year: int | None) -> "BuildRequest":
        return cls(region, *(str(Path(p).absolute()) for p in (paths.agreements, paths.templates, paths.output)),
                   tuple(only), year, str(paths.output))

    @classmethod
    def parse(cls, data: object) -> "BuildRequest":
        """From a request's JSON; ValueError when it is not a build request of the right types."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        texts = ("region", "agreements", "templates", "output")
        if any(not isinstance(data.get(k), str) for k in texts):
            raise ValueError("region and paths must be text")
        only, year = data.get("only", []), data.get("year")
        if not isinstance(only, list) or any(not isinstance(k, str) for k in only):
            raise ValueError("only must be a list of text")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise ValueError("year must be a number")
        return cls(*(data[k] for k in texts), tuple(only), year, str(data.get("shown", "output")))

    def paths(self) -> Paths:
        return Paths(Path(self.agreements), Path(self.templates), Path(self.output))


# ---------------------------------------------------------------- client side


def auto() -> bool:
    """POLITIDOK_SERVER=auto (the Makefile's builds): start a server when there is work and none runs."""
    return os.environ.get("POLITIDOK_SERVER", "").lower() == "auto"


def run_remote(request: BuildRequest) -> int | None:
    """Run a build in the warm server; None when there is no usable server."""
    if disabled():
        return None
    info = _read_state()
    if info and info.get("code") != code_digest():
        stop()  # politidok was changed or updated: the old server must not build
        info = None
    sock = _connect(info) if info else None
    if sock is None and auto():
        try:
            info = start(AUTO_IDLE)
        except RuntimeError:
            return None
        sock = _connect(info)
    if sock is None:
        return None
    tty = sys.stderr.isatty()
    code = None
    with sock:
        try:
            for answer in _request(sock, {"token": info["token"], "build": asdict(request), "tty": tty}):
                if "out" in answer:
                    sys.stdout.write(answer["out"])
                    sys.stdout.flush()
                elif "err" in answer:
                    sys.stderr.write(answer["err"])
                    sys.stderr.flush()
                elif "exit" in answer:
                    code = int(answer["exit"])
                elif "local" in answer:  # a command the server does not run
                    return None
        except (OSError, ValueError):
            return None if code is None else code
    return code


def status() -> dict | None:
    info = _read_state()
    if not info:
        return None
    sock = _connect(info, timeout=1.0)
    if sock is None:
        return None
    with sock:
        try:
            for answer in _request(sock, {"token": info["token"], "status": True}, timeout=5):
                return {**info, **answer}
        except TimeoutError:
            return {**info, "busy": True}  # it is building for someone else
        except (OSError, ValueError):
            return None
    return None


def stop(wait: float = 30.0) -> bool:
    """Ask the server to stop; one that does not answer within `wait` seconds is terminated."""
    info = _read_state()
    if not info:
        return False
    sock = _connect(info, timeout=1.0)
    confirmed = killed = False
    if sock is not None:
        with sock:
            try:
                for answer in _request(sock, {"token": info["token"], "stop": True}, timeout=wait):
                    confirmed = bool(answer.get("stopped"))
                    break
            except TimeoutError:  # busy for longer than we wait, or hung: stop it the hard way
                killed = _kill(info)
            except (OSError, ValueError):
                pass
    if not confirmed:  # a server that stops cleanly removes its own entry
        try:
            state_file().unlink()
        except OSError:
            pass
    return confirmed or killed


def _kill(info: dict) -> bool:
    """SIGTERM to the server's process group (its own session); its LibreOffices see their input close."""
    import signal

    try:
        pid = int(info["pid"])
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        if os.getpgid(pid) != pid or b"politidok" not in command:  # a reused pid: leave it alone
            return False
        os.killpg(pid, signal.SIGTERM)
        return True
    except (OSError, KeyError, ValueError):
        return False


def start(idle: int = IDLE, wait: float = 30.0) -> dict:
    """Start a server in the background (if none runs) and wait until it answers."""
    running = status()
    if running and running.get("code") == code_digest():
        return running
    if running:
        stop()
    log = state_file().with_name("server.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        subprocess.Popen([sys.executable, "-m", "politidok", "server", "run", "--idle", str(idle)],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)})
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        running = status()
        if running:
            return running
        time.sleep(0.1)
    raise RuntimeError(f"den varme tjeneren svarte ikke innen {wait:.0f} sekunder (se {log})")


# ---------------------------------------------------------------- server side


class _Sink(io.RawIOBase):
    """A writable stream whose text goes to the client as {"out"/"err": text} lines."""

    def __init__(self, conn: socket.socket, key: str, tty: bool) -> None:
        self.conn, self.key, self.tty = conn, key, tty

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.tty

    def write(self, data) -> int:
        text = bytes(data).decode("utf-8", "replace")
        if text:
            self.conn.sendall((json.dumps({self.key: text}) + "\n").encode())
        return len(data)


def _stream(conn: socket.socket, key: str, tty: bool) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedWriter(_Sink(conn, key, tty), 1 << 16), encoding="utf-8",
                            line_buffering=True, write_through=False)


def serve(idle: int = IDLE) -> None:
    """The server loop (politidok server run): warm everything, then answer one request at a time."""
    from politidok.build import services
    import politidok.build.engine  # noqa: F401 - imported now, not during the first build

    shared = services.Services(keep=True).start()
    services.SHARED = shared
    token = secrets.token_hex(16)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(30)
    digest = code_digest()
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        json.dump({"port": listener.getsockname()[1], "token": token, "pid": os.getpid(), "code": digest}, out)
    tmp.replace(path)
    print(f"politidok-tjener: lytter på 127.0.0.1:{listener.getsockname()[1]} (pid {os.getpid()})", flush=True)
    last = time.monotonic()
    builds = 0
    try:
        while True:
            if time.monotonic() - last > idle or code_digest() != digest:
                break
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(10)
                try:
                    request = json.loads(conn.makefile("r", encoding="utf-8").readline() or "{}")
                except (OSError, ValueError):
                    continue
                if not secrets.compare_digest(str(request.get("token", "")), token):
                    continue
                conn.settimeout(None)
                if request.get("stop"):
                    conn.sendall(b'{"stopped": true}\n')
                    break
                if request.get("status"):
                    conn.sendall((json.dumps({"builds": builds, "idle": round(time.monotonic() - last)}) + "\n").encode())
                    continue
                try:
                    build = BuildRequest.parse(request.get("build"))
                except ValueError:
                    conn.sendall(b'{"local": true}\n')  # not a build this server runs: the client builds
                    continue
                code = _run(conn, build, bool(request.get("tty")))
                builds += 1
                last = time.monotonic()
                try:
                    conn.sendall((json.dumps({"exit": code}) + "\n").encode())
                except OSError:
                    pass
    finally:
        listener.close()
        shared.close()
        info = _read_state()
        if info and info.get("pid") == os.getpid():
            try:
                path.unlink()
            except OSError:
                pass


def _run(conn: socket.socket, request: BuildRequest, tty: bool) -> int:
    """One build, as `politidok build` would run it, with its output sent to the client."""
    import click

    from politidok.build import build, services
    from politidok.build.progress import Progress
    from politidok.core.errors import report

    saved = sys.stdout, sys.stderr
    out, err = _stream(conn, "out", False), _stream(conn, "err", tty)
    sys.stdout, sys.stderr = out, err
    code = 0
    try:
        with Progress() as progress:
            build(request.region, request.paths(), set(request.only) or None, log=progress.log, year=request.year,
                  progress=progress.update, services=services.SHARED)
        click.echo(f"Ferdig: {Path(request.shown) / request.region}/")
    except OSError as exc:  # the client went away (Ctrl-C): the build stopped, nothing half-written
        code = 130 if isinstance(exc, (BrokenPipeError, ConnectionError)) else _fail(exc, report)
    except Exception as exc:  # noqa: BLE001 - every failure is reported to the client, the server lives on
        code = _fail(exc, report)
    finally:
        for stream in (out, err):
            try:
                stream.flush()
            except OSError:
                pass
        sys.stdout, sys.stderr = saved
    return code


def _fail(exc: Exception, report) -> int:
    message, code = report(exc)
    try:
        print(message, file=sys.stderr)
    except OSError:
        pass
    return code
