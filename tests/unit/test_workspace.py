"""A secretary's working folder (politidok init, found from below as git finds its repository, its
templates against the shipped ones), the package data behind it, and a warm server per folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from support import invoke

from politidok.build import workspace
from politidok.build.workspace import TemplateState
from politidok.core import paths, resources
from politidok.core.errors import InputError


@pytest.mark.slow  # the CLI in a subprocess
def test_the_shipped_data_are_the_repository_files():
    """One source: the package's data folders are links to templates/ and schemas/, not copies."""
    for name in ("templates", "schemas"):
        link = ROOT / "politidok" / "data" / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve()
    assert resources.templates().resolve() == (ROOT / "templates").resolve()
    tracked = subprocess.run(
        ["git", "ls-files", "-s", "politidok/data"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if tracked.returncode == 0 and tracked.stdout:
        assert all(line.startswith("120000") for line in tracked.stdout.splitlines())  # git keeps them as links
    shipped = resources.shipped_template_files()
    assert set(shipped) == {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").glob("*/*.docx")}
    assert (resources.schemas() / "fiks-arkiv-v1" / "kodelister" / "dokumenttype.json").is_file()


def test_the_package_data_cover_every_shipped_file():
    """pyproject's package-data patterns match every file under templates/ and schemas/ (else the wheel misses it)."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["politidok"]
    for top in ("templates", "schemas"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file():
                name = f"data/{path.relative_to(ROOT).as_posix()}"
                assert any(fnmatch.fnmatch(name, p) and name.count("/") == p.count("/") for p in patterns), name


def test_init_makes_a_working_folder(tmp_path, capsys):
    code, text = invoke(["init", str(tmp_path / "rad")], capsys)
    assert code == 0, text
    folder = tmp_path / "rad"
    assert {p.name for p in folder.iterdir()} == {"agreements", "templates", "output", "README.md", "politidok.yaml"}
    for name, source in resources.shipped_template_files().items():
        assert (folder / "templates" / name).read_bytes() == source.read_bytes()
    assert "politidok new-region" not in (folder / "README.md").read_text(encoding="utf-8")
    assert "politidok bygg" in (folder / "README.md").read_text(encoding="utf-8")
    assert all(t.state is TemplateState.SHIPPED for t in workspace.template_status(folder))
    code, text = invoke(["init", str(folder)], capsys)
    assert code == 2 and "er ikke tom" in text
    code, text = invoke(["init", str(folder / "agreements" / "ny")], capsys)
    assert code == 2 and "ligger i arbeidsmappen" in text


def test_the_working_folder_is_found_from_below(tmp_path, monkeypatch):
    folder = workspace.init(tmp_path / "rad")
    below = folder / "agreements" / "x" / "moter"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    found = paths.discover()
    assert (below / found.agreements).resolve() == folder / "agreements"
    assert (below / found.templates).resolve() == folder / "templates"
    assert (below / found.output).resolve() == folder / "output"
    assert paths.discover(output=Path("ut")).output == Path("ut")


def test_without_a_working_folder_the_current_folder_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = paths.discover()
    assert found.agreements == Path("agreements") and found.output == Path("output")
    assert found.templates == resources.templates()  # no templates/ here: the shipped ones
    (tmp_path / "templates").mkdir()
    assert paths.discover().templates == Path("templates")
    monkeypatch.chdir(ROOT)  # this repository: as before
    assert paths.discover() == paths.Paths()


def _ship(monkeypatch, tmp_path, changed: dict[str, bytes]) -> None:
    """Pretend politidok now ships other bytes for some templates."""
    shipped = dict(resources.shipped_template_files())
    for name, data in changed.items():
        new = tmp_path / "levert" / name
        new.parent.mkdir(parents=True, exist_ok=True)
        new.write_bytes(data)
        shipped[name] = new
    monkeypatch.setattr(resources, "shipped_template_files", lambda: shipped)


def test_maler_tells_edited_from_newer_and_updates_only_the_unedited(tmp_path, monkeypatch, capsys):
    folder = workspace.init(tmp_path / "rad")
    (folder / "templates" / "nb" / "referat.docx").write_bytes(b"hennes referat")
    (folder / "templates" / "nb" / "innkalling.docx").write_bytes(b"hennes innkalling")
    (folder / "templates" / "nn" / "moteplan.docx").unlink()
    _ship(monkeypatch, tmp_path, {"nb/referat.docx": b"ny referat", "nb/handlingsplan.docx": b"ny plan"})
    states = {t.name: t.state for t in workspace.template_status(folder)}
    assert states["nb/referat.docx"] is TemplateState.EDITED_AND_NEWER
    assert states["nb/innkalling.docx"] is TemplateState.EDITED
    assert states["nb/handlingsplan.docx"] is TemplateState.NEWER
    assert states["nn/moteplan.docx"] is TemplateState.MISSING
    assert states["nb/samarbeidsavtale.docx"] is TemplateState.SHIPPED

    monkeypatch.chdir(folder / "agreements")
    code, text = invoke(["maler"], capsys)
    assert code == 0
    line = next(x for x in text.splitlines() if "nb/handlingsplan.docx" in x)
    assert "ny versjon fra politidok" in line and "politidok maler oppdater" in line

    code, text = invoke(["maler", "oppdater"], capsys)
    assert code == 0, text
    assert (folder / "templates" / "nb" / "handlingsplan.docx").read_bytes() == b"ny plan"
    assert (folder / "templates" / "nn" / "moteplan.docx").is_file()
    assert (folder / "templates" / "nb" / "referat.docx").read_bytes() == b"hennes referat"  # hers: kept
    assert (folder / "templates" / "nb" / "innkalling.docx").read_bytes() == b"hennes innkalling"
    assert "Beholdt nb/referat.docx" in text
    states = {t.name: t.state for t in workspace.template_status(folder)}
    assert states["nb/handlingsplan.docx"] is TemplateState.SHIPPED

    code, text = invoke(["maler", "oppdater", "--overskriv", "nb/referat.docx"], capsys)
    assert code == 0, text
    assert (folder / "templates" / "nb" / "referat.docx").read_bytes() == b"ny referat"
    assert (folder / "templates" / "nb" / "referat.docx.bak").read_bytes() == b"hennes referat"

    code, text = invoke(["maler", "oppdater", "nb/finnes-ikke.docx"], capsys)
    assert code == 2 and "er ingen mal politidok leverer" in text


def test_a_broken_marker_is_named(tmp_path):
    folder = workspace.init(tmp_path / "rad")
    (folder / "politidok.yaml").write_text("maler: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        workspace.template_status(folder)
    assert "politidok.yaml" in str(caught.value) and "kan ikke leses" in str(caught.value)


def test_each_working_folder_has_its_own_server_entry(tmp_path, monkeypatch):
    from politidok.server import state

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one, two = workspace.init(tmp_path / "en"), workspace.init(tmp_path / "to")
    monkeypatch.chdir(one / "agreements")
    first = state.state_file()
    monkeypatch.chdir(two)
    second = state.state_file()
    assert (
        first != second and first.parent.parent == second.parent.parent == tmp_path / "cache" / "politidok" / "servers"
    )
    monkeypatch.chdir(one)
    assert state.state_file() == first


def test_a_server_refuses_another_folders_build(tmp_path, monkeypatch):
    from politidok.server import daemon, state
    from politidok.server.protocol import Request

    one, two = workspace.init(tmp_path / "en"), workspace.init(tmp_path / "to")
    monkeypatch.setattr(state, "_own_folder", one)
    sent: list[dict] = []

    class Reply:
        gone = False

        def send(self, **answer) -> None:
            sent.append(answer)

        log = progress = None

    built = []
    monkeypatch.setattr("politidok.build.build", lambda *a, **k: built.append(a))
    code = daemon.run_build(Request("build", "x", cwd=str(two)), Reply(), services=None)  # type: ignore[arg-type]
    assert code == 1 and not built
    assert f"denne tjeneren er for {one}" in sent[0]["err"]
    assert os.getcwd() != str(two)


def test_sign_reads_the_passphrase_from_a_file_or_the_environment_never_asks_without_a_terminal(
    tmp_path, monkeypatch, capsys
):
    from politidok.cli import tools

    seen = []
    monkeypatch.setattr("politidok.assemble.sign.sign", lambda pdf, p12, secret, field, out: seen.append(secret))
    pdf, p12 = tmp_path / "a.pdf", tmp_path / "n.p12"
    pdf.write_bytes(b"%PDF")
    p12.write_bytes(b"x")
    secret = tmp_path / "passord"
    secret.write_text("hemmelig\n", encoding="utf-8")
    base = ["signer", str(pdf), "--p12", str(p12), "--felt", "f", "--ut", str(tmp_path / "s.pdf")]
    assert invoke([*base, "--passordfil", str(secret)], capsys)[0] == 0
    monkeypatch.setenv(tools.PASSORD_ENV, "fra-miljoet")
    assert invoke(base, capsys)[0] == 0
    monkeypatch.delenv(tools.PASSORD_ENV)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, text = invoke(base, capsys)
    assert code == 2 and "POLITIDOK_PASSORD" in text and "--passordfil" in text
    assert seen == ["hemmelig", "fra-miljoet"]
