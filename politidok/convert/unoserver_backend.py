"""The unoserver back-end: conversion by one or more unoserver instances, local or remote.

Selected by configuration, `POLITIDOK_CONVERTER=unoserver:HOST:PORT[,HOST:PORT…]`. Each
instance (PyPI `unoserver`: a LibreOffice behind a small XML-RPC server, one document at a
time) gets a thread of its own taking documents from one queue, so N instances convert N
documents side by side. The .docx goes to the server as bytes and the PDF comes back as bytes:
the instances need not share politidok's file system (a county's conversion service on other
machines, or a load balancer in front of several instances, see docs/konvertering.md).

The calls speak unoserver's XML-RPC protocol (API version 3, `unoserver.client.API_VERSION`)
with the standard library's client and a timeout per call; unoserver's own UnoClient has no
timeout and asks the server for its filter lists before every document. Export options are the
embedded back-end's (convert.base.PDF_OPTIONS): PDF/A-2b, tagged. A document that fails or runs
past the timeout is retried once, on the next instance. The default stays the embedded LibreOffice (convert.uno_backend).
"""

from __future__ import annotations

import http.client
import queue
import threading
import xmlrpc.client
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from politidok.convert.base import DEFAULT_TIMEOUT, PDF_OPTIONS, Failed, serve
from politidok.core.errors import ToolError

API_VERSION = "3"  # unoserver.client.API_VERSION of the versions this speaks to (unoserver 2.x-3.x)
SCHEME = "unoserver:"


def endpoints(setting: str) -> list[tuple[str, int]]:
    """`unoserver:HOST:PORT[,HOST:PORT…]` -> [(host, port), …] (ToolError with the setting's problem)."""
    if not setting.startswith(SCHEME):
        raise ToolError(f"POLITIDOK_CONVERTER={setting}: ukjent omformer (kjente: «unoserver:VERT:PORT,…»).")
    found = []
    for item in setting[len(SCHEME) :].split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ToolError(f"POLITIDOK_CONVERTER={setting}: «{item}» er ikke VERT:PORT.")
        found.append((host.strip("[]"), int(port)))
    return found


def filter_options() -> list[str]:
    """PDF_OPTIONS as unoserver's "Name=value" strings (it turns true/false and digits back into values)."""
    return [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in PDF_OPTIONS.items()]


class _Transport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        return conn


class Instance:
    """One unoserver: checked once (its API version), then sent one document after another."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.checked = False

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{self.host}:{self.port}", transport=_Transport(timeout), allow_none=True
        )

    def convert(self, docx: Path, pdf: Path, limit: float) -> None:
        try:
            with self._proxy(limit) as proxy:
                if not self.checked:
                    info = proxy.info()
                    api = info.get("api") if isinstance(info, dict) else None
                    if api != API_VERSION:
                        raise Failed(f"unoserver på {self.name} bruker API {api}, politidok kan API {API_VERSION}.")
                    self.checked = True
                data = proxy.convert(
                    None,
                    xmlrpc.client.Binary(docx.read_bytes()),
                    None,
                    "pdf",
                    "writer_pdf_Export",
                    filter_options(),
                    False,
                    None,
                    None,
                )
        except TimeoutError:
            raise Failed(f"unoserver på {self.name} svarte ikke innen {limit:.0f} sekunder.") from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise Failed(f"fikk ikke kontakt med unoserver på {self.name} ({exc}).") from None
        except xmlrpc.client.Fault as exc:
            raise Failed(f"unoserver på {self.name} kunne ikke konvertere: {exc.faultString.strip()[-300:]}") from None
        if not isinstance(data, xmlrpc.client.Binary):
            raise Failed(f"unoserver på {self.name} sendte ingen PDF tilbake.")
        pdf.write_bytes(data.data)


class UnoserverBackend:
    """One thread per unoserver instance, taking documents from one queue; a failure is retried once elsewhere."""

    def __init__(self, setting: str, timeout: float | None, tick: Callable[[], None]) -> None:
        self.instances = [Instance(h, p) for h, p in endpoints(setting)]
        self.timeout, self.tick = timeout or DEFAULT_TIMEOUT, tick
        self.jobs: queue.Queue = queue.Queue()
        self.threads = [
            threading.Thread(target=self._serve, args=(i,), daemon=True) for i in range(len(self.instances))
        ]
        for thread in self.threads:
            thread.start()

    @property
    def workers(self) -> int:
        return len(self.instances)

    def submit(self, docx: Path, pdf: Path, future: Future) -> None:
        self.jobs.put((docx, pdf, future))

    def finish(self) -> None:
        """Nothing to do: documents are converted as they come."""

    def _serve(self, index: int) -> None:
        serve(
            self.jobs,
            lambda docx, pdf, n: self._instance(index, n).convert(docx, pdf, self.timeout),
            self.tick,
            "LibreOffice (unoserver)",
            failed=lambda n: setattr(self._instance(index, n), "checked", False),
        )

    def _instance(self, index: int, n: int) -> Instance:
        """Try n goes to the next instance (the same one when there is only one)."""
        return self.instances[(index + n) % len(self.instances)]

    def close(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
