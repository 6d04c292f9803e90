"""What keeps a cold build short (issue 18), tested without LibreOffice: the CLI starts LibreOffice
before it imports the rest of politidok, LibreOffice's profile is seeded so that it skips its
graphics self-test, a build runs no JVM unless asked, calendars are made while LibreOffice
converts, and packages' parts go first. (tests/test_convert_profiles.py starts the real one.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from politidok.build import pipeline, services
from politidok.convert import profiles
from politidok.core.docinfo import DocumentInfo
from politidok.documents import Calendar, Document, Package, PartRef

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # the CLI in a subprocess
def test_the_cli_imports_no_stage_before_it_starts_libreoffice(tmp_path):
    """`politidok build REGION` reaches Services.start() with click, the CLI, the build state and the
    services only: the registry, the models (pydantic), docxtpl and pikepdf are imported while
    LibreOffice boots. (Services.start is replaced: it reports the modules and stops the command.)"""
    code = (
        "import json, sys\n"
        "from politidok.build import services\n"
        "def start(self):\n"
        "    heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'docxtpl', 'pikepdf', 'pypdf',"
        " 'page', 'babel', 'jinja2', 'lxml', 'icalendar') or m.startswith(('politidok.load', 'politidok.documents',"
        " 'politidok.context', 'politidok.render', 'politidok.assemble')))\n"
        "    print(json.dumps(heavy)); sys.stdout.flush(); import os; os._exit(0)\n"
        "services.Services.start = start\n"
        f"sys.argv = ['politidok', 'build', 'hallingdal', '--output', {str(tmp_path)!r}]\n"
        "from politidok.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "POLITIDOK_SERVER": "off"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


@pytest.mark.slow  # the CLI in a subprocess
def test_the_build_choices_still_come_from_the_registry_when_asked():
    proc = subprocess.run(
        [sys.executable, "-m", "politidok", "build", "--only", "ingen-slik", "hallingdal"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "«ingen-slik» er ikke en av" in proc.stderr and "'samarbeidsavtale'" in proc.stderr


def _fake_office(tmp_path: Path, key: str = "ProductKey=LibreOffice 7.4") -> str:
    program = tmp_path / "program"
    program.mkdir()
    (program / "bootstraprc").write_text(f"[Bootstrap]\n{key}\n", encoding="utf-8")
    (program / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    profiles.product_version.cache_clear()
    return str(program / "soffice")


def test_a_new_profile_is_seeded_so_libreoffice_skips_its_graphics_self_test(tmp_path):
    soffice = _fake_office(tmp_path)
    profile = tmp_path / "profile"
    profiles.seed(profile, soffice)
    text = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>') and text.rstrip().endswith("</oor:items>")
    assert '<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>7.4</value></prop>' in text


def test_a_used_profile_keeps_its_settings_and_gets_the_running_version(tmp_path):
    soffice = _fake_office(tmp_path)
    registry = tmp_path / "profile" / "user" / "registrymodifications.xcu"
    registry.parent.mkdir(parents=True)
    registry.write_text(
        profiles.EMPTY_REGISTRY.replace(
            "</oor:items>",
            (
                '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">'
                "<value>false</value></prop></item>\n"
                '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
                "<value>7.3</value></prop></item>\n</oor:items>"
            ),
        ),
        encoding="utf-8",
    )
    profiles.seed(tmp_path / "profile", soffice)
    text = registry.read_text(encoding="utf-8")
    assert "FirstRun" in text and "<value>7.4</value>" in text and "<value>7.3</value>" not in text
    assert text.count("ooSetupLastVersion") == 1
    before = registry.stat().st_mtime_ns
    profiles.seed(tmp_path / "profile", soffice)  # already right: not written again
    assert registry.stat().st_mtime_ns == before


def test_a_registry_that_is_not_utf8_is_left_to_libreoffice(tmp_path):
    soffice = _fake_office(tmp_path)
    registry = tmp_path / "profile" / "user" / "registrymodifications.xcu"
    registry.parent.mkdir(parents=True)
    registry.write_bytes(b"\xff\xfe<oor:items>")
    profiles.seed(tmp_path / "profile", soffice)  # no exception: the build goes on, LibreOffice starts slower
    assert registry.read_bytes() == b"\xff\xfe<oor:items>"


def test_an_unknown_libreoffice_gets_no_version_but_the_settings_that_keep_the_outside_out(tmp_path):
    soffice = _fake_office(tmp_path, key="ProductKey=Something")
    profiles.seed(tmp_path / "profile", soffice)
    text = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert "ooSetupLastVersion" not in text
    assert '<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop>' in text


def test_every_profile_is_set_to_load_nothing_from_outside_and_run_no_macros(tmp_path):
    """Issue 24: the settings are there in a new profile, and put back in one where they were changed."""
    soffice = _fake_office(tmp_path)
    registry = tmp_path / "profile" / "user" / "registrymodifications.xcu"
    registry.parent.mkdir(parents=True)
    registry.write_text(
        profiles.EMPTY_REGISTRY.replace(
            "</oor:items>",
            '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks"'
            ' oor:op="fuse"><value>false</value></prop></item>\n</oor:items>',
        ),
        encoding="utf-8",
    )
    profiles.seed(tmp_path / "profile", soffice)
    text = registry.read_text(encoding="utf-8")
    for path, name, value in [
        ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
        ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
        ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
        ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),
    ]:
        item = f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        assert text.count(f'oor:path="{path}"><prop oor:name="{name}"') == 1 and item in text, name


def test_a_build_starts_no_jvm_unless_asked(monkeypatch):
    monkeypatch.delenv("POLITIDOK_PDFBOX", raising=False)
    monkeypatch.setattr(services.preflight, "available", lambda: True)
    started = []
    monkeypatch.setattr(services.preflight, "Preflighter", lambda: started.append(1) or "jvm")
    assert services.Services().checker() is None and not started
    monkeypatch.setenv("POLITIDOK_PDFBOX", "1")
    assert services.Services(keep=True).checker() is None and not started  # the warm server: never
    assert services.Services().checker() == "jvm" and started == [1]


def test_a_calendar_is_planned_as_an_event_and_written_once(monkeypatch):
    """Planning makes no .ics bytes (icalendar costs 40 ms before the first conversion); the build makes
    them while LibreOffice converts, each calendar once."""
    from politidok.archive import ics
    from politidok.build import engine
    from politidok.core.docinfo import CalendarEvent
    from politidok.documents import Plan

    event = CalendarEvent("x@y.politidok", "Politirådet i X", None, "Saksliste:", date(2025, 3, 11), "09.00", None)
    cal = Calendar("kalender-x", "Kalender", "nb", event)
    made = []
    monkeypatch.setattr(ics, "calendar_bytes", lambda e: made.append(e) or b"BEGIN:VCALENDAR")
    todo = Plan((), (), (cal,))
    first = engine._calendar_files(todo)
    assert first == {"kalender-x": b"BEGIN:VCALENDAR"} and made == [event]
    assert engine._calendar_files(todo, first) == {} and made == [event]  # not made twice


def _doc(stem: str) -> Document:
    return Document(
        kind="referat",
        stem=stem,
        template=Path("t.docx"),
        context={},
        info=DocumentInfo(stem, "nb-NO", date(2025, 1, 1)),
        malform="nb",
        inputs=(),
    )


def test_the_parts_of_packages_are_converted_first_in_plan_order():
    docs = [_doc(s) for s in ("avtale", "innkalling-1", "referat-1", "rapport", "saksframlegg")]
    info = DocumentInfo("Pakke", "nb-NO", date(2025, 1, 1))
    packs = [
        Package(
            stem="pakke-1",
            info=info,
            malform="nb",
            parts=(PartRef("Saksframlegg", "saksframlegg"), PartRef("Rapport", "rapport")),
        ),
        Package(
            stem="pakke-2",
            info=info,
            malform="nb",
            parts=(PartRef("Innkalling", "innkalling-1"), PartRef("Vedlegg", None, Path("v.pdf"))),
        ),
    ]
    order = [d.stem for d in pipeline.conversion_order(docs, packs)]
    assert order == ["innkalling-1", "rapport", "saksframlegg", "avtale", "referat-1"]
    assert [d.stem for d in pipeline.conversion_order(docs, [])] == [d.stem for d in docs]
