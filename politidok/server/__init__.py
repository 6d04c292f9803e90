"""The warm server: politidok and LibreOffice (and Java, with POLITIDOK_PDFBOX=1) kept running
between builds, on loopback.

A secretary runs `make` again and again while editing; each cold build spends seconds on
starting Python's libraries, LibreOffice and the JVM before any document is made. The server
(`politidok server start`) keeps all three warm; `politidok build` hands its parsed options to
it when it runs, and builds on its own when it does not. Results are the same bytes either way.

- One server per working folder (state.py): its entry is under a key from the folder's resolved
  path. Loopback TCP on 127.0.0.1, a random port, and a random token in
  ~/.cache/politidok/servers/KEY/server.json (mode 0600). The token never crosses the wire: client and server prove to each other that they
  know it (protocol.py) before a request is read, and the client also checks that the pid in
  server.json is a live politidok server of the same user listening on that port. Anything else
  (a dead server's leftover file, an impostor on the port) is refused and the build runs locally.
- A thread per connection, each with its own deadline: a slow or hostile client holds only itself;
  malformed requests get an error and the server lives on. Builds run one at a time (a lock);
  status answers while a build runs. The server calls the library's build() and streams its log
  lines and progress to the client, which shows them as a local build would.
- It stops after `idle` seconds without work (default 30 min; 20 when a build started it with
  POLITIDOK_SERVER=auto, as the Makefile does), on `politidok server stop`, on SIGTERM, and when
  politidok's own code changes (the client sees that, stops it and builds on its own). It leads its
  own process group and kills the group on the way out; its LibreOffices watch it and go with it
  even after `kill -9` (uno_bridge.py).
- POLITIDOK_SERVER=off: never use it.
"""

from politidok.server.client import AUTO_IDLE, IDLE, describe, run_remote, start, status, stop
from politidok.server.daemon import serve
from politidok.server.protocol import Request
from politidok.server.state import auto, code_digest, disabled, folder, state_file

__all__ = [
    "AUTO_IDLE",
    "IDLE",
    "Request",
    "auto",
    "code_digest",
    "describe",
    "disabled",
    "folder",
    "run_remote",
    "serve",
    "start",
    "state_file",
    "status",
    "stop",
]
