"""The server's entry in the user cache (server.json), and whether the process it names is really the server.

Each working folder (core.paths.working_folder: a `politidok init` folder, or a checkout of this
repository) has a server of its own: its entry is under a key made from the folder's resolved path
($XDG_CACHE_HOME/politidok/servers/KEY/server.json, with its log and lock), so a build in one folder
never finds, and is never served by, the server of another.

The server writes it (port, token, pid, code digest; mode 0600); a client trusts it only when it is
this user's, private and well-formed, and when its pid is a live `politidok … server run` of the
same user holding the socket that listens on its port. Anything else is a leftover and removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from politidok.core.paths import cache_dir, working_folder
from politidok.core.paths import code_digest as _source_digest

PACKAGE = Path(__file__).resolve().parents[1]  # politidok/
IDLE = 30 * 60  # seconds without work before the server stops


_own_folder: Path | None = None  # the server's: fixed when it starts (it changes folder during builds)


def set_folder(folder: Path) -> None:
    global _own_folder
    _own_folder = folder


def folder() -> Path:
    """The working folder whose server this process talks to (or is)."""
    return _own_folder or working_folder()


def folder_key(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def state_file() -> Path:
    return cache_dir("servers", folder_key(folder()), "server.json")


def office_processes(server: int) -> list[tuple[int, str]]:
    """The LibreOffice processes (pid, program) the server started: its descendants named soffice/oosplash."""
    parent: dict[int, int] = {}
    names: dict[int, str] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text(encoding="ascii", errors="replace")
            names[int(name)] = stat[stat.index("(") + 1 : stat.rindex(")")]
            parent[int(name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found = []
    for pid, comm in names.items():
        ancestor, hops = parent.get(pid), 0
        while ancestor and ancestor != server and hops < 64:
            ancestor, hops = parent.get(ancestor), hops + 1
        if ancestor == server and comm.startswith(("soffice", "oosplash")):
            found.append((pid, comm))
    return sorted(found)


def code_digest() -> str:
    """What the running code is: politidok's source files (read afresh) and the Python running it."""
    return hashlib.sha256(f"{sys.executable}\n{_source_digest(fresh=True)}".encode()).hexdigest()[:24]


def disabled() -> bool:
    return os.environ.get("POLITIDOK_SERVER", "").lower() in ("off", "0", "no", "nei")


def auto() -> bool:
    """POLITIDOK_SERVER=auto (the Makefile's builds): start a server when there is work and none runs."""
    return os.environ.get("POLITIDOK_SERVER", "").lower() == "auto"


def is_server_process(pid: int) -> bool:
    """A live process of this user running `… politidok … server run`."""
    try:
        if os.stat(f"/proc/{pid}").st_uid != os.getuid():
            return False
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    named = any(a == b"politidok" or a.endswith(b"/politidok") for a in args)
    return named and any(args[i : i + 2] == [b"server", b"run"] for i in range(len(args)))


def _listens(pid: int, port: int) -> bool:
    """Whether `pid` holds the socket listening on 127.0.0.1:port (True when /proc cannot tell)."""
    try:
        table = Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    except OSError:
        return True
    inodes = set()
    for row in table:
        fields = row.split()
        if len(fields) > 9 and fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A":
            inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return False
    try:
        for fd in os.scandir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(fd.path) in inodes:
                    return True
            except OSError:
                continue
    except OSError:
        return False
    return False


def read_state() -> dict | None:
    """server.json as the server wrote it (this user's, private, well-formed), else None."""
    path = state_file()
    try:
        st = path.lstat()
        if not path.is_file() or path.is_symlink() or st.st_uid != os.getuid() or st.st_mode & 0o077:
            return None
        if st.st_size > 4096:
            return None
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    port, pid, token, code = info.get("port"), info.get("pid"), info.get("token"), info.get("code")
    if type(port) is not int or not 0 < port < 65536 or type(pid) is not int or pid <= 1:
        return None
    if not isinstance(token, str) or len(token) != 32 or not isinstance(code, str):
        return None
    try:
        bytes.fromhex(token)
    except ValueError:
        return None
    return info


def forget() -> None:
    try:
        state_file().unlink()
    except OSError:
        pass


def live_state() -> dict | None:
    """The running server's entry; a leftover (dead or foreign pid, port not its own) is removed."""
    info = read_state()
    if info is None:
        if state_file().exists():
            forget()  # unreadable, foreign or malformed: no server can be reached with it
        return None
    if not is_server_process(info["pid"]) or not _listens(info["pid"], info["port"]):
        forget()
        return None
    return info


def write_state(port: int, token: str, digest: str, started: str = "") -> Path:
    """The server's own entry, written atomically and readable only by its user."""
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"server.{os.getpid()}.tmp")
    entry = {"port": port, "token": token, "pid": os.getpid(), "code": digest, "folder": str(folder())}
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        json.dump({**entry, "started": started}, out)
    tmp.replace(path)
    return path
