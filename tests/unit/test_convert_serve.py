"""The job loop both converter back-ends share (convert.base.serve), with a fake conversion."""

from __future__ import annotations

import queue
from concurrent.futures import Future

import pytest

from politidok.convert.base import Failed, serve
from politidok.core.errors import ToolError


def _run(tmp_path, attempt, failed=None):
    jobs: queue.Queue = queue.Queue()
    future: Future = Future()
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"an old file")  # from an earlier try: removed before each attempt
    jobs.put((tmp_path / "a.docx", pdf, future))
    jobs.put(None)
    ticks = []
    serve(jobs, attempt, lambda: ticks.append(1), "LibreOffice", **({"failed": failed} if failed else {}))
    return future, ticks


def test_the_second_try_gives_the_pdf(tmp_path):
    tries = []

    def attempt(docx, pdf, n):
        tries.append((n, pdf.exists()))
        if n == 0:
            raise Failed("LibreOffice stoppet uventet (kode 139).")
        pdf.write_bytes(b"%PDF-1.7")

    future, ticks = _run(tmp_path, attempt)
    assert future.result().read_bytes() == b"%PDF-1.7"
    assert tries == [(0, False), (1, False)] and ticks == [1]


def test_two_failures_name_the_document_and_both_reasons(tmp_path):
    def attempt(docx, pdf, n):
        if n == 1:
            pdf.write_bytes(b"")  # an empty PDF is a failure too
            return
        raise Failed("LibreOffice svarte ikke innen 120 sekunder og ble stoppet.")

    cleaned = []
    future, ticks = _run(tmp_path, attempt, failed=cleaned.append)
    assert cleaned == [0, 1]  # each failed try is cleaned up after, the empty PDF's too
    with pytest.raises(ToolError) as caught:
        future.result()
    message = str(caught.value)
    assert "LibreOffice laget ikke PDF for: a.docx (også etter et nytt forsøk)." in message
    assert "svarte ikke innen 120 sekunder" in message and "PDF-en ble ikke laget eller er tom." in message
    assert ticks == []
