"""The server side: a thread per connection, one build at a time, the library's build() streamed to the client.

Every connection has its own deadline for the handshake and the request (a slow or hostile client
holds only its own thread); what is malformed gets {"error": …} and the server lives on. The server
leads its own process group and takes its LibreOffices along when it goes.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

from politidok.server import protocol
from politidok.server.protocol import ProtocolError, Request
from politidok.server.state import IDLE, code_digest, folder, forget, read_state, set_folder, state_file, write_state

READ_TIMEOUT = 10.0  # the whole handshake and request, per connection
SEND_TIMEOUT = 60.0  # a client that stops reading during a build is dropped
MAX_CONNECTIONS = 32
BUILD_WAIT = 120.0  # seconds a stopping server waits for a running build (a render stops within its 10 s)


class ClientGone(Exception):
    """The client closed the connection or stopped reading: its build stops."""


class Reply:
    """Answers to one client, as JSON lines; safe to use from the converter's threads."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.lock = threading.Lock()
        self.gone = False

    def send(self, **answer) -> None:
        if self.gone:
            raise ClientGone
        with self.lock:
            try:
                self.conn.sendall(protocol.line(**answer))
            except OSError:
                self.gone = True
                raise ClientGone from None

    def log(self, message: str) -> None:
        from politidok.build.progress import Detail

        if isinstance(message, Detail):  # a file written: the client shows it with -v
            self.send(detail=str(message))
        else:
            self.send(log=message)

    def progress(self, done: int, total: int) -> None:
        try:  # called by the converter's threads: never raises there, the next log line stops the build
            self.send(progress=[done, total])
        except ClientGone:
            pass


class Server:
    """Accepts connections on 127.0.0.1 and answers each in a thread of its own.

    `run_build(request, reply)` does a build and returns its exit code; builds are serialized here.
    """

    def __init__(
        self,
        token: str,
        run_build,
        kinds: tuple[str, ...],
        timeout: float = READ_TIMEOUT,
        idle: float = IDLE,
        digest: str | None = None,
    ) -> None:
        self.token = token
        self.run_build = run_build
        self.kinds = kinds
        self.timeout = timeout
        self.idle = idle
        self.digest = digest
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.5)
        self.port = self.listener.getsockname()[1]
        self.build_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.stopping = threading.Event()
        self.builds = 0
        self.last = time.monotonic()
        self.checked = 0.0

    def serve_forever(self) -> None:
        while not self.stopping.is_set():
            if not self.build_lock.locked() and (time.monotonic() - self.last > self.idle or self._changed()):
                break
            try:
                conn, _addr = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self.stopping.is_set():
                    break
                raise
            if not self.slots.acquire(blocking=False):  # flooded: this one is refused, the others are served
                conn.close()
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()
        self.stopping.set()

    def _changed(self) -> bool:
        """politidok's code changed since the server started (looked at every 2 seconds)."""
        if not self.digest or time.monotonic() < self.checked + 2:
            return False
        self.checked = time.monotonic()
        return code_digest() != self.digest

    def close(self) -> None:
        self.stopping.set()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes a waiting accept()
        except OSError:
            pass
        self.listener.close()

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn:
                try:
                    request = protocol.server_handshake(conn, self.token, self.kinds, self.timeout)
                except TimeoutError:
                    self._refuse(conn, f"kom ikke fram innen {self.timeout:g} sekunder")
                    return
                except ProtocolError as exc:
                    self._refuse(conn, str(exc))
                    return
                except OSError:
                    return
                conn.settimeout(SEND_TIMEOUT)
                self._answer(conn, request)
        except Exception:  # noqa: BLE001 - one connection's trouble must never stop the server
            traceback.print_exc()
            sys.stdout.flush()
        finally:
            self.slots.release()

    def _refuse(self, conn: socket.socket, why: str) -> None:
        try:
            conn.settimeout(1.0)
            conn.sendall(protocol.line(error=f"Ugyldig forespørsel: {why}"))
            conn.shutdown(socket.SHUT_WR)
            # what the client still sends is read and dropped for a moment (1 s, 1 MiB at most):
            # closing on unread data would reset the connection and lose the answer
            deadline, dropped = time.monotonic() + 1.0, 0
            while dropped < 1 << 20 and (left := deadline - time.monotonic()) > 0:
                conn.settimeout(left)
                chunk = conn.recv(65536)
                if not chunk:
                    break
                dropped += len(chunk)
        except OSError:
            pass

    def _answer(self, conn: socket.socket, request: Request) -> None:
        if request.command == "status":
            conn.sendall(
                protocol.line(
                    builds=self.builds, idle=round(time.monotonic() - self.last), busy=self.build_lock.locked()
                )
            )
        elif request.command == "stop":
            self.stopping.set()  # no new builds; the running one finishes first
            with self.build_lock:
                try:
                    conn.sendall(protocol.line(stopped=True))
                finally:
                    self.close()  # nobody else gets through from here on
        else:
            reply = Reply(conn)
            with self.build_lock:
                if self.stopping.is_set():
                    conn.sendall(protocol.line(local=True))
                    return
                try:
                    code = self.run_build(request, reply)
                finally:
                    self.builds += 1
                    self.last = time.monotonic()
                try:
                    reply.send(exit=code)
                except ClientGone:
                    pass


def run_build(request: Request, reply: Reply, services) -> int:
    """One build, as `politidok build` does it, with its log and messages sent to the client."""
    from politidok.build import build
    from politidok.core.errors import ToolError, report
    from politidok.core.paths import working_folder

    saved = os.getcwd()
    try:
        try:
            os.chdir(request.cwd)  # paths and messages as in the client's folder (builds run one at a time)
        except OSError:
            raise ToolError(f"mappen {request.cwd} finnes ikke eller kan ikke åpnes.") from None
        if working_folder() != folder():  # never another working folder's build
            raise ToolError(f"denne tjeneren er for {folder()}, ikke for {working_folder()}; bygg uten den.")
        build(
            request.region,
            request.paths(),
            request.options(),
            log=reply.log,
            progress=reply.progress,
            services=services,
        )
        reply.send(out=f"Ferdig: {Path(request.output) / request.region}/")
        return 0
    except ClientGone:  # the client went away (Ctrl-C): the build stopped, nothing half-written
        return 130
    except Exception as exc:  # noqa: BLE001 - every failure is reported as the CLI reports it; the server lives on
        if reply.gone:
            return 130
        text, code = report(exc)
        if text.startswith("Intern feil"):  # a bug in politidok: the traceback goes to the server's log
            traceback.print_exc()
            sys.stdout.flush()
            text += f"\nTilbakesporingen står i {state_file().with_name('server.log')}."
        try:
            reply.send(err=text)
        except ClientGone:
            return 130
        return code
    finally:
        os.chdir(saved)


def _leave(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def serve(idle: int = IDLE) -> None:
    """The server (politidok server run): warm everything, then answer until idle, stopped or changed."""
    import politidok.build.engine  # noqa: F401 - imported now, not during the first build
    from politidok import documents
    from politidok.build import services as running

    set_folder(folder())  # this server's working folder, whatever folder a build moves to
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    if os.getpgrp() != os.getpid():
        os.setpgid(0, 0)  # lead a process group of our own: it is killed as a whole on the way out
    signal.signal(signal.SIGTERM, _leave)
    shared = running.Services(keep=True)
    server = None
    clean = False
    try:
        shared.start()
        digest = code_digest()
        server = Server(
            protocol.new_token(),
            lambda request, reply: run_build(request, reply, shared),
            tuple(documents.names()),
            idle=idle,
            digest=digest,
        )
        write_state(server.port, server.token, digest, started)
        print(f"politidok-tjener for {folder()}: lytter på 127.0.0.1:{server.port} (pid {os.getpid()})", flush=True)
        server.serve_forever()
        clean = True
    finally:
        if server is not None:
            server.close()
            if clean:  # a running build finishes before its LibreOffice goes, unless it does not finish
                try:
                    clean = server.build_lock.acquire(timeout=BUILD_WAIT)
                except SystemExit:  # SIGTERM while waiting: stop now
                    clean = False
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # from here on, our own group signal must not stop us
        if server is not None:
            info = read_state()
            if info and info.get("pid") == os.getpid():
                forget()
        if clean:
            shared.close()
        else:
            shared.kill()
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGTERM)  # whatever else we started (the preflight JVM)
