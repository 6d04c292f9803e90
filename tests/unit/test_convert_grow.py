"""The UNO back-end starts one more LibreOffice at finish() only when many documents wait (fakes, no LibreOffice)."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from politidok.convert import uno_backend


class FakeOffice:
    def __init__(self, gate: threading.Event) -> None:
        self.gate, self.jobs = gate, 0
        self.proc = self

    def poll(self):
        return None

    def convert(self, docx: Path, pdf: Path, limit: float) -> None:
        self.gate.wait(10)
        pdf.write_bytes(b"%PDF-1.7 fake")
        self.jobs += 1

    def stop(self) -> None:
        pass


@pytest.mark.parametrize("waiting, offices", [(3, 1), (24, 1), (40, 2)])
def test_one_more_office_for_a_long_queue(tmp_path, monkeypatch, waiting, offices):
    gate = threading.Event()
    started = []
    monkeypatch.setattr(uno_backend.UnoBackend, "_start", lambda self: started.append(FakeOffice(gate)) or started[-1])
    backend = uno_backend.UnoBackend("python", "soffice", 1, 10, lambda: None, most=2)
    futures = []
    for i in range(waiting):
        future: Future = Future()
        backend.submit(tmp_path / f"{i}.docx", tmp_path / f"{i}.pdf", future)
        futures.append(future)
    backend.finish()
    assert len(backend.offices) == offices
    gate.set()
    assert all(f.result(timeout=10).read_bytes().startswith(b"%PDF") for f in futures)
    backend.close()
    assert len(started) == offices
