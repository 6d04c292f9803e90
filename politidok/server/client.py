"""The client side: a build, status or stop asked of the warm server, which must prove itself first.

Whoever listens on the port in server.json must answer the challenge with the token (protocol.py)
before anything is sent; an impostor is refused, its entry removed, and the build runs locally.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from politidok.core.errors import ToolError
from politidok.server import protocol
from politidok.server.protocol import ProtocolError, Request
from politidok.server.state import (
    IDLE,
    PACKAGE,
    auto,
    code_digest,
    disabled,
    folder,
    forget,
    is_server_process,
    live_state,
    office_processes,
    state_file,
)

AUTO_IDLE = 20 * 60  # started by a build (POLITIDOK_SERVER=auto)


def _session(info: dict, request: Request, timeout: float | None, connect: float = 2.0):
    """Connect, authenticate both ways and send `request`; yields the server's answers.

    Raises protocol.Impostor when whoever listens on the port cannot prove it knows the token.
    """
    sock = socket.create_connection(("127.0.0.1", info["port"]), timeout=connect)
    with sock:
        protocol.client_handshake(sock, info["token"], request, timeout=min(timeout or 5.0, 5.0))
        yield from protocol.answers(sock, timeout)


def _refuse(info: dict) -> None:
    print(
        f"politidok: det som svarer på 127.0.0.1:{info['port']}, er ikke den varme tjeneren; bygger uten den.",
        file=sys.stderr,
    )
    forget()


def run_remote(request: Request) -> int | None:
    """Build in the warm server; the exit code, or None when there is no usable server (build locally)."""
    if disabled() or os.environ.get("POLITIDOK_DEBUG"):  # debugging: here, where the traceback can be shown
        return None
    info = live_state()
    if info and info.get("code") != code_digest():
        stop()  # politidok was changed or updated: the old server must not build
        info = None
    if info is None:
        if not auto():
            return None
        try:
            info = start(AUTO_IDLE)
        except RuntimeError:
            return None
        if info.get("new"):
            print(
                f"Startet en varm tjener i bakgrunnen for {folder()} (pid {info['pid']}): den holder LibreOffice "
                f"i gang mellom byggene og stopper selv etter {AUTO_IDLE // 60} minutter uten arbeid.\n"
                "«politidok tjener status» viser hva som kjører; stopp den med «politidok tjener stopp» "
                "(eller «make stop»).",
                file=sys.stderr,
                flush=True,
            )
    from politidok.build.progress import Progress

    code, errors = None, []
    try:
        with Progress() as progress:  # shown here, as a local build shows it
            for answer in _session(info, request, timeout=None):
                if "detail" in answer:
                    progress.detail(str(answer["detail"]))
                elif "log" in answer or "out" in answer:
                    progress.log(str(answer.get("log", answer.get("out"))))
                elif "progress" in answer:
                    done, total = answer["progress"]
                    progress.update(int(done), int(total))
                elif "err" in answer:
                    errors.append(str(answer["err"]))
                elif "exit" in answer:
                    code = int(answer["exit"])
                elif "local" in answer or "error" in answer:  # stopping, or it did not understand us
                    return None
    except protocol.Impostor:
        _refuse(info)
        return None
    except (OSError, ValueError, TypeError, ProtocolError):
        pass  # the server went away: what it said is shown, without an exit code the build runs here
    finally:
        for text in errors:
            print(text, file=sys.stderr, flush=True)
    return code


def status() -> dict | None:
    info = live_state()
    if not info:
        return None
    try:
        for answer in _session(info, Request("status"), timeout=5, connect=1.0):
            if "error" in answer:
                return None
            return {**info, **answer}
    except protocol.Impostor:
        _refuse(info)
        return None
    except TimeoutError:
        return {**info, "busy": True}  # alive but not answering (hung)
    except (OSError, ValueError, ProtocolError):
        return None
    return None


def describe(info: dict) -> list[str]:
    """`politidok tjener status`: what runs, since when, for which folder, with which LibreOffices."""
    since = str(info.get("started") or "ukjent tid").replace("T", " ")
    lines = [
        f"Varm tjener for {info.get('folder', folder())}",
        f"  kjører siden {since[:16]} (pid {info['pid']}, 127.0.0.1:{info['port']})",
    ]
    if info.get("busy"):
        lines.append("  bygger akkurat nå")
    else:
        stale = "" if info.get("code") == code_digest() else " (eldre kode: stoppes ved neste bygg)"
        lines.append(f"  {info.get('builds', 0)} bygg, ledig i {info.get('idle', 0)} s{stale}")
    offices = office_processes(info["pid"])
    if offices:
        lines.append("  LibreOffice: " + ", ".join(f"pid {pid} ({name})" for pid, name in offices))
    else:
        lines.append("  LibreOffice: ingen kjører nå")
    lines.append(f"  logg: {state_file().with_name('server.log')}")
    lines.append("Stopp den med: politidok tjener stopp")
    return lines


GRACE = 5.0  # seconds a server gets to go after SIGTERM before it and its LibreOffices are killed


def stop(wait: float = 30.0) -> bool:
    """Ask the server to stop; one that does not answer within `wait` seconds is terminated, and one that
    does not go then is killed with its LibreOffices. True when it stopped, False when none ran;
    ToolError when it could not be stopped (never «stopped» while it still runs)."""
    info = live_state()
    if not info:
        return False
    pid = info["pid"]
    confirmed = False
    try:
        for answer in _session(info, Request("stop"), timeout=wait, connect=1.0):
            confirmed = bool(answer.get("stopped"))
            break
    except protocol.Impostor:
        _refuse(info)
        return False
    except TimeoutError:  # busy for longer than we wait, or hung: stop it the hard way
        pass
    except (OSError, ValueError, ProtocolError):
        pass
    # it removes its own entry; wait until it has let go of its LibreOffices, else stop it the hard way
    if not (confirmed and _gone(pid, wait)) and is_server_process(pid):
        _kill(info)
    if is_server_process(pid):
        raise ToolError(
            f"den varme tjeneren (pid {pid}) kunne ikke stoppes. Stopp den med «kill -9 {pid}», "
            "og kontroller at ingen LibreOffice fra den kjører videre (ps x | grep soffice)."
        )
    forget()
    return True


def _gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_server_process(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not is_server_process(pid)


def _children(pid: int) -> list[int]:
    """The processes `pid` started (its LibreOffice bridges lead process groups of their own)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[-1].split()
            if len(fields) > 1 and fields[1] == str(pid):
                found.append(int(entry.name))
    return found


def _kill(info: dict) -> bool:
    """SIGTERM to the server's process group (it leads its own; it kills its LibreOffices on the way out);
    if it has not gone GRACE seconds later (a build that does not stop), SIGKILL to it and to the process
    groups of the LibreOffices it started."""
    pid = info["pid"]
    try:
        if not is_server_process(pid) or os.getpgid(pid) != pid:  # a reused pid: leave it alone
            return False
        children = _children(pid)
        os.killpg(pid, signal.SIGTERM)
    except OSError:
        return False
    if _gone(pid, GRACE):
        return True
    for child in children:
        try:
            if os.getpgid(child) == child:
                os.killpg(child, signal.SIGKILL)
            else:
                os.kill(child, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    return _gone(pid, GRACE)


def start(idle: int = IDLE, wait: float = 30.0) -> dict:
    """Start a server in the background (if none runs) and wait until it answers."""
    import fcntl

    log = state_file().with_name("server.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log.with_name("server.lock"), "w") as lock:  # two builds at once start one server
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _start(idle, wait, log)


def _start(idle: int, wait: float, log: Path) -> dict:
    running = status()
    if running and running.get("code") == code_digest():
        return running
    if running:
        stop()
    with open(log, "ab") as out:
        subprocess.Popen(
            [sys.executable, "-m", "politidok", "server", "run", "--idle", str(idle)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join([str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")]).rstrip(
                    os.pathsep
                ),
            },
        )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        running = status()
        if running:
            return {**running, "new": True}
        time.sleep(0.1)
    raise RuntimeError(f"den varme tjeneren svarte ikke innen {wait:.0f} sekunder (se {log})")
