"""A template that links to the outside (issue 24, item 2): a local HTTP server sees zero requests.

A picture linked from http:// and one linked from file:// (TargetMode="External"). The control: plain
LibreOffice with a fresh profile fetches the one and embeds the other. politidok refuses the template in
`check` and in the build, on its own and through the warm server; and its LibreOffice, handed the
document directly (as if a check had missed it), loads neither.
"""

from __future__ import annotations

import http.server
import subprocess
import threading
import zlib
from pathlib import Path
from struct import pack
from typing import ClassVar

import pytest
from conftest import ROOT, copy_args, need, run_cli
from support import IMAGE_BODY, REL_TYPE, part, rezip, wait_until_gone, with_relationship

from politidok.convert import Converter, find_soffice, profiles


class _Log(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = _png()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_OPTIONS = do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


def _png() -> bytes:
    raw = b"".join(b"\0" + b"\xff\0\0" * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture()
def web():
    """A local HTTP server (127.0.0.1 only) that logs every request; stopped by the test's end."""
    _Log.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Log.requests
    server.shutdown()
    server.server_close()


def _linking(source: Path, target: Path, port: int, local_png: Path) -> Path:
    """`source` with two linked pictures: http://127.0.0.1:port/bilde.png and file://local_png."""
    first = with_relationship(
        source, target.with_name("mellom.docx"), "image", f"http://127.0.0.1:{port}/bilde.png", body=IMAGE_BODY
    )
    rels = (
        part(first, "word/_rels/document.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            f'<Relationship Id="rIdY" Type="{REL_TYPE}image" Target="{local_png.as_uri()}" TargetMode="External"/>'
            "</Relationships>",
        )
    )
    document = part(first, "word/document.xml").decode()
    at = document.rindex("<w:sectPr")
    second = IMAGE_BODY.replace("rIdX", "rIdY").replace('id="99"', 'id="98"')
    return rezip(
        first,
        target,
        {
            "word/_rels/document.xml.rels": rels.encode(),
            "word/document.xml": (document[:at] + second + document[at:]).encode(),
        },
    )


def _images(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()[2:])


def test_plain_libreoffice_fetches_and_embeds_linked_pictures(tmp_path, web):
    """The control: without politidok's profile LibreOffice 7.4 fetches and embeds (the probe of the issue)."""
    port, requests = web
    local = tmp_path / "lokal.png"
    local.write_bytes(_png())
    docx = _linking(ROOT / "templates" / "nb" / "innkalling.docx", tmp_path / "lenker.docx", port, local)
    subprocess.run(
        [
            find_soffice(),
            f"-env:UserInstallation={(tmp_path / 'plain').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "ut"),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert any(r.startswith("/bilde.png") for r in requests), requests
    assert _images(tmp_path / "ut" / "lenker.pdf") == 2  # the fetched picture and the local file


def test_politidoks_libreoffice_loads_nothing_from_outside_even_if_a_check_misses_it(tmp_path, web, monkeypatch):
    port, requests = web
    local = tmp_path / "lokal.png"
    local.write_bytes(_png())
    docx = _linking(ROOT / "templates" / "nb" / "innkalling.docx", tmp_path / "lenker.docx", port, local)
    monkeypatch.setattr(profiles, "_profile_root", lambda: tmp_path / "lo-profile")
    with Converter(workers=1) as converter:
        future = converter.submit(docx, tmp_path / "lenker.pdf")
        converter.finish()
        pdf = future.result()
    assert requests == []
    assert _images(pdf) == 0
    assert (
        "Innkalling" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )


def _hostile_templates(region_copy: Path, port: int) -> Path:
    templates = region_copy / "templates"
    template = templates / "nb" / "innkalling.docx"
    local = region_copy / "lokal.png"
    local.write_bytes(_png())
    linked = _linking(template, region_copy / "lenker.docx", port, local)
    template.write_bytes(linked.read_bytes())
    return template


@pytest.mark.parametrize("server", ["off", "on"])
def test_a_linking_template_is_refused_by_check_and_build_and_nothing_is_fetched(region_copy, tmp_path, web, server):
    need("soffice")
    port, requests = web
    _hostile_templates(region_copy, port)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "POLITIDOK_SERVER": server}
    try:
        if server == "on":
            assert run_cli("server", "start", "--idle", "300", env=env).returncode == 0
        checked = run_cli("check", "hallingdal", *copy_args(region_copy), env=env)
        built = run_cli("build", "hallingdal", *copy_args(region_copy), "--output", str(tmp_path / "ut"), env=env)
        if server == "on":
            status = run_cli("server", "status", env=env)
            assert "1 bygg" in status.stdout, status.stdout  # the build went through the warm server
    finally:
        stopped = run_cli("server", "stop", env=env)
    for result in (checked, built):
        assert result.returncode == 2, result.stdout + result.stderr
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "Intern feil" not in text
        assert (
            f"word/_rels/document.xml.rels: malen henter innhold utenfra: et bilde peker på «http://127.0.0.1:{port}/bilde.png»"
            in text
        )
        assert "innkalling.docx" in text and "lokal.png" in text
    assert requests == []
    assert not (tmp_path / "ut" / "hallingdal").exists()
    if server == "on":
        assert "Stoppet den varme tjeneren" in stopped.stdout
        assert wait_until_gone(env) == []
