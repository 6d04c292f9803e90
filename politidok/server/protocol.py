"""The warm server's wire protocol: mutual authentication first, then one bounded, typed request.

Light: the standard library and core.paths (the client side runs before the rest of politidok is imported).
Both sides know the token from server.json; it never crosses the wire.

    client -> server   MAGIC (8 bytes) + client nonce (32)
    server -> client   server nonce (32) + HMAC(token, "server" | client nonce | server nonce)
                       (the server proves itself before the client sends anything that matters)
    client -> server   HMAC(token, "client" | server nonce | client nonce | length) (32) + length (4, big-endian)
                       then `length` bytes (at most MAX_BODY) of JSON: the request
    server -> client   JSON lines: {"log": …} {"progress": [done, total]} {"out": …} {"err": …} {"exit": n},
                       {"builds": …} (status), {"stopped": true}, {"local": true} or {"error": …}

The server reads fixed sizes under one deadline for the whole exchange and compares MACs in
constant time before it parses a byte of JSON; anything else gets {"error": …} and the connection closes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from politidok.core.options import BuildOptions
from politidok.core.paths import Paths

MAGIC = b"PDOK\x00\x00\x00\x01"
NONCE = 32
MAC = 32
LENGTH = 4
MAX_BODY = 64 * 1024  # a request is a few hundred bytes
MAX_ANSWER = 16 * 1024 * 1024  # one answer line (an InputError report can be long, not this long)
MAX_TEXT = 4096  # one string field of a request (a path)
COMMANDS = ("build", "status", "stop")


class ProtocolError(Exception):
    """The other side broke the protocol (Norwegian message, for the server's log or the client)."""


class Impostor(ProtocolError):
    """The server could not prove that it knows the token."""


def new_token() -> str:
    return secrets.token_hex(16)


def _mac(token: str, label: bytes, *parts: bytes) -> bytes:
    return hmac.new(token.encode("ascii"), label + b"".join(parts), hashlib.sha256).digest()


def recv_exact(sock: socket.socket, size: int, deadline: float) -> bytes:
    """Exactly `size` bytes before `deadline` (time.monotonic()); TimeoutError or ProtocolError otherwise."""
    chunks, got = [], 0
    while got < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("tidsgrensen er nådd")
        sock.settimeout(left)
        chunk = sock.recv(min(size - got, 65536))
        if not chunk:
            raise ProtocolError("forbindelsen ble lukket midt i en melding")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------- the request


@dataclass(frozen=True)
class Request:
    """What a client asks for. Paths are as the user gave them, relative to `cwd`."""

    command: str
    region: str = ""
    only: tuple[str, ...] = ()
    ar: int | None = None
    agreements: str = "agreements"
    templates: str = "templates"
    output: str = "output"
    cwd: str = "/"

    @classmethod
    def of(cls, region: str, paths: Paths, options: BuildOptions) -> Request:
        """A build of `region` with `paths` as the user gave them, from the current folder."""
        return cls(
            "build",
            region,
            tuple(sorted(options.only)),
            options.ar,
            str(paths.agreements),
            str(paths.templates),
            str(paths.output),
            os.getcwd(),
        )

    def paths(self) -> Paths:
        return Paths(Path(self.agreements), Path(self.templates), Path(self.output))

    def options(self) -> BuildOptions:
        return BuildOptions(frozenset(self.only), self.ar)

    def encode(self) -> bytes:
        if self.command != "build":
            return json.dumps({"command": self.command}).encode("utf-8")
        data = asdict(self)
        data["only"] = list(self.only)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


_TEXT_FIELDS = ("region", "agreements", "templates", "output", "cwd")


def parse_request(body: bytes, kinds: tuple[str, ...]) -> Request:
    """The request in `body`, checked field by field; ProtocolError (Norwegian) for anything else."""
    if len(body) > MAX_BODY:
        raise ProtocolError(f"forespørselen er større enn {MAX_BODY} byte")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("forespørselen er ikke gyldig JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("forespørselen må være et JSON-objekt")
    unknown = sorted(set(data) - set(Request.__dataclass_fields__))
    if unknown:
        raise ProtocolError(f"ukjent felt i forespørselen: {', '.join(repr(k)[:40] for k in unknown[:5])}")
    command = data.get("command")
    if command not in COMMANDS:
        raise ProtocolError(f"«command» må være en av {', '.join(COMMANDS)}")
    if command != "build":
        if set(data) != {"command"}:
            raise ProtocolError(f"«{command}» tar ingen andre felt")
        return Request(command)
    values: dict = {"command": command}
    for name in _TEXT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if not isinstance(value, str) or not value or len(value) > MAX_TEXT or "\x00" in value:
            raise ProtocolError(f"«{name}» må være en tekst på 1–{MAX_TEXT} tegn uten NUL")
        values[name] = value
    if not values.get("region"):
        raise ProtocolError("«region» mangler")
    if not os.path.isabs(values.get("cwd", "/")):
        raise ProtocolError("«cwd» må være en absolutt sti")
    only = data.get("only", [])
    if not isinstance(only, list) or not all(isinstance(k, str) and k in kinds for k in only) or len(only) > len(kinds):
        raise ProtocolError(f"«only» må være en liste med dokumenttyper ({', '.join(kinds)})")
    values["only"] = tuple(only)
    ar = data.get("ar")
    if ar is not None and (type(ar) is not int or not 1000 <= ar <= 9999):
        raise ProtocolError("«ar» må være et årstall")
    values["ar"] = ar
    return Request(**values)


# ---------------------------------------------------------------- client side


def client_handshake(sock: socket.socket, token: str, request: Request, timeout: float = 5.0) -> None:
    """Make the server prove it knows the token, then send the request; Impostor when it cannot."""
    deadline = time.monotonic() + timeout
    mine = secrets.token_bytes(NONCE)
    sock.settimeout(timeout)
    sock.sendall(MAGIC + mine)
    answer = recv_exact(sock, NONCE + MAC, deadline)
    theirs, proof = answer[:NONCE], answer[NONCE:]
    if not hmac.compare_digest(proof, _mac(token, b"server", mine, theirs)):
        raise Impostor("tjeneren kjenner ikke nøkkelen")
    body = request.encode()
    length = len(body).to_bytes(LENGTH, "big")
    sock.sendall(_mac(token, b"client", theirs, mine, length) + length + body)


def answers(sock: socket.socket, timeout: float | None = None):
    """The server's answers, one dict per line, until it closes the connection."""
    sock.settimeout(timeout)
    with sock.makefile("rb") as stream:
        while True:
            line = stream.readline(MAX_ANSWER)
            if not line:
                return
            if not line.endswith(b"\n"):
                raise ProtocolError("svaret fra tjeneren er for langt")
            answer = json.loads(line)
            if not isinstance(answer, dict):
                raise ProtocolError("svaret fra tjeneren er ikke et JSON-objekt")
            yield answer


# ---------------------------------------------------------------- server side


def server_handshake(sock: socket.socket, token: str, kinds: tuple[str, ...], timeout: float) -> Request:
    """Authenticate the client, then read and check its request, all within `timeout` seconds.

    Raises TimeoutError (slow client) or ProtocolError (anything malformed or a wrong MAC);
    not a byte of JSON is parsed before the client has proved it knows the token.
    """
    deadline = time.monotonic() + timeout
    hello = recv_exact(sock, len(MAGIC), deadline)
    if hello != MAGIC:
        raise ProtocolError("ukjent protokoll")
    theirs = recv_exact(sock, NONCE, deadline)
    mine = secrets.token_bytes(NONCE)
    sock.sendall(mine + _mac(token, b"server", theirs, mine))
    head = recv_exact(sock, MAC + LENGTH, deadline)
    proof, length = head[:MAC], head[MAC:]
    if not hmac.compare_digest(proof, _mac(token, b"client", mine, theirs, length)):
        raise ProtocolError("feil nøkkel")
    size = int.from_bytes(length, "big")
    if size > MAX_BODY:
        raise ProtocolError(f"forespørselen er større enn {MAX_BODY} byte")
    return parse_request(recv_exact(sock, size, deadline), kinds)


def line(**answer) -> bytes:
    return (json.dumps(answer, ensure_ascii=False) + "\n").encode("utf-8")
