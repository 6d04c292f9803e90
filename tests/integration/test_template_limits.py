"""A template that runs away (issue 24, item 3) does not wedge the warm server: the build stops at the
render's time limit with a Norwegian message naming the paragraph, the server builds on, and
`server stop` stops it and its LibreOffices."""

from __future__ import annotations

import time

from conftest import copy_args, need, run_cli
from support import wait_until_gone, with_paragraph

from politidok.render.limits import LIMITS

# passes the lint (no unknown names), stays under the loop rounds, and takes minutes: only the clock stops it
SLOW = "{% for a in 'x'*99000 %}{{ ('y'*900000)|replace('y', 'z')|length }}{% endfor %}"


def test_a_runaway_render_stops_at_its_time_limit_and_the_warm_server_lives_on(region_copy, tmp_path):
    need("soffice")
    template = region_copy / "templates" / "nb" / "innkalling.docx"
    original = template.read_bytes()
    with_paragraph(template, tmp_path / "treg.docx", SLOW)
    template.write_bytes((tmp_path / "treg.docx").read_bytes())
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "POLITIDOK_SERVER": "on"}
    out = tmp_path / "ut"
    try:
        assert run_cli("server", "start", "--idle", "300", env=env).returncode == 0
        started = time.monotonic()
        built = run_cli("build", "hallingdal", *copy_args(region_copy), "--output", str(out), env=env)
        took = time.monotonic() - started
        assert built.returncode == 2, built.stdout + built.stderr
        assert took < LIMITS.seconds * 3, took
        assert "innkalling.docx, avsnitt " in built.stderr and f"«{SLOW[:40]}" in built.stderr
        assert "malen brukte mer enn 10 sekunder på å fylles ut og ble stoppet" in built.stderr
        assert "Traceback" not in built.stderr and "Intern feil" not in built.stderr
        assert not (out / "hallingdal").exists()
        # the server is not wedged: it answers, and builds the fixed template
        template.write_bytes(original)
        again = run_cli(
            "build", "hallingdal", *copy_args(region_copy), "--output", str(out), "--only", "samarbeidsavtale", env=env
        )
        assert again.returncode == 0, again.stderr
        assert "2 bygg" in run_cli("server", "status", env=env).stdout
    finally:
        stopped = run_cli("server", "stop", env=env)
    assert stopped.returncode == 0 and "Stoppet den varme tjeneren." in stopped.stdout
    assert wait_until_gone(env) == []
